// fetchAccounts: the request it builds (with a recording HttpClient) and the
// whole exchange against the fake server, whose signature check is written
// independently of src/.
import { afterEach, describe, expect, it } from 'vitest';
import { BalanceError } from '../../../../src/base/errors.js';
import { createHttpClient, type HttpClient, type HttpRequest } from '../../../../src/net/http.js';
import type { Account } from '../../../../src/base/model.js';
import { accountQuery } from '../../../../src/providers/longport/client.js';
import { longbridge, longport } from '../../../../src/providers/longport/index.js';
import { signature } from '../../../../src/providers/longport/sign.js';
import type { Provider } from '../../../../src/providers/types.js';
import { readSeedFixture, startLongportServer, TEST_CREDENTIALS, type LongportServer } from '../../../servers/longport.js';
import { adjustableClock } from '../adjustable-clock.js';
import type { Credentials, Env, SettingsInput } from '../../../../src/base/settings.js';

const credentials: Credentials = { ...TEST_CREDENTIALS };
const T0 = 1_700_000_000_123;

/** An HttpClient that records requests and their headers, answering with the seed. */
function recordingClient(): { http: HttpClient; sent: { request: HttpRequest; headers: Record<string, string> }[] } {
  const sent: { request: HttpRequest; headers: Record<string, string> }[] = [];
  const http: HttpClient = {
    send: async (request, read) => {
      sent.push({ request, headers: request.headers() });
      return read({ status: 200, headers: new Headers(), body: readSeedFixture('seed-000-account.json') });
    },
  };
  return { http, sent };
}

async function fetchWith(
  provider: Provider,
  http: HttpClient,
  options: { flags?: SettingsInput; env?: Env; currencies?: string[]; now?: () => number; credentials?: Credentials } = {},
): Promise<Account[]> {
  return provider.fetchAccounts({
    settings: provider.resolveSettings(options.flags ?? {}, options.env ?? {}),
    credentials: options.credentials ?? credentials,
    currencies: options.currencies ?? [],
    http,
    ...adjustableClock(options.now ?? (() => T0)),
  });
}

