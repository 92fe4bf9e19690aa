import { describe, expect, it } from 'vitest';
import { BalanceError } from '../../../src/base/errors.js';
import { formatSeconds, parseWatchInterval, refreshInterval } from '../../../src/accounts/refresh-interval.js';

describe('parseWatchInterval', () => {
  it('is 30 s for --watch alone, else the seconds given', () => {
    expect(parseWatchInterval(true)).toBe(30_000);
    expect(parseWatchInterval('60')).toBe(60_000);
    expect(parseWatchInterval('1.5')).toBe(1_500);
    expect(parseWatchInterval('5s')).toBe(5_000);
  });

  it.each(['', 'soon', '0', '-5', 'Infinity', '86401'])('refuses "%s" with exit 2', (value) => {
    let caught: unknown;
    try {
      parseWatchInterval(value);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BalanceError);
    expect((caught as BalanceError).exitCode).toBe(2);
  });
});

describe('refreshInterval', () => {
  it('keeps an interval the providers allow', () => {
    expect(refreshInterval(30_000, ['longport', 'okx'])).toEqual({ ms: 30_000, reason: null });
    expect(refreshInterval(1_000, ['longport'])).toEqual({ ms: 1_000, reason: null });
  });

  it('never refreshes faster than once a second', () => {
    expect(refreshInterval(200, ['okx'])).toEqual({ ms: 1_000, reason: '1 s is the shortest interval' });
    expect(refreshInterval(500, [])).toEqual({ ms: 1_000, reason: '1 s is the shortest interval' });
  });

  it('adds one provider interval per account of the same provider, which share its limits', () => {
    expect(refreshInterval(1_000, ['longport', 'longport', 'longport'])).toEqual({
      ms: 3_000,
      reason: 'Longport allows 30 calls in 30 s and 3 longport accounts are watched',
    });
    expect(refreshInterval(1_000, ['longport', 'longbridge', 'okx']).ms).toBe(1_000);
    expect(refreshInterval(1_000, Array.from({ length: 6 }, () => 'okx' as const))).toEqual({
      ms: 1_200,
      reason: 'OKX allows 10 balance calls in 2 s and 6 okx accounts are watched',
    });
  });
});

describe('formatSeconds', () => {
  it('prints whole and fractional seconds without noise', () => {
    expect(formatSeconds(30_000)).toBe('30 s');
    expect(formatSeconds(1_500)).toBe('1.5 s');
  });
});

describe('refreshInterval with --value-in', () => {
  it('with --value-in: a Longport account needs 2 s a refresh (a second call can be needed), OKX 1 s', () => {
    expect(refreshInterval(1_000, ['longport'], { valuing: true })).toEqual({
      ms: 2_000,
      reason: 'Longport allows 30 calls in 30 s and valuing can take two per refresh per account',
    });
    expect(refreshInterval(1_000, ['okx', 'okx'], { valuing: true }).ms).toBe(2_000);
    expect(refreshInterval(1_000, ['okx'], { valuing: true })).toEqual({ ms: 1_000, reason: null });
  });
});
