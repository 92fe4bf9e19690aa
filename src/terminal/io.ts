// src/terminal/ is what a command needs of the process: its streams and
// environment (this file), questions without echo (prompt) and raw keys,
// resize and signals (terminal). It imports only src/base/.
//
// The process's streams and environment, gathered in one object so commands
// and renderers take them as inputs instead of reading globals.
import { fstatSync, writeSync } from 'node:fs';
import { redact } from '../base/redact.js';
import type { Prompter } from './prompt.js';

export interface Io {
  /**
   * Writes data to stdout, unaltered: data is never rewritten (a secret that
   * happened to equal digits of an amount must not corrupt the amount).
   */
  out(text: string): void;
  /** Writes a message to stderr (secrets masked). */
  err(text: string): void;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  readonly stdinIsTTY: boolean;
  /** Terminal width, or 80 when unknown. */
  readonly columns: number;
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Standard input as text (for --with-stdin): all of it, or with `maxLines`
   * no more once that many lines have ended (a pipe left open is not waited on).
   */
  readStdin(maxLines?: number): Promise<string>;
  /** Questions on the terminal, written to stderr; hidden answers are not echoed. */
  openPrompter(): Promise<Prompter>;
}

export function processIo(): Io {
  return {
    out: (text) => writeStdout(text),
    err: (text) => void process.stderr.write(redact(text)),
    // Asked when needed, of the file descriptors: no stream is set up for it.
    get stdoutIsTTY() {
      return isTerminal(1);
    },
    get stderrIsTTY() {
      return isTerminal(2);
    },
    get stdinIsTTY() {
      return isTerminal(0);
    },
    get columns() {
      return (isTerminal(1) ? process.stdout.columns : undefined) ?? 80;
    },
    env: process.env,
    async readStdin(maxLines) {
      let text = '';
      let ended = 0;
      process.stdin.setEncoding('utf8');
      for await (const chunk of process.stdin) {
        text += chunk as string;
        ended += (chunk as string).split('\n').length - 1;
        // Leaving the loop closes stdin: what comes after is not read.
        if (maxLines !== undefined && ended >= maxLines) break;
      }
      return text;
    },
    async openPrompter() {
      const { createPrompter } = await import('./prompt.js');
      return createPrompter(process.stdin, process.stderr);
    },
  };
}

/**
 * Whether stdin, stdout or stderr is a terminal. Only a character device can
 * be, so a pipe or a file is answered without setting up the stream (and
 * loading node:tty and node:net with it).
 */
function isTerminal(fd: 0 | 1 | 2): boolean {
  try {
    if (!fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  return (fd === 0 ? process.stdin : fd === 1 ? process.stdout : process.stderr).isTTY === true;
}

let stdoutStream: NodeJS.WriteStream | undefined;

/**
 * Writes to stdout synchronously, without setting up `process.stdout` (a
 * stream that costs a short command a sixth of its start-up). A pipe that is
 * full and non-blocking (EAGAIN) hands the rest to the stream, which then
 * carries everything after it, so nothing is reordered. A closed pipe
 * (`balance show | head -1`) is not an error worth a message: the process ends
 * quietly with the exit code it has.
 */
function writeStdout(text: string): void {
  if (stdoutStream !== undefined) {
    stdoutStream.write(text);
    return;
  }
  let rest = Buffer.from(text, 'utf8');
  while (rest.length > 0) {
    try {
      rest = rest.subarray(writeSync(1, rest));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') process.exit(process.exitCode ?? 0);
      if (code !== 'EAGAIN') throw error;
      stdoutStream = process.stdout;
      stdoutStream.on('error', (streamError: NodeJS.ErrnoException) => {
        if (streamError.code === 'EPIPE') process.exit(process.exitCode ?? 0);
        throw streamError;
      });
      stdoutStream.write(rest);
      return;
    }
  }
}
