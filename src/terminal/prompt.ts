// Questions on the terminal, on stderr (stdout carries data only). A hidden
// question does not echo what is typed: readline's echo goes through a stream
// that is muted while the answer is typed.
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

export interface Prompter {
  ask(question: string, options?: { hidden?: boolean }): Promise<string>;
  close(): void;
}

/** Ctrl-C at a prompt. */
export class PromptInterrupted extends Error {
  override readonly name = 'PromptInterrupted';
}

/** The input ended (Ctrl-D) before an answer. */
export class PromptEnded extends Error {
  override readonly name = 'PromptEnded';
}

export function createPrompter(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Prompter {
  let muted = false;
  const echo = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      if (!muted) output.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input, output: echo, terminal: true });
  let pending: { reject: (error: Error) => void } | null = null;
  let closed = false;
  rl.on('SIGINT', () => {
    muted = false;
    output.write('\n');
    pending?.reject(new PromptInterrupted('interrupted'));
    pending = null;
  });
  rl.on('close', () => {
    closed = true;
    pending?.reject(new PromptEnded('input ended'));
    pending = null;
  });

  return {
    ask(question, options = {}) {
      return new Promise((resolve, reject) => {
        pending = { reject };
        rl.question(question, (answer) => {
          pending = null;
          if (muted) {
            muted = false;
            output.write('\n');
          }
          resolve(answer);
        });
        // The question itself has been written; what is typed now is not echoed.
        muted = options.hidden === true;
      });
    },
    close() {
      muted = false;
      pending = null;
      if (!closed) rl.close();
    },
  };
}
