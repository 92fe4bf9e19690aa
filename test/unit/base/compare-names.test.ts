// compareNames orders profile names as localeCompare does under the root
// collation, without setting up ICU's collator.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareNames } from '../../../src/base/compare-names.js';

const collator = new Intl.Collator('en');
const sign = (value: number): number => Math.sign(value);
const nameChars = fc.constantFrom(...'_-0123456789aAbByYzZ'.split(''));
const name = fc.array(nameChars, { maxLength: 8 }).map((chars) => chars.join(''));
const allNameChars = fc.constantFrom(...'_-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'.split(''));
const anyName = fc.array(allNameChars, { maxLength: 32 }).map((chars) => chars.join(''));

describe('compareNames', () => {
  it('agrees with localeCompare (English) on any two profile names', () => {
    fc.assert(
      fc.property(name, name, (a, b) => {
        expect(sign(compareNames(a, b)), `${a} vs ${b}`).toBe(sign(collator.compare(a, b)));
      }),
      { numRuns: 5000 },
    );
  });

  it('agrees on names made of every character a name may hold', () => {
    fc.assert(
      fc.property(anyName, anyName, (a, b) => {
        expect(sign(compareNames(a, b)), `${a} vs ${b}`).toBe(sign(collator.compare(a, b)));
      }),
      { numRuns: 5000 },
    );
  });

  it('sorts a list as localeCompare does', () => {
    const names = ['work', 'Work', 'home', 'okx-2', 'okx_2', 'okx10', 'okx9', 'a', 'A1', 'aa', 'B', 'b', '_x', '-x', '1'];
    expect([...names].sort(compareNames)).toEqual([...names].sort((a, b) => collator.compare(a, b)));
  });

  it('leaves other text to localeCompare', () => {
    expect(sign(compareNames('été', 'ete'))).toBe(sign('été'.localeCompare('ete')));
  });
});
