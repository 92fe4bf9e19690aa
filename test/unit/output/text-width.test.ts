import { describe, expect, it } from 'vitest';
import { packParts, rowsOf, stripAnsi, visibleWidth, wrapWords } from '../../../src/output/text-width.js';

const ESC = String.fromCharCode(27);

describe('visibleWidth', () => {
  it('does not count colour escapes', () => {
    expect(visibleWidth(`${ESC}[1m${ESC}[31m-276,806.51${ESC}[39m${ESC}[22m`)).toBe(11);
    expect(stripAnsi(`${ESC}[38;5;208mwarning${ESC}[39m`)).toBe('warning');
  });

  it('counts the marks and dashes of the tables as one column, East Asian wide characters and emoji as two', () => {
    expect(visibleWidth('1,000.5 ▲')).toBe(9);
    expect(visibleWidth('0.4 ▼')).toBe(5);
    expect(visibleWidth('—')).toBe(1);
    expect(visibleWidth('okx · default…')).toBe(14);
    expect(visibleWidth('港币')).toBe(4);
    expect(visibleWidth('ＵＳＤ')).toBe(6);
    expect(visibleWidth('💰 ok')).toBe(5);
  });

  it('counts combining marks and zero-width characters as nothing', () => {
    expect(visibleWidth('e\u0301')).toBe(1);
    expect(visibleWidth('a\u200bb')).toBe(2);
  });
});

describe('rowsOf', () => {
  it('is the rows a line takes once the terminal wraps it', () => {
    expect(rowsOf('', 40)).toBe(1);
    expect(rowsOf('x'.repeat(40), 40)).toBe(1);
    expect(rowsOf('x'.repeat(41), 40)).toBe(2);
    expect(rowsOf(`${ESC}[2m${'x'.repeat(40)}${ESC}[22m`, 40)).toBe(1);
    expect(rowsOf('港'.repeat(21), 40)).toBe(2);
  });
});

describe('packParts', () => {
  it('puts as many parts on a line as fit, never breaking one', () => {
    expect(packParts(['balance', 'every 30 s', 'next at 09:30:35', 'q to quit'], ' · ', 40)).toEqual([
      'balance · every 30 s · next at 09:30:35',
      'q to quit',
    ]);
    expect(packParts(['a-very-long-part', 'b'], ' ', 5)).toEqual(['a-very-long-part', 'b']);
  });
});

describe('wrapWords', () => {
  it('breaks at spaces, indents the lines after the first, and never breaks a word', () => {
    expect(wrapWords('refresh at 09:30:35 failed: OKX rejected the API key as invalid (50111).', 30, '  ')).toEqual([
      'refresh at 09:30:35 failed:',
      '  OKX rejected the API key as',
      '  invalid (50111).',
    ]);
    expect(wrapWords('minimum 12,345,678,901,234,567,890.12 not met', 20)).toEqual(['minimum', '12,345,678,901,234,567,890.12', 'not met']);
  });
});
