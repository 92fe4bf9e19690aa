#!/usr/bin/env node
// CommonJS (bin/package.json), like the bundle: no ES module loader to set up.
// Node's compile cache where the Node version has it (22.8 and later); older
// versions are not asked, as loading node:module alone costs a start-up 3 %.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major > 22 || (major === 22 && minor >= 8)) require('node:module').enableCompileCache?.();
require('../dist/balance.cjs');
