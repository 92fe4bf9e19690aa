import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_RETRY_POLICY, isRetryableStatus, parseRetryAfter } from '../../../src/net/retry.js';

describe('backoff', () => {
  it('doubles each step, half fixed and half jitter, up to the cap', () => {
    const policy = { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 1_000 };
    expect([1, 2, 3, 4].map((retry) => backoffDelay(policy, retry, () => 0))).toEqual([100, 200, 400, 500]);
    expect([1, 2, 3, 4].map((retry) => backoffDelay(policy, retry, () => 0.999_999))).toEqual([200, 400, 800, 1_000]);
  });

  it('keeps the default policy well inside the default 15 s deadline', () => {
    let total = 0;
    for (let retry = 1; retry < DEFAULT_RETRY_POLICY.maxAttempts; retry++) total += backoffDelay(DEFAULT_RETRY_POLICY, retry, () => 1);
    expect(total).toBeLessThan(2_000);
  });
});

describe('isRetryableStatus', () => {
  it('is true for 429 and 5xx only', () => {
    expect([429, 500, 502, 503, 504, 599].every(isRetryableStatus)).toBe(true);
    expect([200, 301, 400, 401, 403, 404, 418, 600].some(isRetryableStatus)).toBe(false);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-21T09:30:00.000Z');

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter(' 3 ', now)).toBe(3_000);
  });

  it('reads an HTTP date; one in the past means now', () => {
    expect(parseRetryAfter('Sat, 21 Nov 2026 09:30:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('Sat, 21 Nov 2026 09:29:00 GMT', now)).toBe(0);
  });

  it('ignores what it cannot read', () => {
    for (const value of [null, undefined, '', '-1', '1.5', 'soon', '12345678901']) expect(parseRetryAfter(value, now), String(value)).toBeNull();
  });
});
