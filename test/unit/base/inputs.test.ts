import { describe, expect, it } from 'vitest';
import { checkBaseUrl, isLoopbackHost } from '../../../src/net/base-url.js';
import { parseCurrencyList } from '../../../src/base/currencies.js';
import { BalanceError } from '../../../src/base/errors.js';
import { JsonNumber, parseJson } from '../../../src/base/json.js';

function usageFailure(run: () => unknown): BalanceError {
  try {
    run();
  } catch (error) {
    if (error instanceof BalanceError) return error;
    throw error;
  }
  throw new Error('expected a usage error');
}

describe('parseCurrencyList', () => {
  it('upper-cases, trims and de-duplicates', () => {
    expect(parseCurrencyList('usdt, btc,USDT')).toEqual(['USDT', 'BTC']);
    expect(parseCurrencyList(undefined)).toEqual([]);
  });

  it('refuses codes that are not 2–10 letters or digits, and more than 20 codes', () => {
    for (const bad of ['H', 'HKD$', 'ABCDEFGHIJK', 'HK D', ',', 'HKD,,USD', 'HKD,', '']) {
      expect(usageFailure(() => parseCurrencyList(bad)).exitCode, bad).toBe(2);
    }
    const many = Array.from({ length: 21 }, (_, i) => `C${i}X`).join(',');
    expect(usageFailure(() => parseCurrencyList(many)).message).toMatch(/at most 20/);
    expect(parseCurrencyList(Array.from({ length: 20 }, (_, i) => `C${i}X`).join(','))).toHaveLength(20);
  });
});

describe('checkBaseUrl', () => {
  it('accepts https anywhere and http only to loopback', () => {
    expect(checkBaseUrl('https://openapi.example.com/', 'X').href).toBe('https://openapi.example.com/');
    for (const ok of ['http://127.0.0.1:8080', 'http://127.3.4.5', 'http://localhost:1', 'http://[::1]:9']) {
      expect(checkBaseUrl(ok, 'X').protocol, ok).toBe('http:');
    }
  });

  it('refuses plain http to any other host, naming the setting', () => {
    for (const bad of ['http://example.com', 'http://10.0.0.1', 'http://127.0.0.1.evil.com', 'http://localhost.evil.com']) {
      const error = usageFailure(() => checkBaseUrl(bad, 'OKX_BASE_URL'));
      expect(error.exitCode, bad).toBe(2);
      expect(error.message).toContain('OKX_BASE_URL');
    }
    expect(usageFailure(() => checkBaseUrl('ftp://x', '--base-url')).exitCode).toBe(2);
    expect(usageFailure(() => checkBaseUrl('not a url', '--base-url')).exitCode).toBe(2);
  });

  it('knows the loopback hosts', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
  });
});

describe('parseJson', () => {
  it('keeps a JSON number with more digits than a double holds', () => {
    const data = parseJson('{"a": 12345678901234567890.123456789, "b": "x"}') as Record<string, unknown>;
    expect(data.a).toBeInstanceOf(JsonNumber);
    expect((data.a as JsonNumber).raw).toBe('12345678901234567890.123456789');
    expect(data.b).toBe('x');
  });

  it('throws on truncated JSON', () => {
    expect(() => parseJson('{"a": [1, 2')).toThrow();
  });
});
