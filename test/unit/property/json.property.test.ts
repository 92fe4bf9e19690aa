// parseJson reads most answers with the engine's JSON.parse (src/base/json.ts):
// by property, whatever the text, it gives exactly what the lossless parser
// gives — the same values, every number with the same written digits — or
// fails with the same error.
import fc from 'fast-check';
import { parse } from 'lossless-json';
import { describe, expect, it } from 'vitest';
import { JsonNumber, parseJson } from '../../../src/base/json.js';

/** The lossless parser alone: what parseJson must match. */
function lossless(text: string): { value: unknown } | { error: string } {
  try {
    return { value: parse(text, null, { parseNumber: (raw) => new JsonNumber(raw) }) };
  } catch (error) {
    return { error: String(error) };
  }
}

function ours(text: string): { value: unknown } | { error: string } {
  try {
    return { value: parseJson(text) };
  } catch (error) {
    return { error: String(error) };
  }
}

/** Plain data, with each JsonNumber as its raw text and each object's prototype shown. */
function plain(value: unknown): unknown {
  if (value instanceof JsonNumber) return { number: value.raw };
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null) {
    return { prototype: Object.getPrototypeOf(value) === Object.prototype, entries: Object.entries(value).map(([key, item]) => [key, plain(item)]) };
  }
  return value;
}

const sameAsLossless = (text: string): void => {
  const expected = lossless(text);
  const got = ours(text);
  if ('error' in expected) expect(got, text).toEqual(expected);
  else expect('value' in got ? plain(got.value) : got, text).toEqual(plain(expected.value));
};

/** Number tokens of every kind: integers short and long, fractions, exponents, negative zero. */
const numberText = fc.oneof(
  fc.integer().map(String),
  fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((number) => JSON.stringify(number)),
  fc.constantFrom('-0', '0.10', '1e2', '1E-7', '123456789012345', '1234567890123456', '-999999999999999', '0.1', '-0.0'),
);

/** JSON written by hand from parts: objects with repeated keys, "__proto__" keys, numbers as written. */
const handJson: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    numberText,
    fc.string().map((text) => JSON.stringify(text)),
    fc.constantFrom('true', 'false', 'null'),
    fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
    fc
      .array(fc.tuple(fc.oneof(fc.constantFrom('a', 'b', '__proto__', 'x:1', '1'), fc.string()), tie('value')), { maxLength: 4 })
      .map((entries) => `{${entries.map(([key, item]) => `${JSON.stringify(key)} : ${item}`).join(',')}}`),
  ),
})).value;

describe('parseJson', () => {
  it('gives what the lossless parser gives for any JSON, numbers digit for digit', () => {
    fc.assert(fc.property(fc.oneof(fc.json(), handJson), sameAsLossless), { numRuns: 1500 });
  });

  it('fails as the lossless parser fails on text that is not JSON, or JSON broken in one place', () => {
    const broken = fc.tuple(handJson, fc.nat(), fc.constantFrom('', '"', '\\', ',', '}', '1', ':', '\u0000')).map(([text, at, insert]) => {
      const index = text.length === 0 ? 0 : at % text.length;
      return text.slice(0, index) + insert + text.slice(index + 1);
    });
    fc.assert(fc.property(fc.oneof(broken, fc.string(), fc.stringMatching(/^[{}[\]",:\d.eE+-]{0,16}$/)), sameAsLossless), { numRuns: 1500 });
  });

  it('refuses a key given twice, as the lossless parser does', () => {
    expect(() => parseJson('{"code":"0","code":"1"}')).toThrow(/Duplicate key/);
    expect(() => parseJson('{"data":[{"ccy":"USDT","ccy":"BTC"}]}')).toThrow(/Duplicate key/);
  });
});
