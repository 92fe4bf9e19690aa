// Text from a server on its way to a terminal: one line, no control or
// direction-changing characters (which could rewrite what the user sees), and
// bounded in length.

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g;

/** One clean line of at most `max` characters; "" for null. A final full stop is dropped, for the caller's own. */
export function serverText(text: string | null | undefined, max = 160): string {
  if (text === null || text === undefined) return '';
  const line = text
    .replace(UNSAFE, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.\u3002]+$/, '');
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

/** Shows unsafe characters as visible escapes ("\\u001b"), for quoting a bad value in an error. */
export function escapeUnsafe(text: string): string {
  return text.replace(UNSAFE, (run) => [...run].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''));
}
