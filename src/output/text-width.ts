// How wide text is on a terminal, and breaking text into lines that fit. Pure.
//
// Colour escapes take no room. East Asian wide and fullwidth characters and
// emoji take two columns, combining marks and zero-width characters none.
// Characters of "ambiguous" width (▲ ▼ — · …) take one, as in tmux, xterm and
// every Western-locale terminal. The tables are padded by this same measure.

const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

/** Characters that take no column: controls, combining marks, zero-width space/joiners, variation selectors. */
const ZERO_WIDTH = /^[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2060-\u2064\ufe00-\ufe0f\ufeff\p{M}]$/u;

/** Code point ranges East Asian Width calls wide (W) or fullwidth (F), emoji included. */
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x231a, 0x231b],
  [0x2329, 0x232a],
  [0x23e9, 0x23ec],
  [0x23f0, 0x23f0],
  [0x23f3, 0x23f3],
  [0x25fd, 0x25fe],
  [0x2614, 0x2615],
  [0x2648, 0x2653],
  [0x267f, 0x267f],
  [0x2693, 0x2693],
  [0x26a1, 0x26a1],
  [0x26aa, 0x26ab],
  [0x26bd, 0x26be],
  [0x26c4, 0x26c5],
  [0x26ce, 0x26ce],
  [0x26d4, 0x26d4],
  [0x26ea, 0x26ea],
  [0x26f2, 0x26f3],
  [0x26f5, 0x26f5],
  [0x26fa, 0x26fa],
  [0x26fd, 0x26fd],
  [0x2705, 0x2705],
  [0x270a, 0x270b],
  [0x2728, 0x2728],
  [0x274c, 0x274c],
  [0x274e, 0x274e],
  [0x2753, 0x2755],
  [0x2757, 0x2757],
  [0x2795, 0x2797],
  [0x27b0, 0x27b0],
  [0x27bf, 0x27bf],
  [0x2b1b, 0x2b1c],
  [0x2b50, 0x2b50],
  [0x2b55, 0x2b55],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x16fe0, 0x16fe4],
  [0x17000, 0x18cff],
  [0x1b000, 0x1b2ff],
  [0x1f004, 0x1f004],
  [0x1f0cf, 0x1f0cf],
  [0x1f18e, 0x1f18e],
  [0x1f191, 0x1f19a],
  [0x1f200, 0x1f251],
  [0x1f300, 0x1f64f],
  [0x1f680, 0x1f6ff],
  [0x1f7e0, 0x1f7eb],
  [0x1f90c, 0x1f9ff],
  [0x1fa70, 0x1faff],
  [0x20000, 0x3fffd],
];

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** Printable ASCII only: one column per character. */
const NARROW = /^[\u0020-\u007e]*$/;

/** Columns one line of text takes on a terminal. */
export function visibleWidth(text: string): number {
  const plain = text.includes('\u001b') ? stripAnsi(text) : text;
  if (NARROW.test(plain)) return plain.length;
  let width = 0;
  for (const char of plain) width += charWidth(char);
  return width;
}

/** Terminal rows a line takes once the terminal wraps it at `width` columns (an empty line takes one). */
export function rowsOf(line: string, width: number): number {
  return Math.max(1, Math.ceil(visibleWidth(line) / Math.max(1, width)));
}

/** Pads to `width` columns on the left (right-aligns). */
export function padStartTo(text: string, width: number): string {
  return `${' '.repeat(Math.max(0, width - visibleWidth(text)))}${text}`;
}

/** Pads to `width` columns on the right (left-aligns). */
export function padEndTo(text: string, width: number): string {
  return `${text}${' '.repeat(Math.max(0, width - visibleWidth(text)))}`;
}

/**
 * Packs parts into lines of at most `width` columns, `separator` between the
 * parts of a line. A part is never broken: one wider than `width` has a line
 * of its own. Parts may be coloured.
 */
export function packParts(parts: readonly string[], separator: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  let used = 0;
  for (const part of parts) {
    const size = visibleWidth(part);
    if (line !== '' && used + visibleWidth(separator) + size > width) {
      lines.push(line);
      line = '';
      used = 0;
    }
    if (line !== '') {
      line += separator;
      used += visibleWidth(separator);
    }
    line += part;
    used += size;
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

/**
 * Breaks text into lines of at most `width` columns at spaces; the lines after
 * the first start with `indent`. A word is never broken (it may be a number):
 * one wider than a line has a line of its own, and the terminal wraps it.
 */
export function wrapWords(text: string, width: number, indent = ''): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/ +/).filter((candidate) => candidate !== '')) {
    if (line === '') line = `${lines.length === 0 ? '' : indent}${word}`;
    else if (visibleWidth(`${line} ${word}`) <= width) line = `${line} ${word}`;
    else {
      lines.push(line);
      line = `${indent}${word}`;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

function charWidth(char: string): number {
  if (ZERO_WIDTH.test(char)) return 0;
  const code = char.codePointAt(0)!;
  if (code < 0x1100) return 1;
  for (const [low, high] of WIDE) {
    if (code < low) return 1;
    if (code <= high) return 2;
  }
  return 1;
}
