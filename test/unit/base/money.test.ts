import { describe, expect, it } from 'vitest';
import { parseDecimal, toGrouped, toPlain } from '../../../src/base/money.js';

function plain(text: string): string | null {
  const parsed = parseDecimal(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return toPlain(parsed.value);
}

function grouped(text: string): string {
  const parsed = parseDecimal(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return toGrouped(parsed.value);
}

describe('parseDecimal / toPlain', () => {
  it('keeps every digit the provider wrote, trailing zeros included', () => {
    expect(plain('97592.30')).toBe('97592.30');
    expect(plain('-276806.51')).toBe('-276806.51');
    expect(plain('12345678901234567890.123456789')).toBe('12345678901234567890.123456789');
    expect(plain('0.10')).toBe('0.10');
  });

  it('never prints exponent notation', () => {
    expect(plain('1e-8')).toBe('0.00000001');
    expect(plain('1.50e2')).toBe('150');
    expect(plain('2.5E+3')).toBe('2500');
  });

  it('prints negative zero as zero', () => {
    expect(plain('-0')).toBe('0');
    expect(plain('-0.00')).toBe('0.00');
  });

  it('refuses what is not a decimal, or not a plausible amount', () => {
    for (const bad of ['abc', '1,000', 'NaN', 'Infinity', '0x10', '--1', '1e99999', '1'.repeat(31)]) {
      expect(parseDecimal(bad).ok, bad).toBe(false);
    }
  });
});

describe('toGrouped', () => {
  it('groups thousands without rounding', () => {
    expect(grouped('1759070010.72')).toBe('1,759,070,010.72');
    expect(grouped('-276806.51')).toBe('-276,806.51');
    expect(grouped('4834.317093622894')).toBe('4,834.317093622894');
    expect(grouped('97592.30')).toBe('97,592.30');
    expect(grouped('999')).toBe('999');
  });
});