describe('the request', () => {
  it('asks for one currency by query, signed over exactly that query', async () => {
    const { http, sent } = recordingClient();
    await fetchWith(longport, http, { currencies: ['HKD'] });
    const [first] = sent;
    expect(first?.request).toMatchObject({ method: 'GET', path: '/v1/asset/account', query: 'currency=HKD' });
    expect(first?.request.baseUrl.href).toBe('https://openapi.longportapp.com/');
    expect(first?.headers).toMatchObject({
      'X-Api-Key': 'testkey',
      Authorization: 'testtoken',
      'X-Timestamp': '1700000000.123',
      // The reference's sub-second vector.
      'X-Api-Signature':
        'HMAC-SHA256 SignedHeaders=authorization;x-api-key;x-timestamp, Signature=b93c1f8766e953b306b40a56229d9ddae3d6428de9e699214456e6030c215ea3',
    });
  });

  it('sends no currency when several or none are asked for, and none to the 2022 API', () => {
    expect(accountQuery(false, ['HKD'])).toBe('currency=HKD');
    expect(accountQuery(false, ['HKD', 'USD'])).toBe('');
    expect(accountQuery(false, ['CNH'])).toBe('currency=CNH');
    // Not a currency the endpoint takes: the default view, filtered locally.
    expect(accountQuery(false, ['USDT'])).toBe('');
    expect(accountQuery(false, [])).toBe('');
    expect(accountQuery(true, ['HKD'])).toBe('');
  });

  it('asks the 2022 path on the 2022 host with --legacy-api', async () => {
    const { http, sent } = recordingClient();
    await fetchWith(longbridge, http, { flags: { legacyApi: true }, currencies: ['HKD'] });
    expect(sent[0]?.request.baseUrl.href).toBe('https://openapi.longbridge.sg/');
    expect(sent[0]?.request).toMatchObject({ path: '/v1/trade/asset/GetAccountCashInfo', query: '' });
  });

  it('signs afresh with a new timestamp on every attempt', async () => {
    let clock = T0;
    const { http, sent } = recordingClient();
    await fetchWith(longport, http, { now: () => clock });
    const request = sent[0]?.request;
    if (request === undefined) throw new Error('nothing sent');
    clock += 25;
    const retry = request.headers();
    expect(retry['X-Timestamp']).toBe('1700000000.148');
    expect(retry['X-Api-Signature']).not.toBe(sent[0]?.headers['X-Api-Signature']);
  });

  it('signs the full path when the base URL has a path of its own', async () => {
    const { http, sent } = recordingClient();
    await fetchWith(longport, http, { flags: { baseUrl: 'https://gateway.example.com/longport/' } });
    const expected = signature({
      appKey: 'testkey',
      appSecret: 'testsecret',
      accessToken: 'testtoken',
      method: 'GET',
      path: '/longport/v1/asset/account',
      query: '',
      timestamp: '1700000000.123',
    });
    expect(sent[0]?.headers['X-Api-Signature']).toContain(`Signature=${expected}`);
  });

  it('sends Accept-Language only when a language is set', async () => {
    const withLanguage = recordingClient();
    await fetchWith(longport, withLanguage.http, { env: { LONGPORT_LANGUAGE: 'zh-CN' } });
    expect(withLanguage.sent[0]?.headers['Accept-Language']).toBe('zh-CN');
    const without = recordingClient();
    await fetchWith(longport, without.http);
    expect(without.sent[0]?.headers).not.toHaveProperty('Accept-Language');
  });

  it('refuses incomplete credentials without sending anything', async () => {
    const { http, sent } = recordingClient();
    const attempt = fetchWith(longport, http, { credentials: { appKey: 'testkey', appSecret: 'testsecret' } });
    await expect(attempt).rejects.toMatchObject({ kind: 'auth', message: 'Longport credentials are incomplete: no access token.' });
    expect(sent).toHaveLength(0);
  });
});

