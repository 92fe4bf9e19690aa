// An exclusive lock file around read-modify-write of balance's files, so that
// two processes (two `balance auth login` at once) never lose each other's
// changes. The lock is a file created with O_EXCL holding the owner's pid,
// host and start time; a lock whose owner is gone (same host, pid not alive)
// or that is older than `staleMs` is broken and taken over. Its holder touches
// it every few seconds, so a long hold (a token refresh waiting on its
// provider) is not taken for abandoned while its holder lives.
import { randomUUID } from 'node:crypto';
import { linkSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { BalanceError } from '../base/errors.js';

export interface LockOptions {
  /** Give up waiting after this long. */
  readonly timeoutMs?: number;
  /** A lock older than this is considered abandoned. Holders keep it for milliseconds. */
  readonly staleMs?: number;
  /** Pause between attempts (plus jitter). */
  readonly retryMs?: number;
  /** How often the holder touches the lock to show it is alive. */
  readonly heartbeatMs?: number;
}

/** How often a holder touches its lock: well within the shortest staleMs in use (30 s). */
const HEARTBEAT_MS = 5_000;

export async function withFileLock<T>(path: string, work: () => Promise<T> | T, options: LockOptions = {}): Promise<T> {
  const token = `${process.pid}\n${hostname()}\n${Date.now()}\n${randomUUID()}\n`;
  await acquire(path, token, options);
  const heartbeat = setInterval(() => touchIfOwn(path, token), options.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();
  try {
    return await work();
  } finally {
    clearInterval(heartbeat);
    release(path, token);
  }
}

/** Refreshes the lock's age, if it is still this holder's. */
function touchIfOwn(path: string, token: string): void {
  try {
    if (readFileSync(path, 'utf8') !== token) return;
    const now = new Date();
    utimesSync(path, now, now);
  } catch {
    // Gone or unreadable: nothing to keep fresh.
  }
}

async function acquire(path: string, token: string, options: LockOptions): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const staleMs = options.staleMs ?? 30_000;
  const retryMs = options.retryMs ?? 20;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      writeFileSync(path, token, { flag: 'wx', mode: 0o600 });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new BalanceError('config', `Could not create the lock file ${path}: ${(error as Error).message}.`, {
          hint: 'Check the permissions of the configuration directory.',
          cause: error,
        });
      }
    }
    if (breakIfStale(path, staleMs)) continue;
    if (Date.now() >= deadline) {
      throw new BalanceError('config', `Another balance process has held the lock ${path} for more than ${Math.round(timeoutMs / 1000)} s.`, {
        hint: 'Try again; if no other balance is running, remove that file.',
      });
    }
    await new Promise((resolve) => setTimeout(resolve, retryMs + Math.random() * retryMs));
  }
}

/** Removes the lock if it is abandoned; true when it did. */
function breakIfStale(path: string, staleMs: number): boolean {
  let seen: string;
  let age: number;
  try {
    seen = readFileSync(path, 'utf8');
    age = Date.now() - statSync(path).mtimeMs;
  } catch {
    return true; // released in the meantime: try again at once
  }
  if (!isAbandoned(seen, age, staleMs)) return false;
  // Move it aside before removing it; if what was moved is not the lock judged
  // abandoned (another process broke it and took a new one in between), put
  // that one back.
  const aside = `${path}.${process.pid}.${randomUUID()}`;
  try {
    renameSync(path, aside);
  } catch {
    return true;
  }
  try {
    if (readFileSync(aside, 'utf8') !== seen) linkSync(aside, path);
  } catch {
    // A new lock was taken meanwhile; its owner goes on.
  }
  unlinkQuietly(aside);
  return true;
}

function isAbandoned(content: string, ageMs: number, staleMs: number): boolean {
  if (ageMs > staleMs) return true;
  const [pid, host] = content.split('\n');
  if (host !== hostname() || pid === undefined || !/^\d+$/.test(pid)) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function release(path: string, token: string): void {
  try {
    if (readFileSync(path, 'utf8') === token) unlinkSync(path);
  } catch {
    // Already gone.
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Nothing to remove.
  }
}
