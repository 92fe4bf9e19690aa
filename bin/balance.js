#!/usr/bin/env node
// CommonJS (bin/package.json), like the bundle: no ES module loader to set up.
'use strict';
const { fstatSync, readFileSync, writeSync } = require('node:fs');
const { join } = require('node:path');

const dist = join(__dirname, '..', 'dist');
const args = process.argv.slice(2);

// `balance --help` and `--version` print static text. Into a pipe or a file
// (width 80) it is the text the build had the command line write
// (dist/static-output.json), printed without loading the command line; on a
// terminal the command line runs, as help is wrapped to the terminal's width.
if (args.length === 1 && ['--help', '-h', '--version', '-V'].includes(args[0]) && !isCharacterDevice(1)) {
  const saved = JSON.parse(readFileSync(join(dist, 'static-output.json'), 'utf8'));
  // The version line names the Node.js and platform running it, not the build's.
  const text = saved[args[0]].replace(saved.runtime, `(node ${process.version}, ${process.platform}-${process.arch})`);
  let rest = Buffer.from(text, 'utf8');
  try {
    while (rest.length > 0) rest = rest.subarray(writeSync(1, rest));
  } catch (error) {
    // A closed pipe ends quietly, as in the command line; a full one takes the rest as a stream.
    if (error.code !== 'EPIPE') {
      if (error.code !== 'EAGAIN') throw error;
      process.stdout.write(rest);
    }
  }
} else {
  // Node's compile cache where the Node version has it (22.8 and later), in
  // balance's own cache folder; elsewhere the bundles are compiled through
  // V8's code cache by dist/code-cache.cjs (src/code-cache.ts).
  const codeCache = require(join(dist, 'code-cache.cjs'));
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major > 22 || (major === 22 && minor >= 8)) {
    const dir = codeCache.codeCacheDir();
    require('node:module').enableCompileCache?.(dir === undefined ? undefined : join(dir, 'node'));
  }
  codeCache.requireCached(join(dist, 'balance.cjs'));
}

function isCharacterDevice(fd) {
  try {
    return fstatSync(fd).isCharacterDevice();
  } catch {
    return false;
  }
}