describe('against the fake server', () => {
  let server: LongportServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  // Quick retries: these tests are about what is sent and read, not about waiting.
  const http = createHttpClient({ requestTimeoutMs: 5_000, retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 } });
  const local = (url: string): SettingsInput => ({ baseUrl: url });

  async function failure(promise: Promise<unknown>): Promise<BalanceError> {
    try {
      await promise;
    } catch (error) {
      if (error instanceof BalanceError) return error;
      throw error;
    }
    throw new Error('expected a failure');
  }

  it('passes the server signature check and reads the balance in the asked currency', async () => {
    server = await startLongportServer();
    const accounts = await fetchWith(longport, http, { flags: local(server.url), currencies: ['USD'], now: Date.now });
    expect(server.requests[0]).toMatchObject({ path: '/v1/asset/account', query: 'currency=USD', status: 200, code: 0 });
    expect(accounts[0]?.currency).toBe('USD');
    expect(accounts[0]?.cash.map((row) => row.currency)).toEqual(['HKD', 'USD']);
  });

  it('reads the 2022 bare list from the legacy path', async () => {
    server = await startLongportServer({ useMsg: true });
    const accounts = await fetchWith(longbridge, http, { flags: { ...local(server.url), legacyApi: true }, now: Date.now });
    expect(server.requests[0]?.path).toBe('/v1/trade/asset/GetAccountCashInfo');
    expect(accounts[0]?.cash[1]?.settling?.toFixed()).toBe('-276806.51');
  });

  it('sends the language the server is asked to answer in', async () => {
    server = await startLongportServer();
    await fetchWith(longport, http, { flags: local(server.url), env: { LONGPORT_LANGUAGE: 'zh-HK' }, now: Date.now });
    expect(server.requests[0]?.headers['accept-language']).toBe('zh-HK');
  });

  it('turns a wrong secret into 403201 without revealing any secret, and does not retry it', async () => {
    server = await startLongportServer();
    const wrong = { ...credentials, appSecret: 'wrong-secret-value' };
    const error = await failure(fetchWith(longport, http, { flags: local(server.url), credentials: wrong, now: Date.now }));
    expect(error).toMatchObject({ kind: 'auth', code: '403201', status: 403 });
    expect(server.requests).toHaveLength(1);
    const text = `${error.message}\n${error.hint ?? ''}`;
    for (const secret of ['wrong-secret-value', 'testsecret', 'testtoken']) expect(text).not.toContain(secret);
  });

  it('corrects a clock far off the server clock from its Date header, and retries once', async () => {
    server = await startLongportServer();
    const clock = adjustableClock(() => Date.now() - 10 * 60_000);
    const accounts = await longport.fetchAccounts({
      settings: longport.resolveSettings(local(server.url), {}),
      credentials,
      currencies: [],
      http,
      ...clock,
    });
    expect(accounts).toHaveLength(1);
    expect(server.requests.map((request) => request.code)).toEqual([403201, 0]);
    // The Date header has whole seconds.
    expect(Math.abs(clock.offsetMs - 10 * 60_000)).toBeLessThan(1_600);
  });

  it('gives up with 403201 and the clock hint when the corrected request is refused too', async () => {
    server = await startLongportServer();
    const wrong = { ...credentials, appSecret: 'wrong-secret-value' };
    const skewed = () => Date.now() - 10 * 60_000;
    const error = await failure(fetchWith(longport, http, { flags: local(server.url), credentials: wrong, now: skewed }));
    expect(error.code).toBe('403201');
    expect(error.hint).toContain('system clock');
    expect(server.requests).toHaveLength(2);
  });

  it('reports an expired token, an unknown token and an unknown key', async () => {
    server = await startLongportServer({ expiredToken: 'old-token' });
    const run = (override: Record<string, string>) =>
      failure(fetchWith(longport, http, { flags: local(server?.url ?? ''), credentials: { ...credentials, ...override }, now: Date.now }));
    expect(await run({ accessToken: 'old-token' })).toMatchObject({ kind: 'auth', code: '401003' });
    expect(await run({ accessToken: 'other-token' })).toMatchObject({ kind: 'auth', code: '401004' });
    expect(await run({ appKey: 'other-key' })).toMatchObject({ kind: 'auth', code: '403203' });
  });

  it('reports a reused timestamp as a retryable duplicate, after retrying it', async () => {
    server = await startLongportServer();
    const fixed = Date.now();
    await fetchWith(longport, http, { flags: local(server.url), now: () => fixed });
    const error = await failure(fetchWith(longport, http, { flags: local(server.url), now: () => fixed }));
    expect(error).toMatchObject({ kind: 'provider', code: '403202', retryable: true });
    expect(error.hint).toContain('3 attempts');
    expect(server.requests.map((request) => request.code)).toEqual([0, 403202, 403202, 403202]);
    // A millisecond later is a new request.
    await fetchWith(longport, http, { flags: local(server.url), now: () => fixed + 1 });
  });

  it('retries a 500000 with a freshly signed request and reads the answer', async () => {
    server = await startLongportServer();
    server.enqueue({ status: 500, body: { code: 500000, message: 'internal error', data: null } });
    expect(await fetchWith(longport, http, { flags: local(server.url), now: Date.now })).toHaveLength(1);
    const [first, second] = server.requests;
    expect([first?.status, second?.status]).toEqual([500, 200]);
    expect(first?.headers['x-timestamp']).not.toBe(second?.headers['x-timestamp']);
  });

  it('gives up on 500000 after three attempts: retryable, exit 1', async () => {
    server = await startLongportServer();
    const reply = { status: 500, body: { code: 500000, message: 'internal error', data: null } };
    server.enqueue(reply, reply, reply);
    const error = await failure(fetchWith(longport, http, { flags: local(server.url), now: Date.now }));
    expect(error).toMatchObject({ kind: 'provider', code: '500000', exitCode: 1 });
    expect(server.requests).toHaveLength(3);
  });
});
