// Exact decimals, by property: whatever a provider writes comes out as the
// same decimal in plain notation; anything else is refused, never thrown.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDecimal, toGrouped, toPlain } from '../../../src/base/money.js';
import { anyDecimal, exponentDecimal, plainDecimal } from './arbitraries.js';

function parsed(text: string) {
  const result = parseDecimal(text);
  if (!result.ok) throw new Error(`refused ${text}: ${result.reason}`);
  return result.value;
}

describe('parseDecimal → toPlain', () => {
  it('shows a plainly written decimal exactly as written (a zero without its sign)', () => {
    fc.assert(fc.property(plainDecimal, ({ written, shown }) => toPlain(parsed(written)) === shown));
  });

  it('shows exponent notation in plain digits, at the precision written', () => {
    fc.assert(fc.property(exponentDecimal, ({ written, shown }) => toPlain(parsed(written)) === shown));
  });

  it('never prints exponent notation, NaN or Infinity', () => {
    fc.assert(
      fc.property(anyDecimal, ({ written }) => {
        const text = toPlain(parsed(written)) ?? '';
        return !/[eE]|NaN|Infinity/.test(text);
      }),
    );
  });
});

describe('toGrouped', () => {
  it('is the plain text with a comma every three integer digits, and nothing else changed', () => {
    fc.assert(
      fc.property(anyDecimal, ({ written }) => {
        const value = parsed(written);
        const grouped = toGrouped(value);
        const [whole = '', fraction] = grouped.replace(/^-/, '').split('.');
        expect(grouped.replace(/,/g, '')).toBe(toPlain(value));
        expect(whole).toMatch(/^\d{1,3}(,\d{3})*$/);
        expect(fraction ?? '').not.toContain(',');
      }),
    );
  });
});

describe('junk', () => {
  it('is refused with a reason, never thrown, never a non-finite number', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.stringMatching(/^[-+.\deE ]{0,12}$/)), (text) => {
        const result = parseDecimal(text);
        if (result.ok) return result.value.isFinite() && !/[eE]/.test(toPlain(result.value) ?? '');
        return typeof result.reason === 'string' && result.reason.length < 100;
      }),
    );
  });
});
