// Entry point of the bundle: run the CLI and leave with its exit code. (No
// top-level await: the bundle is CommonJS, see scripts/build.mjs.)
import { main } from './cli.js';

void main(process.argv).then((code) => {
  process.exitCode = code;
});
