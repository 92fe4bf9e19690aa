// The limiter on a fake clock: sleeping advances time, so the schedule it
// produces can be checked exactly.
import { describe, expect, it } from 'vitest';
import { credentialTag, RateLimiter, type RateLimit } from '../../../src/net/rate-limit.js';
import { startDeadline } from '../../../src/net/deadline.js';

function fakeTime() {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) throw signal.reason;
      now += ms;
    },
  };
}

const OKX_BALANCE: RateLimit = { key: 'okx balance user-1', rule: { limit: 10, windowMs: 2_000 } };
const LONGPORT: RateLimit = { key: 'longport trade user-1', rule: { limit: 30, windowMs: 30_000, minIntervalMs: 20 } };

/** Start times of `count` requests, each answered at once. */
async function starts(limiter: RateLimiter, time: { now: () => number }, limit: RateLimit, count: number): Promise<number[]> {
  const times: number[] = [];
  await Promise.all(
    Array.from({ length: count }, async () => {
      const slot = await limiter.acquire(limit);
      times.push(time.now());
      slot.release();
    }),
  );
  return times;
}

function mostInAnyWindow(times: readonly number[], windowMs: number): number {
  return Math.max(...times.map((start) => times.filter((time) => time >= start && time < start + windowMs).length));
}

describe('RateLimiter', () => {
  it('lets 10 OKX balance requests through at once, then waits out the 2 s window', async () => {
    const time = fakeTime();
    const times = await starts(new RateLimiter(time), time, OKX_BALANCE, 25);
    expect(times.slice(0, 10).every((at) => at === 0)).toBe(true);
    expect(times[10]).toBeGreaterThanOrEqual(2_000);
    expect(mostInAnyWindow(times, 2_000)).toBe(10);
  });

  it('keeps Longport requests at least 20 ms apart and at most 30 in 30 s', async () => {
    const time = fakeTime();
    const times = await starts(new RateLimiter(time), time, LONGPORT, 40);
    const gaps = times.slice(1).map((at, index) => at - times[index]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(20);
    expect(mostInAnyWindow(times, 30_000)).toBe(30);
  });

  it('counts keys apart: another credential has its own budget', async () => {
    const time = fakeTime();
    const limiter = new RateLimiter(time);
    await starts(limiter, time, OKX_BALANCE, 10);
    expect((await limiter.acquire({ ...OKX_BALANCE, key: 'okx balance user-2' })).waitedMs).toBe(0);
    expect(time.now()).toBe(0);
  });

  it('serves callers in order', async () => {
    const time = fakeTime();
    const limiter = new RateLimiter(time);
    const order: number[] = [];
    await Promise.all(
      [1, 2, 3, 4].map((n) =>
        limiter.acquire(LONGPORT).then((slot) => {
          order.push(n);
          slot.release();
        }),
      ),
    );
    expect(order).toEqual([1, 2, 3, 4]);
  });

  it('holds a place while the request is in flight: the window runs from its answer', async () => {
    const limiter = new RateLimiter();
    const rule = { key: 'k', rule: { limit: 1, windowMs: 200 } };
    const started = Date.now();
    const first = await limiter.acquire(rule);
    setTimeout(() => first.release(), 300);
    await limiter.acquire(rule);
    // The server may have counted the first request as late as its answer.
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
  });

  it('spaces requests from the answer of the one before', async () => {
    const limiter = new RateLimiter();
    const started = Date.now();
    const first = await limiter.acquire(LONGPORT);
    setTimeout(() => first.release(), 100);
    await limiter.acquire(LONGPORT);
    expect(Date.now() - started).toBeGreaterThanOrEqual(120);
  });

  it('gives up a queued wait when its signal aborts, taking no place', async () => {
    // A long window keeps the margins wide on a loaded machine.
    const windowMs = 1_000;
    const limiter = new RateLimiter();
    const rule = { key: 'k', rule: { limit: 1, windowMs } };
    const started = Date.now();
    (await limiter.acquire(rule)).release();
    const cancel = new AbortController();
    const waiting = limiter.acquire(rule, cancel.signal);
    setTimeout(() => cancel.abort(new Error('stop')), 50);
    await expect(waiting).rejects.toThrow('stop');
    expect(Date.now() - started).toBeLessThan(windowMs - 100);
    // The next caller gets the place the abandoned one would have had: after one window, not two.
    await limiter.acquire(rule);
    expect(Date.now() - started).toBeGreaterThanOrEqual(windowMs);
    expect(Date.now() - started).toBeLessThan(2 * windowMs - 100);
  });
});

describe('credentialTag', () => {
  it('is stable, short and does not contain the key', () => {
    const tag = credentialTag('okx-api-key-123456');
    expect(tag).toBe(credentialTag('okx-api-key-123456'));
    expect(tag).toMatch(/^[0-9a-f]{16}$/);
    expect(tag).not.toBe(credentialTag('okx-api-key-123457'));
  });
});

describe('many accounts under one deadline', () => {
  it('waits on the shared deadline for 30 accounts at once without Node warning of a listener leak on stderr', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning);
    process.on('warning', onWarning);
    const deadline = startDeadline(10_000);
    try {
      const limiter = new RateLimiter();
      const rule = { limit: 30, windowMs: 30_000, minIntervalMs: 20 };
      const slots = await Promise.all(Array.from({ length: 30 }, (_, index) => limiter.acquire({ key: `account ${index}`, rule }, deadline.signal)));
      for (const slot of slots) slot.release();
      // Node emits the warning on a later tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      deadline.dispose();
      process.off('warning', onWarning);
    }
    expect(warnings.map((warning) => warning.name)).not.toContain('MaxListenersExceededWarning');
  });
});
