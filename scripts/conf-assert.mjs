// Stands in for node:assert inside the bundle's copy of conf, which uses only
// assert.deepEqual, once per run, to learn whether defaults changed the stored
// settings. Loading node:assert costs a stored-profile run some milliseconds;
// node:util (loaded already) answers the common case, where the two are
// deep-strict-equal and so deep-equal too. Any other case goes to node:assert
// itself, so the outcome is always what assert.deepEqual decides.
import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';

export function deepEqual(actual, expected, message) {
  if (isDeepStrictEqual(actual, expected)) return;
  createRequire(import.meta.url)('node:assert').deepEqual(actual, expected, message);
}

export default { deepEqual };
