// The order profile names are listed and stored in: that of
// String.prototype.localeCompare under Unicode's root collation (English and
// most locales) — case-insensitive first, lower case before upper on a tie,
// "_" before "-" before digits before letters, digits one by one — worked out
// here for the characters a profile name may hold (letters, digits, - and _).
// The first localeCompare of a process sets up ICU's collator, which costs
// some 6 ms, a tenth of a `balance show` with two stored profiles. Other text
// is compared by localeCompare itself.

const NAME = /^[A-Za-z0-9_-]*$/;

/** The primary weight of a name's character: _ < - < 0–9 < a–z (either case). */
function weight(code: number): number {
  if (code === 0x5f) return 0; // _
  if (code === 0x2d) return 1; // -
  if (code <= 0x39) return 2 + code - 0x30; // 0-9
  return 12 + ((code | 0x20) - 0x61); // A-Z, a-z
}

/** Negative when `a` comes first, positive when `b` does, 0 when they are the same name. */
export function compareNames(a: string, b: string): number {
  if (!NAME.test(a) || !NAME.test(b)) return a.localeCompare(b);
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const difference = weight(a.charCodeAt(index)) - weight(b.charCodeAt(index));
    if (difference !== 0) return difference < 0 ? -1 : 1;
  }
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  // The same letters: the first that differs in case decides, lower case first.
  for (let index = 0; index < length; index++) {
    const x = a.charCodeAt(index);
    const y = b.charCodeAt(index);
    if (x !== y) return x > y ? -1 : 1;
  }
  return 0;
}
