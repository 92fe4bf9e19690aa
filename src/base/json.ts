// Lossless JSON: numbers keep their exact source text, so a JSON number with
// more digits than a double holds still reaches the screen digit for digit.
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
  return parse(text, null, { parseNumber: (raw) => new JsonNumber(raw) });
}
