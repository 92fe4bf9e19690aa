// Exact decimals, by property: whatever a provider writes comes out as the
// same decimal in plain notation; anything else is refused, never thrown.
import BigNumber from 'bignumber.js';
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

describe('bounds', () => {
  // What parseDecimal accepts, said the slow way: every digit counted in the number BigNumber made.
  function withinBounds(text: string): boolean {
    const trimmed = text.trim();
    if (!/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(trimmed)) return false;
    const exponent = /[eE]([+-]?\d+)$/.exec(trimmed);
    if (exponent && Math.abs(Number(exponent[1])) > 60) return false;
    const value = new BigNumber(trimmed);
    return value.abs().integerValue(BigNumber.ROUND_DOWN).toFixed().length <= 30 && (value.decimalPlaces() ?? 0) <= 30;
  }
  // Runs of digits, often 28 to 32 long (about the bound), padded with zeros that do not count.
  const run = fc.oneof(fc.stringMatching(/^[0-9]{0,6}$/), fc.array(fc.constantFrom(...'0123456789'), { minLength: 28, maxLength: 32 }).map((chars) => chars.join('')));
  const digits = (_max: number) => fc.tuple(fc.stringMatching(/^0{0,3}$/), run, fc.stringMatching(/^0{0,3}$/)).map((parts) => parts.join(''));
  const nearTheBounds = fc
    .tuple(fc.constantFrom('', '-', '+', ' '), digits(33), fc.constantFrom('', '.'), digits(33), fc.constantFrom('', 'e3', 'E-2', 'e+0', 'e40'))
    .map((parts) => parts.join(''));

  it('takes up to 30 integer and 30 decimal digits, leading and trailing zeros aside, and refuses more, whether written plainly or with an exponent', () => {
    fc.assert(
      fc.property(fc.oneof(nearTheBounds, fc.stringMatching(/^[-+.\deE ]{0,12}$/)), (text) => {
        expect(parseDecimal(text).ok, text).toBe(withinBounds(text));
      }),
      { numRuns: 2000 },
    );
  });
});
