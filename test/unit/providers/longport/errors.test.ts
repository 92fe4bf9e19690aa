// Error answers → errors that say what to do, with the provider's code kept.
import { describe, expect, it } from 'vitest';
import { BalanceError } from '../../../../src/base/errors.js';
import { LONGBRIDGE, LONGPORT } from '../../../../src/providers/longport/brand.js';
import { readAccounts } from '../../../../src/providers/longport/client.js';

function refusal(status: number, body: string | object, brand = LONGPORT): BalanceError {
  try {
    readAccounts(brand, { status, body: typeof body === 'string' ? body : JSON.stringify(body) });
  } catch (error) {
    if (error instanceof BalanceError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

const answer = (code: number, message: string, key = 'message'): object => ({ code, [key]: message, data: null });

describe('known codes', () => {
  it.each([
    [403, 403201, 'auth', 4, false, /signature/, /check the app secret; check the system clock/i],
    [403, 403202, 'provider', 1, true, /duplicate/, /retry/i],
    [403, 403203, 'auth', 4, false, /app key/, /check the app key/i],
    [403, 403205, 'auth', 4, false, /IP address/, /add this IP to the key's allow list/i],
    [401, 401003, 'auth', 4, false, /expired/, /cannot be renewed: issue a new one in the developer portal/i],
    [401, 401004, 'auth', 4, false, /access token/, /re-issue the access token/i],
    [429, 429001, 'provider', 1, true, /rate-limited/, /retry/i],
    [429, 429002, 'provider', 1, true, /rate-limited/, /retry/i],
    [500, 500000, 'provider', 1, true, /internal error/, /retry later/i],
    [400, 1470400, 'provider', 1, false, /malformed/, /check/i],
    [403, 1470403, 'auth', 4, false, /forbade/, /permission/i],
  ] as const)('HTTP %i code %i → %s (exit %i)', (status, code, kind, exit, retryable, what, hint) => {
    const error = refusal(status, answer(code, 'server words'));
    expect(error.kind).toBe(kind);
    expect(error.exitCode).toBe(exit);
    expect(error.retryable).toBe(retryable);
    expect(error.code).toBe(String(code));
    expect(error.status).toBe(status);
    expect(error.provider).toBe('longport');
    expect(error.message).toMatch(what);
    expect(error.message).toContain(`(${code})`);
    expect(error.hint).toMatch(hint);
  });

  it('says what was rejected in one line, naming the provider and the code', () => {
    const error = refusal(403, answer(403201, 'signature invalid'), LONGBRIDGE);
    expect(error.message).toBe('Longbridge rejected the signature (403201).');
    expect(error.hint).toBe('Check the app secret; check the system clock.');
  });

  it('reads the code from msg-style and string-code bodies too', () => {
    expect(refusal(401, { code: '401003', msg: 'token expired' }).code).toBe('401003');
  });

  it('keeps the server detail for a 2022 bad request', () => {
    const error = refusal(400, { code: 1470400, msg: 'currency not supported.' }, LONGBRIDGE);
    expect(error.message).toBe('Longbridge rejected the request as malformed (1470400): currency not supported.');
  });
});

describe('other errors', () => {
  it('reports an unknown non-zero code with the server message, even on HTTP 200', () => {
    const error = refusal(200, answer(310010, 'account not found'));
    expect(error.kind).toBe('provider');
    expect(error.code).toBe('310010');
    expect(error.retryable).toBe(false);
    expect(error.message).toBe('Longport answered with error 310010 (HTTP 200): account not found.');
  });

  it('treats an error status with code 0 as an error, not as a balance', () => {
    const error = refusal(502, { code: 0, message: 'bad gateway', data: { list: [] } });
    expect(error.kind).toBe('provider');
    expect(error.retryable).toBe(true);
    expect(error.code).toBeUndefined();
    expect(error.message).toBe('Longport answered HTTP 502: bad gateway.');
  });

  it('reports an error status whose body is not JSON by its status', () => {
    const error = refusal(503, '<html><body>Service Unavailable</body></html>');
    expect(error.kind).toBe('provider');
    expect(error.retryable).toBe(true);
    expect(error.message).toBe('Longport answered HTTP 503.');
    const notFound = refusal(404, '');
    expect(notFound.retryable).toBe(false);
    expect(notFound.message).toBe('Longport answered HTTP 404 (not found): the base URL is probably wrong.');
  });

  it('takes a 401 without a code for rejected credentials: exit 4', () => {
    const error = refusal(401, '<html>Unauthorized</html>');
    expect(error).toMatchObject({ kind: 'auth', retryable: false, status: 401 });
    expect(error.exitCode).toBe(4);
    expect(error.message).toBe('Longport refused the credentials (HTTP 401).');
  });

  it('keeps a hostile server message to one bounded line', () => {
    const error = refusal(400, answer(999, `bad\n\u001b[31mred\u001b[0m ${'x'.repeat(500)}`));
    expect(error.message).not.toMatch(/[\n\u001b]/);
    expect(error.message.length).toBeLessThan(300);
  });
});
