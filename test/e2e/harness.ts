// Runs the built `balance` binary as a child process with a clean, isolated
// environment: no inherited provider variables, a temporary HOME and config
// directory, the keyring off.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, chmodSync, cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inject } from 'vitest';
import type { LoggedRun } from './outputs.js';

export const BIN = resolve(import.meta.dirname, '../../bin/balance.js');

/** Preloaded into every run: refuses connections beyond loopback (see the file). */
export const LOOPBACK_GUARD = resolve(import.meta.dirname, 'loopback-only.cjs');

/** How to start the binary: node, the guard, then bin/balance.js. */
export function binaryArgs(args: readonly string[], options: { guard?: boolean; otherUser?: boolean } = {}): string[] {
  const root = options.otherUser === true ? copyForOtherUsers() : null;
  const guard = root === null ? LOOPBACK_GUARD : join(root, 'loopback-only.cjs');
  const bin = root === null ? BIN : join(root, 'bin', 'balance.js');
  return [...(options.guard === false ? [] : ['--require', guard]), bin, ...args];
}

let otherUsersCopy: string | null = null;

/**
 * The binary as another user (setpriv) can read it: the clone may sit in a
 * folder only its owner can enter (a fresh mktemp -d is 0700), so bin/, dist/
 * and the guard are copied once into a folder everyone may read.
 */
function copyForOtherUsers(): string {
  if (otherUsersCopy !== null) return otherUsersCopy;
  const root = mkdtempSync(join(tmpdir(), 'balance-e2e-readable-'));
  cpSync(resolve(BIN, '..'), join(root, 'bin'), { recursive: true });
  cpSync(resolve(BIN, '../../dist'), join(root, 'dist'), { recursive: true });
  cpSync(LOOPBACK_GUARD, join(root, 'loopback-only.cjs'));
  chmodSync(root, 0o755);
  otherUsersCopy = root;
  return root;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface RunOptions {
  /** false only where what the process loads is measured (the guard loads node:net). */
  loopbackGuard?: boolean;
  env?: Record<string, string | undefined>;
  input?: string;
  timeoutMs?: number;
  cwd?: string;
  /** Write `input` and leave stdin open (a pipe whose writer goes on): it is closed when the process ends. */
  keepStdinOpen?: boolean;
  /** Run as this user id (and its group id), through setpriv: for a store owned by someone else. */
  uid?: number;
}

/** Every output of every run, so a test can grep them all for secrets. */
export const allOutputs: string[] = [];

/**
 * Every run is also appended to the suite's output log, which the global
 * teardown (outputs.ts) greps for every test secret.
 */
/** Appends one run's output to the log the global teardown greps for secrets (test/e2e/outputs.ts). */
export function logRun(run: LoggedRun): void {
  const dir = inject('balanceOutputLog');
  if (dir === undefined) throw new Error('No output log: the vitest config must list test/e2e/outputs.ts in globalSetup.');
  appendFileSync(join(dir, `${process.pid}.jsonl`), `${JSON.stringify(run)}\n`);
}

export function isolatedEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const home = mkdtempSync(join(tmpdir(), 'balance-home-'));
  const base: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: home,
    BALANCE_CONFIG_DIR: join(home, 'config'),
    XDG_CONFIG_HOME: join(home, '.config'),
    BALANCE_KEYRING: 'off',
    LANG: 'C.UTF-8',
    ...extra,
  };
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) if (value !== undefined) env[key] = value;
  return env;
}

export interface RunningBalance {
  readonly child: ChildProcess;
  /** Settles when the process has ended and its output is closed. */
  readonly done: Promise<RunResult>;
}

/** Starts the binary and returns at once, for tests that act while it runs (signals). */
export function startBalance(args: readonly string[], options: RunOptions = {}): RunningBalance {
  const env = isolatedEnv(options.env);
  const started = Date.now();
  const argv = binaryArgs(args, { guard: options.loopbackGuard !== false, otherUser: options.uid !== undefined });
  const asUser = options.uid === undefined ? [] : ['--reuid', String(options.uid), '--regid', String(options.uid), '--clear-groups', process.execPath];
  const child = spawn(asUser.length === 0 ? process.execPath : 'setpriv', [...asUser, ...argv], {
    env,
    cwd: options.cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const done = new Promise<RunResult>((resolvePromise, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      allOutputs.push(stdout, stderr);
      logRun({ args, stdout, stderr });
      resolvePromise({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
  // A command that ends before reading its input (a usage error) closes the
  // pipe first: that EPIPE is not the test's concern.
  child.stdin.on('error', () => undefined);
  if (options.keepStdinOpen === true) {
    child.stdin.write(options.input ?? '');
    child.on('exit', () => child.stdin.destroy());
  } else {
    child.stdin.end(options.input ?? '');
  }
  return { child, done };
}

export function runBalance(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return startBalance(args, options).done;
}
