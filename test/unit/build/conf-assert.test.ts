// scripts/conf-assert.mjs stands in for node:assert in the bundle's copy of
// conf: whatever the two values, it must decide as assert.deepEqual does.
import assert from 'node:assert';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ES module of the build, without types
import { deepEqual } from '../../../scripts/conf-assert.mjs';

const plain = (value: object): object => Object.assign(Object.create(null) as object, value);

const cases: readonly (readonly [string, unknown, unknown])[] = [
  ['the same settings', { profiles: { a: { provider: 'okx' } } }, { profiles: { a: { provider: 'okx' } } }],
  ['a prototype-less copy (conf’s own)', { profiles: { a: 1 } }, plain({ profiles: { a: 1 } })],
  ['a default added', { profiles: {} }, { profiles: {}, defaultProfile: 'a' }],
  ['a value changed', { a: '1' }, { a: '2' }],
  ['loosely equal only', { a: 1 }, { a: '1' }],
  ['empty', {}, plain({})],
];

describe('conf-assert deepEqual', () => {
  for (const [name, actual, expected] of cases) {
    it(`decides as assert.deepEqual: ${name}`, () => {
      let reference: unknown;
      try {
        assert.deepEqual(actual, expected);
      } catch (error) {
        reference = error;
      }
      if (reference === undefined) expect(() => deepEqual(actual, expected)).not.toThrow();
      else expect(() => deepEqual(actual, expected)).toThrow(assert.AssertionError);
    });
  }
});
