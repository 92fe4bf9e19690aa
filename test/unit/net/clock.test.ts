import { describe, expect, it } from 'vitest';
import {
  CLOCK_WARN_MS,
  describeOffset,
  offsetFromDateHeader,
  offsetFromServerTime,
  ServerClocks,
  watchDateHeaders,
  withClockCorrection,
} from '../../../src/net/clock.js';
import type { HttpClient } from '../../../src/net/http.js';

describe('measuring an offset', () => {
  it('takes the server time as read half-way through the exchange', () => {
    expect(offsetFromServerTime(10_060_000, 10_000_000, 10_000_200)).toBe(59_900);
    expect(offsetFromServerTime(9_990_000, 10_000_000, 10_000_000)).toBe(-10_000);
  });

  it('reads the Date header to the middle of its second', () => {
    const sent = Date.parse('2026-11-21T09:30:00.000Z');
    expect(offsetFromDateHeader('Sat, 21 Nov 2026 09:31:00 GMT', sent, sent + 100)).toBe(60_450);
    expect(offsetFromDateHeader(null, sent, sent)).toBeNull();
    expect(offsetFromDateHeader('yesterday', sent, sent)).toBeNull();
  });

  it('says which way the local clock is off', () => {
    expect(describeOffset(62_400)).toBe('62 s behind');
    expect(describeOffset(-3_500)).toBe('3.5 s ahead of');
    expect(describeOffset(-6_000)).toBe('6 s ahead of');
  });
});

describe('ServerClocks', () => {
  it('keeps one offset per server, adding corrections, and warns once per server', () => {
    const clocks = new ServerClocks();
    clocks.correct('https://a', 1_000);
    clocks.correct('https://a', 500);
    expect(clocks.offset('https://a')).toBe(1_500);
    expect(clocks.offset('https://b')).toBe(0);
    expect(clocks.firstWarning('https://a')).toBe(true);
    expect(clocks.firstWarning('https://a')).toBe(false);
    expect(clocks.firstWarning('https://b')).toBe(true);
  });
});

describe('withClockCorrection', () => {
  it('corrects and tries exactly once more when the failure is explained', async () => {
    let attempts = 0;
    const corrections: number[] = [];
    const result = withClockCorrection(
      async () => {
        attempts++;
        throw new Error(`skewed ${attempts}`);
      },
      () => 60_000,
      (delta) => corrections.push(delta),
    );
    await expect(result).rejects.toThrow('skewed 2');
    expect(attempts).toBe(2);
    expect(corrections).toEqual([60_000]);
  });

  it('passes other failures, and failed measurements, through untouched', async () => {
    const original = new Error('bad secret');
    await expect(withClockCorrection(() => Promise.reject(original), () => null, () => undefined)).rejects.toBe(original);
    await expect(
      withClockCorrection(
        () => Promise.reject(original),
        () => Promise.reject(new Error('no time endpoint')),
        () => undefined,
      ),
    ).rejects.toBe(original);
  });
});

describe('watchDateHeaders', () => {
  function answering(date: string): HttpClient {
    return {
      send: async (request, read) => {
        request.headers();
        return read({ status: 200, headers: new Headers({ date }), body: '' });
      },
    };
  }
  const request = { provider: 'T', method: 'GET' as const, baseUrl: new URL('https://t.example'), path: '/', query: '', headers: () => ({}) };
  const local = () => Date.parse('2026-11-21T09:30:00.000Z');

  it(`reports a Date more than ${CLOCK_WARN_MS / 1000} s off the local clock`, async () => {
    const seen: number[] = [];
    await watchDateHeaders(answering('Sat, 21 Nov 2026 09:30:10 GMT'), local, (offset) => seen.push(offset)).send(request, () => 1);
    expect(seen).toEqual([10_500]);
  });

  it('is quiet about a second or two', async () => {
    const seen: number[] = [];
    await watchDateHeaders(answering('Sat, 21 Nov 2026 09:30:02 GMT'), local, (offset) => seen.push(offset)).send(request, () => 1);
    expect(seen).toEqual([]);
  });
});
