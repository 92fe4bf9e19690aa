// Runs the built binary as a long-lived child whose stdout is a pipe, and
// hands out its output line by line: for `--watch` into a pipe (NDJSON).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { allOutputs, binaryArgs, isolatedEnv, logRun } from './harness.js';

export interface StreamingRun {
  readonly child: ChildProcessWithoutNullStreams;
  /** The next complete stdout line (without "\n"); rejects after timeoutMs or when the process ends first. */
  nextLine(timeoutMs?: number): Promise<string>;
  stderr(): string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function streamBalance(args: readonly string[], env: Record<string, string | undefined> = {}): StreamingRun {
  const child = spawn(process.execPath, binaryArgs(args), { env: isolatedEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  let buffered = '';
  let stdout = ''; // everything, for the secret grep; `lines` only holds what is not yet read
  let stderr = '';
  const lines: string[] = [];
  const waiting: ((line: string | null) => void)[] = [];
  let ended = false;
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => {
      ended = true;
      allOutputs.push(stdout, stderr);
      logRun({ args: [...args], stdout, stderr });
      for (const wake of waiting.splice(0)) wake(null);
      resolve({ code, signal });
    });
  });
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    buffered += chunk;
    let newline = buffered.indexOf('\n');
    while (newline !== -1) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      const wake = waiting.shift();
      if (wake === undefined) lines.push(line);
      else wake(line);
      newline = buffered.indexOf('\n');
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));

  return {
    child,
    nextLine(timeoutMs = 15_000) {
      const ready = lines.shift();
      if (ready !== undefined) return Promise.resolve(ready);
      if (ended) return Promise.reject(new Error(`balance ended before printing another line; stderr: ${stderr}`));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no line from balance within ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
        waiting.push((line) => {
          clearTimeout(timer);
          if (line === null) reject(new Error(`balance ended before printing another line; stderr: ${stderr}`));
          else resolve(line);
        });
      });
    },
    stderr: () => stderr,
    exited: () => exit,
  };
}
