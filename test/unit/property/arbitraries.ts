// fast-check generators shared by the property tests: decimals as providers
// write them, with the plain text each must be shown as worked out by string
// manipulation alone (no BigNumber), and junk.
import fc from 'fast-check';

const digit = fc.constantFrom(...'0123456789'.split(''));
const digits = (min: number, max: number): fc.Arbitrary<string> => fc.array(digit, { minLength: min, maxLength: max }).map((list) => list.join(''));

/** An integer part without leading zeros, 1 to 30 digits. */
const integerPart = fc.oneof(
  fc.constant('0'),
  fc.tuple(fc.constantFrom(...'123456789'.split('')), digits(0, 29)).map(([first, rest]) => first + rest),
);

/**
 * A decimal written plainly ("-276806.51", "97592.30", "0.00000001") — which
 * must come out exactly as written, except that a zero loses its sign.
 */
export const plainDecimal: fc.Arbitrary<{ written: string; shown: string }> = fc
  .tuple(fc.boolean(), integerPart, fc.option(digits(0, 30), { nil: undefined }))
  .map(([negative, whole, fraction]) => {
    const unsigned = fraction === undefined ? whole : `${whole}.${fraction}`;
    const written = `${negative ? '-' : ''}${unsigned}`;
    // "5." is written by some servers; it shows as "5".
    const tidy = unsigned.endsWith('.') ? unsigned.slice(0, -1) : unsigned;
    const isZero = /^[0.]+$/.test(tidy);
    return { written, shown: `${negative && !isZero ? '-' : ''}${tidy}` };
  });

/**
 * A decimal in exponent notation ("1.5e-8", "25E3"), with its plain form
 * found by moving the decimal point in the digit string.
 */
export const exponentDecimal: fc.Arbitrary<{ written: string; shown: string }> = fc
  .tuple(fc.boolean(), fc.constantFrom(...'123456789'.split('')), digits(0, 8), fc.integer({ min: -20, max: 20 }), fc.constantFrom('e', 'E'))
  .map(([negative, first, rest, exponent, e]) => {
    const written = `${negative ? '-' : ''}${first}${rest === '' ? '' : `.${rest}`}${e}${exponent}`;
    const all = first + rest;
    const point = 1 + exponent; // position of the decimal point in `all`
    let whole: string;
    let fraction: string;
    if (point <= 0) {
      whole = '0';
      fraction = '0'.repeat(-point) + all;
    } else if (point >= all.length) {
      whole = all + '0'.repeat(point - all.length);
      fraction = '';
    } else {
      whole = all.slice(0, point);
      fraction = all.slice(point);
    }
    const unsigned = fraction === '' ? whole : `${whole}.${fraction}`;
    return { written, shown: `${negative ? '-' : ''}${unsigned}` };
  });

export const anyDecimal = fc.oneof(plainDecimal, exponentDecimal);

/** A currency code as providers send them. */
export const currencyCode = fc.stringMatching(/^[A-Z][A-Z0-9]{1,9}$/);

/**
 * An amount field on the wire: a string, a raw JSON number (written as is
 * into the body), or "" for "not applicable" (shown as null).
 */
export interface WireAmount {
  /** JSON text of the value, e.g. `"12.30"` or `12.30` or `""`. */
  readonly json: string;
  /** The plain text expected on screen, or null. */
  readonly shown: string | null;
}

export const wireAmount: fc.Arbitrary<WireAmount> = fc.oneof(
  { weight: 6, arbitrary: anyDecimal.map(({ written, shown }) => ({ json: JSON.stringify(written), shown })) },
  // JSON numbers have no "5." form and no leading "+".
  { weight: 3, arbitrary: anyDecimal.filter(({ written }) => !written.endsWith('.')).map(({ written, shown }) => ({ json: written, shown })) },
  { weight: 1, arbitrary: fc.constant({ json: '""', shown: null }) },
);

/** Things that are not JSON, or not the JSON expected, or are but broken in one place. */
export const junkText: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.json(),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.constantFrom('', ' ', '<html></html>', 'null', '[]', '{}', '{"code":"0"}', '{"code":0,"data":{}}', '{"code":"0","data":[{}]}', '[[[[[[[[[['),
);

/** Values to put where an amount, a list or an object belongs. */
export const hostileValue: fc.Arbitrary<string> = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.constantFrom(
    'null',
    'true',
    '"NaN"',
    '"Infinity"',
    '"-0"',
    '"1e999999999"',
    '"1e-999999999"',
    '1e400',
    '"0x10"',
    '"1,000"',
    '" 12 "',
    '"١٢"',
    '{}',
    '[]',
    '[null]',
    `"${'9'.repeat(40)}"`,
    `${'9'.repeat(31)}.5`,
  ),
);

/** Cuts, changes or inserts one character of `text`. */
export function mutate(text: string): fc.Arbitrary<string> {
  return fc.tuple(fc.nat({ max: Math.max(0, text.length - 1) }), fc.constantFrom('cut', 'replace', 'insert'), fc.string({ minLength: 1, maxLength: 1 })).map(
    ([at, how, char]) => {
      if (how === 'cut') return text.slice(0, at);
      if (how === 'replace') return text.slice(0, at) + char + text.slice(at + 1);
      return text.slice(0, at) + char + text.slice(at);
    },
  );
}
