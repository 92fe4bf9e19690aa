import { describe, expect, it } from 'vitest';
import { resolveColorLevel } from '../../../src/output/colour.js';

describe('resolveColorLevel', () => {
  const tty = { isTTY: true, env: {} };
  it('follows --color / --no-color first', () => {
    expect(resolveColorLevel({ ...tty, flag: false })).toBe(0);
    expect(resolveColorLevel({ isTTY: false, env: { NO_COLOR: '1' }, flag: true })).toBeGreaterThan(0);
  });
  it('then NO_COLOR, then FORCE_COLOR', () => {
    expect(resolveColorLevel({ isTTY: true, env: { NO_COLOR: '1' }, flag: undefined })).toBe(0);
    expect(resolveColorLevel({ isTTY: true, env: { NO_COLOR: '1', FORCE_COLOR: '1' }, flag: undefined })).toBe(0);
    expect(resolveColorLevel({ isTTY: false, env: { FORCE_COLOR: '2' }, flag: undefined })).toBe(2);
    expect(resolveColorLevel({ isTTY: true, env: { FORCE_COLOR: '0' }, flag: undefined })).toBe(0);
  });
  it('then whether stdout is a terminal', () => {
    expect(resolveColorLevel({ isTTY: false, env: {}, flag: undefined })).toBe(0);
    expect(resolveColorLevel({ isTTY: true, env: {}, flag: undefined })).toBe(1);
    expect(resolveColorLevel({ isTTY: true, env: { COLORTERM: 'truecolor' }, flag: undefined })).toBe(3);
    expect(resolveColorLevel({ isTTY: true, env: { TERM: 'dumb' }, flag: undefined })).toBe(0);
  });
});
