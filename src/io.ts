// The process's streams and environment, gathered in one object so commands
// and renderers take them as inputs instead of reading globals.
import { redact } from './core/redact.js';
import type { Prompter } from './prompt.js';

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
  /** All of standard input as text (for --with-stdin). */
  readStdin(): Promise<string>;
  /** Questions on the terminal, written to stderr; hidden answers are not echoed. */
  openPrompter(): Promise<Prompter>;
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
    async readStdin() {
      let text = '';
      process.stdin.setEncoding('utf8');
      for await (const chunk of process.stdin) text += chunk as string;
      return text;
    },
    async openPrompter() {
      const { createPrompter } = await import('./prompt.js');
      return createPrompter(process.stdin, process.stderr);
    },
  };
}
