// What `auth status` shows of a credential, and "did you mean" for option values.
import { describe, expect, it } from 'vitest';
import { maskSecret } from '../../../src/base/redact.js';
import { closestWord } from '../../../src/base/suggest.js';

describe('maskSecret', () => {
  it('a secret shows none of its characters: **** or fewer stars when shorter', () => {
    expect(maskSecret('a-long-api-secret-value', { isPublic: false })).toBe('****');
    expect(maskSecret('Zq7!', { isPublic: false })).toBe('****');
    expect(maskSecret('ab', { isPublic: false })).toBe('**');
    expect(maskSecret('', { isPublic: false })).toBe('');
  });

  it('a public key shows at most a quarter of itself, and at most four characters', () => {
    expect(maskSecret('okx-e2e-key-3f9a1c', { isPublic: true })).toBe('okx-****');
    expect(maskSecret('Qk7vshortkey', { isPublic: true })).toBe('Qk7****');
    expect(maskSecret('abcdefg', { isPublic: true })).toBe('a****');
    expect(maskSecret('abc', { isPublic: true })).toBe('***');
  });
});

describe('closestWord', () => {
  it('suggests the choice a typo was meant to be, and nothing for a word far from every choice', () => {
    expect(closestWord('jsno', ['table', 'tsv', 'json', 'csv'])).toBe('json');
    expect(closestWord('meduim', ['safe', 'medium', 'warning', 'danger'])).toBe('medium');
    expect(closestWord('okz', ['longport', 'longbridge', 'okx', 'sample'])).toBe('okx');
    expect(closestWord('lo', ['longport', 'okx'])).toBe('longport');
    expect(closestWord('nasdaq', ['longport', 'longbridge', 'okx', 'sample'])).toBeNull();
  });
});
