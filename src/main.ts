// Entry point of the bundle: run the CLI and leave with its exit code. (No
// top-level await: the bundle is CommonJS, see scripts/build.mjs.)
import { main } from './cli.js';
import { ExitCode } from './base/errors.js';

// Ctrl-C or a `kill` mid-request: leave at once with the conventional code.
// Output is written in one piece at the end, so there is nothing half-written
// to undo; anything in flight is simply dropped. A command that handles the
// signal itself (--watch restores the terminal first) adds its own listener,
// and then this one steps aside.
for (const [signal, code] of [
  ['SIGINT', ExitCode.interrupted],
  ['SIGTERM', ExitCode.terminated],
] as const) {
  process.on(signal, () => {
    if (process.listenerCount(signal) === 1) process.exit(code);
  });
}

void main(process.argv).then((code) => {
  process.exitCode = code;
});
