// Lossless JSON: numbers keep their exact source text, so a JSON number with
// more digits than a double holds still reaches the screen digit for digit.
//
// Most answers are read by the engine's own JSON.parse: when the text holds
// no number a double could round (only integers of up to 15 digits) and no
// key twice, JSON.parse gives exactly what the lossless parser would (a
// property test holds them to it: test/unit/property/json.property.test.ts),
// many times faster on a large answer. Any other text, and any text JSON.parse
// refuses, goes to the lossless parser, whose errors are the ones reported.
import { parse } from 'lossless-json';

/** A JSON number exactly as it was written on the wire. */
export class JsonNumber {
  constructor(readonly raw: string) {}
  toString(): string {
    return this.raw;
  }
}

/** Parses JSON text; numbers become JsonNumber. Throws SyntaxError on bad JSON. */
export function parseJson(text: string): unknown {
  const quick = parseWithEngine(text);
  return quick === NOT_EXACT ? parse(text, null, { parseNumber: (raw) => new JsonNumber(raw) }) : quick;
}

const NOT_EXACT = Symbol('not exact');

/** A JSON string: what is inside it says nothing of the structure. */
const STRINGS = /"(?:[^"\\]|\\.)*"/g;
/** In the text with its strings emptied: a number with a point, an exponent or 16 digits (a double may round it, or drop its written zeros), or -0. */
const NOT_AN_EXACT_INTEGER = /\d[.eE]|\d{16}|-0(?!\d)/;

/** JSON.parse's result when it is the lossless parser's, else NOT_EXACT. */
function parseWithEngine(text: string): unknown {
  // Strings emptied: what is left is structure, numbers and literals, and every ':' in it ends a key.
  const structure = text.replace(STRINGS, '""');
  if (NOT_AN_EXACT_INTEGER.test(structure)) return NOT_EXACT;
  let keys = 0;
  for (let at = structure.indexOf(':'); at !== -1; at = structure.indexOf(':', at + 1)) keys++;
  let value: unknown;
  try {
    value = JSON.parse(text, (_key, item: unknown) => (typeof item === 'number' ? new JsonNumber(String(item)) : item));
  } catch {
    return NOT_EXACT;
  }
  // JSON.parse keeps the last of two equal keys, where the lossless parser refuses the text.
  return countKeys(value) === keys ? value : NOT_EXACT;
}

function countKeys(value: unknown): number {
  if (typeof value !== 'object' || value === null || value instanceof JsonNumber) return 0;
  let count = 0;
  // Index and for-in loops: no iterator objects, on what may be a large answer.
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) count += countKeys(value[index]);
    return count;
  }
  const object = value as Record<string, unknown>;
  for (const key in object) count += 1 + countKeys(object[key]);
  return count;
}
