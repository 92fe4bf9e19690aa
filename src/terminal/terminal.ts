// The interactive side of the terminal, for --watch: key presses (raw mode),
// size changes and stop signals. Output still goes through Io. Each listener
// returns the function that removes it and restores what it changed.
import { fstatSync } from 'node:fs';

export type StopSignal = 'SIGINT' | 'SIGTERM';

export interface Terminal {
  size(): { columns: number; rows: number };
  /** Whether stderr is the terminal stdout draws on (not redirected elsewhere, as by 2>file). */
  stderrIsScreen(): boolean;
  /** Switches stdin to raw mode and passes each key on, until the returned function restores it. */
  readKeys(onKey: (key: string) => void): () => void;
  onResize(callback: () => void): () => void;
  onSignal(callback: (signal: StopSignal) => void): () => void;
}

export function processTerminal(): Terminal {
  return {
    size: () => ({ columns: process.stdout.columns ?? 80, rows: process.stdout.rows ?? 24 }),
    stderrIsScreen() {
      // The same terminal device behind both descriptors.
      try {
        const out = fstatSync(1);
        const err = fstatSync(2);
        return out.isCharacterDevice() && err.isCharacterDevice() && out.rdev === err.rdev;
      } catch {
        return false;
      }
    },
    readKeys(onKey) {
      const stdin = process.stdin;
      // Without a terminal on stdin there are no keys; Ctrl-C still arrives as SIGINT.
      if (!stdin.isTTY) return () => {};
      const listener = (chunk: string): void => {
        for (const key of chunk) onKey(key);
      };
      stdin.setRawMode(true);
      stdin.setEncoding('utf8');
      stdin.on('data', listener);
      stdin.resume();
      return () => {
        stdin.off('data', listener);
        stdin.setRawMode(false);
        stdin.pause();
      };
    },
    onResize(callback) {
      process.stdout.on('resize', callback);
      return () => void process.stdout.off('resize', callback);
    },
    onSignal(callback) {
      const onInt = (): void => callback('SIGINT');
      const onTerm = (): void => callback('SIGTERM');
      process.on('SIGINT', onInt);
      process.on('SIGTERM', onTerm);
      return () => {
        process.off('SIGINT', onInt);
        process.off('SIGTERM', onTerm);
      };
    },
  };
}
