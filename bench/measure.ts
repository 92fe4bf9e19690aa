// Running one command as a fresh process: its wall time, its output, and —
// through GNU time, where there is one — its peak resident set size.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Command {
  readonly file: string;
  readonly args: readonly string[];
  /** The whole environment of the child; nothing is inherited. */
  readonly env: Readonly<Record<string, string>>;
  readonly cwd?: string;
}

export interface Run {
  readonly ms: number;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

const TIMEOUT_MS = 60_000;

/**
 * Runs the command once; `ms` is from spawn to exit, as the shell would see
 * it. stdin is /dev/null unless `input` is given.
 */
export function runOnce(command: Command, wrapper: readonly string[] = [], input?: string): Promise<Run> {
  const [file, ...args] = [...wrapper, command.file, ...command.args];
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    let ms = 0;
    const child = spawn(file!, args, {
      env: command.env,
      ...(command.cwd === undefined ? {} : { cwd: command.cwd }),
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    child.stdin?.end(input);
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.on('error', reject);
    child.on('exit', () => (ms = Number(process.hrtime.bigint() - started) / 1e6));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ ms, code, signal, stdout, stderr });
    });
  });
}

export interface RssMeter {
  /** Runs the command once and returns its peak RSS in kilobytes. */
  measure(command: Command): Promise<number>;
  close(): void;
}

const GNU_TIME = '/usr/bin/time';

/**
 * Peak RSS needs the child's rusage, which Node does not expose; GNU time
 * reports it (`%M`, kilobytes). Undefined when there is no GNU time, so the
 * bench says "not measured" instead of guessing.
 */
export function gnuTimeRssMeter(): RssMeter | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'balance-bench-rss-'));
  const file = join(dir, 'rss');
  const probe = spawnSync(GNU_TIME, ['-f', '%M', '-o', file, process.execPath, '-e', '0'], { stdio: 'ignore' });
  if (probe.status !== 0 || readKb(file) === undefined) {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  return {
    async measure(command) {
      const run = await runOnce(command, [GNU_TIME, '-f', '%M', '-o', file]);
      if (run.code !== 0) throw new Error(`${command.file} ${command.args.join(' ')} failed under ${GNU_TIME}: ${run.stderr}`);
      const kb = readKb(file);
      if (kb === undefined) throw new Error(`${GNU_TIME} wrote no peak RSS`);
      return kb;
    },
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function readKb(file: string): number | undefined {
  try {
    const kb = Number(readFileSync(file, 'utf8').trim().split('\n').at(-1));
    return Number.isFinite(kb) && kb > 0 ? kb : undefined;
  } catch {
    return undefined;
  }
}
