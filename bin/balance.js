#!/usr/bin/env node
// CommonJS (bin/package.json), like the bundle: no ES module loader to set up.
// Node's compile cache where the Node version has it (22.8 and later).
require('node:module').enableCompileCache?.();
require('../dist/balance.cjs');
