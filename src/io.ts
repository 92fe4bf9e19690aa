// The process's streams and environment, gathered in one object so commands
// and renderers take them as inputs instead of reading globals.
import { redact } from './core/redact.js';

export interface Io {
  /** Writes data to stdout. */
  out(text: string): void;
  /** Writes a message to stderr (secrets masked). */
  err(text: string): void;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  readonly stdinIsTTY: boolean;
  /** Terminal width, or 80 when unknown. */
  readonly columns: number;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export function processIo(): Io {
  return {
    out: (text) => void process.stdout.write(redact(text)),
    err: (text) => void process.stderr.write(redact(text)),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    stdinIsTTY: process.stdin.isTTY === true,
    columns: process.stdout.columns ?? 80,
    env: process.env,
  };
}
