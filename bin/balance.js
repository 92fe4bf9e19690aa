#!/usr/bin/env node
import "../dist/balance.js";
