// The token refresh call: the request it builds (signed, never repeated, with
// the data center's header) and how the answer is read — a JWT's own expiry,
// else the answer's expired_at for an opaque token; an error answer throws.
import { describe, expect, it } from 'vitest';
import { BalanceError } from '../../../../src/base/errors.js';
import type { HttpClient, HttpRequest } from '../../../../src/net/http.js';
import { longport } from '../../../../src/providers/longport/index.js';
import { adjustableClock } from '../adjustable-clock.js';

const CREDENTIALS = { appKey: 'us_unit-refresh-key', appSecret: 'unit-refresh-secret', accessToken: 'unit-refresh-old-token' };
const T0 = 1_700_000_000_123;

function answering(body: unknown, status = 200): { http: HttpClient; sent: { request: HttpRequest; headers: Record<string, string> }[] } {
  const sent: { request: HttpRequest; headers: Record<string, string> }[] = [];
  return {
    sent,
    http: {
      send: async (request, read) => {
        sent.push({ request, headers: request.headers() });
        return read({ status, headers: new Headers(), body: JSON.stringify(body) });
      },
    },
  };
}

const renew = (http: HttpClient, expiresAt = new Date('2024-02-12T22:13:20.000Z')) =>
  longport.refresh!.renew({ settings: longport.resolveSettings({}, {}), credentials: CREDENTIALS, http, ...adjustableClock(() => T0) }, expiresAt);

describe('the token refresh', () => {
  it('is a signed GET with expired_at, sent at most once, to the data center of the credentials', async () => {
    const { http, sent } = answering({ code: 0, data: { token: 'unit-refresh-new-token', expired_at: '2024-02-12T22:13:20.000Z', issued_at: '2023-11-14T22:13:20.000Z' } });
    await renew(http);
    const [first] = sent;
    expect(first?.request).toMatchObject({ method: 'GET', path: '/v1/token/refresh', query: 'expired_at=2024-02-12T22%3A13%3A20.000Z', idempotent: false });
    expect(first?.headers).toMatchObject({ Authorization: CREDENTIALS.accessToken, 'X-Api-Key': CREDENTIALS.appKey, 'x-dc-region': 'us' });
    expect(first?.headers['X-Api-Signature']).toMatch(/^HMAC-SHA256 SignedHeaders=authorization;x-api-key;x-timestamp, Signature=[0-9a-f]{64}$/);
  });

  it('an opaque new token: its validity from the answer; the other secrets kept', async () => {
    const { http } = answering({ code: 0, message: '', data: { token: 'unit-refresh-new-token', expired_at: '2024-02-12T22:13:20.000Z', issued_at: '2023-11-14T22:13:20.000Z', account_info: { member_id: 1, aaid: 2, account_channel: 'lb' } } });
    expect(await renew(http)).toEqual({
      credentials: { ...CREDENTIALS, accessToken: 'unit-refresh-new-token' },
      expiresAt: new Date('2024-02-12T22:13:20.000Z'),
      issuedAt: new Date('2023-11-14T22:13:20.000Z'),
    });
  });

  it('an error answer, or one without a token, throws', async () => {
    await expect(renew(answering({ code: 401003, message: 'token expired', data: null }, 401).http)).rejects.toMatchObject({ code: '401003', kind: 'auth' });
    await expect(renew(answering({ code: 0, data: { token: '' } }).http)).rejects.toBeInstanceOf(BalanceError);
    await expect(renew(answering({ code: 0, data: {} }).http)).rejects.toBeInstanceOf(BalanceError);
  });
});
