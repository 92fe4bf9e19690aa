import { describe, expect, it } from 'vitest';
import { escapeUnsafe, serverText } from '../../../src/base/text.js';

const ESC = String.fromCharCode(27);

describe('serverText', () => {
  it('makes one clean, bounded line of what a server said', () => {
    expect(serverText('Parameter ccy\nerror.')).toBe('Parameter ccy error');
    expect(serverText(`red ${ESC}[31malert${ESC}[0m`)).toBe('red [31malert [0m');
    expect(serverText('abc\u202Edef')).toBe('abc def');
    expect(serverText('x'.repeat(300), 10)).toBe(`${'x'.repeat(10)}…`);
    expect(serverText(null)).toBe('');
  });
});

describe('escapeUnsafe', () => {
  it('shows control and direction characters as escapes', () => {
    expect(escapeUnsafe(`a${ESC}[31mb\u202Ec`)).toBe('a\\u001b[31mb\\u202ec');
    expect(escapeUnsafe('plain text, "quoted"')).toBe('plain text, "quoted"');
  });
});
