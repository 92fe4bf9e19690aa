// The lock around read-modify-write: exclusive, abandoned locks broken, a live
// holder waited for and then reported, someone else's lock never removed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BalanceError } from '../../../src/base/errors.js';
import { withFileLock } from '../../../src/store/file-lock.js';

const lockPath = (): string => join(mkdtempSync(join(tmpdir(), 'balance-lock-')), '.lock');

/** The pid of a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('withFileLock', () => {
  it('runs one holder at a time and leaves no lock behind', async () => {
    const path = lockPath();
    const events: string[] = [];
    const holder = (name: string) =>
      withFileLock(path, async () => {
        events.push(`${name} in`);
        await new Promise((resolve) => setTimeout(resolve, 30));
        events.push(`${name} out`);
      });
    await Promise.all([holder('a'), holder('b'), holder('c')]);
    for (let index = 0; index < events.length; index += 2) {
      expect(events[index]?.replace(' in', '')).toBe(events[index + 1]?.replace(' out', ''));
    }
    expect(existsSync(path)).toBe(false);
  });

  it('breaks a lock whose owner on this host has exited', async () => {
    const path = lockPath();
    writeFileSync(path, `${deadPid()}\n${hostname()}\n${Date.now()}\nabandoned\n`);
    expect(await withFileLock(path, () => 'ran', { timeoutMs: 2_000 })).toBe('ran');
  });

  it('breaks a lock older than staleMs, whoever wrote it', async () => {
    const path = lockPath();
    writeFileSync(path, `${process.pid}\nanother-host\n0\nold\n`);
    const past = new Date(Date.now() - 60_000);
    utimesSync(path, past, past);
    expect(await withFileLock(path, () => 'ran', { timeoutMs: 2_000, staleMs: 30_000 })).toBe('ran');
  });

  it('waits for a live holder, then gives up with a config error naming the file (exit 2), leaving its lock', async () => {
    const path = lockPath();
    const held = `${process.pid}\n${hostname()}\n${Date.now()}\nheld\n`;
    writeFileSync(path, held);
    const failure = await withFileLock(path, () => 'ran', { timeoutMs: 200 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BalanceError);
    expect((failure as BalanceError).exitCode).toBe(2);
    expect((failure as BalanceError).message).toContain(path);
    expect(readFileSync(path, 'utf8')).toBe(held);
  });

  it('does not remove a lock that is no longer its own', async () => {
    const path = lockPath();
    const other = `${process.pid}\n${hostname()}\n${Date.now()}\nsomeone else\n`;
    await withFileLock(path, () => writeFileSync(path, other));
    expect(readFileSync(path, 'utf8')).toBe(other);
  });

  it('a holder keeps its lock fresh while it works, so a long hold is not taken for abandoned', async () => {
    const path = lockPath();
    const events: string[] = [];
    const long = withFileLock(
      path,
      async () => {
        events.push('long in');
        await new Promise((resolve) => setTimeout(resolve, 600));
        events.push('long out');
      },
      { heartbeatMs: 50 },
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    // A waiter that would break a lock older than 300 ms: the heartbeat keeps it younger.
    const waiter = withFileLock(path, () => void events.push('waiter'), { staleMs: 300, timeoutMs: 3_000 });
    await Promise.all([long, waiter]);
    expect(events).toEqual(['long in', 'long out', 'waiter']);
  });
});
