import { describe, expect, it } from 'vitest';
import { httpStatusError, okxError } from '../../../../src/providers/okx/errors.js';

describe('OKX error codes', () => {
  it.each(['50101', '50103', '50104', '50105', '50106', '50107', '50110', '50111', '50113', '50114', '50119', '50120'])(
    '%s is a credential problem: exit 4, not retryable',
    (code) => {
      const error = okxError(code, 'server text', 401);
      expect(error.kind).toBe('auth');
      expect(error.exitCode).toBe(4);
      expect(error.retryable).toBe(false);
      expect(error.code).toBe(code);
      expect(error.message).toContain(`(${code})`);
      expect(error.message).not.toContain('\n');
      expect(error.hint).toBeTruthy();
    },
  );

  it('says which secret to check for a rejected signature, not where it came from (environment, profile or login)', () => {
    const error = okxError('50113', 'Invalid Sign', 401);
    expect(error.message).toBe('OKX rejected the signature (50113).');
    expect(error.hint).toBe('Check the API secret and the API passphrase.');
    for (const code of ['50103', '50104', '50105', '50106', '50111', '50113', '50114']) {
      expect(okxError(code, '', 401).hint, code).not.toMatch(/OKX_API_/);
    }
    expect(httpStatusError(401).hint).not.toMatch(/OKX_API_/);
  });

  it('points a missing key at the regional sites', () => {
    expect(okxError('50119', "API key doesn't exist", 401).hint).toContain(
      'if your account was opened on my.okx.com use --site eea; app.okx.com: --site us',
    );
  });

  it('points demo/live mismatches at --demo-trading', () => {
    expect(okxError('50101', '', 401).hint).toContain('--demo-trading');
  });

  it.each(['50102', '50112'])('%s is a clock problem: exit 1 with a hint about the system clock', (code) => {
    const error = okxError(code, '', 401);
    expect(error.kind).toBe('provider');
    expect(error.exitCode).toBe(1);
    expect(error.hint).toMatch(/system clock/);
  });

  it.each([
    ['50001', 503],
    ['50011', 429],
    ['50013', 429],
  ])('%s is retryable, exit 1', (code, status) => {
    const error = okxError(code, '', status);
    expect(error).toMatchObject({ kind: 'provider', retryable: true, code, status });
    expect(error.exitCode).toBe(1);
  });

  it('passes an unknown code through with the server text on one line', () => {
    const error = okxError('51000', 'Parameter ccy\nerror', 400);
    expect(error.message).toBe('OKX answered with error 51000: Parameter ccy error (HTTP 400).');
    expect(error).toMatchObject({ kind: 'provider', retryable: false, code: '51000' });
  });

  it('treats unknown codes with a 5xx or 429 status as retryable', () => {
    expect(okxError('59999', '', 502).retryable).toBe(true);
    expect(okxError('59999', '', 429).retryable).toBe(true);
  });

  it('turns a bare HTTP error status into a provider error', () => {
    expect(httpStatusError(502)).toMatchObject({ kind: 'provider', retryable: true, status: 502 });
    expect(httpStatusError(404)).toMatchObject({ kind: 'provider', retryable: false });
    expect(httpStatusError(404).message).toBe('OKX answered HTTP 404 (not found): the base URL is probably wrong.');
    expect(httpStatusError(410).message).toBe('OKX answered HTTP 410 without an error code.');
  });

  it('takes a bare 401 for rejected credentials: exit 4', () => {
    expect(httpStatusError(401)).toMatchObject({ kind: 'auth', retryable: false, status: 401 });
    expect(httpStatusError(401).exitCode).toBe(4);
    expect(httpStatusError(401).hint).toContain('API secret');
  });

  it('puts a hostile server message on one line without control characters', () => {
    const error = okxError('51000', `bad\n\u001b[2Jwiped\u202e ${'x'.repeat(500)}`, 400);
    expect(error.message).not.toMatch(/[\n\u001b\u202e]/);
    expect(error.message.length).toBeLessThan(250);
  });
});
