// The provider against the fake OKX server (test/servers/okx.ts), which checks
// signatures with its own, independent code.
import { afterEach, describe, expect, it } from 'vitest';
import { BalanceError } from '../../../../src/base/errors.js';
import { createHttpClient, type HttpClient, type HttpRequest } from '../../../../src/net/http.js';
import { toPlain } from '../../../../src/base/money.js';
import type { Account } from '../../../../src/base/model.js';
import { okx } from '../../../../src/providers/okx/index.js';
import type { FetchRequest } from '../../../../src/providers/types.js';
import { OKX_TEST_KEY, startOkxServer, type OkxServer, type OkxServerOptions } from '../../../servers/okx.js';
import { adjustableClock } from '../adjustable-clock.js';
import type { Credentials } from '../../../../src/base/settings.js';

/** Quick retries: these tests are about what is sent and read, not about waiting. */
const QUICK = { requestTimeoutMs: 5_000, retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 } };

const CREDENTIALS: Credentials = {
  apiKey: OKX_TEST_KEY.apiKey,
  apiSecret: OKX_TEST_KEY.apiSecret,
  passphrase: OKX_TEST_KEY.passphrase,
};

let server: OkxServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface Setup {
  server?: OkxServerOptions;
  env?: Record<string, string>;
  currencies?: string[];
  credentials?: Credentials;
  now?: () => number;
  http?: HttpClient;
}

async function fetchWith(setup: Setup = {}): Promise<Account[]> {
  server = await startOkxServer(setup.server);
  const request: FetchRequest = {
    settings: okx.resolveSettings({}, { OKX_BASE_URL: server.url, ...setup.env }),
    credentials: setup.credentials ?? CREDENTIALS,
    currencies: setup.currencies ?? [],
    http: setup.http ?? createHttpClient(QUICK),
    ...adjustableClock(setup.now),
  };
  return okx.fetchAccounts(request);
}

async function failure(setup: Setup = {}): Promise<BalanceError> {
  const error: unknown = await fetchWith(setup).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (error instanceof BalanceError) return error;
  throw new Error(`expected a BalanceError, got ${String(error)}`);
}

const rows = (accounts: Account[]) =>
  accounts.flatMap((account) =>
    account.cash.map((row) => [row.currency, toPlain(row.available), toPlain(row.frozen), toPlain(row.withdrawable)]),
  );

const BTC_ETH_USDT = {
  totalEq: '100',
  mgnRatio: '',
  details: [
    { ccy: 'BTC', availBal: '1.5', frozenBal: '0' },
    { ccy: 'ETH', availBal: '20', frozenBal: '1' },
    { ccy: 'USDT', availBal: '300', frozenBal: '' },
  ],
};

/** An HttpClient that answers every request with the given account, whatever it asks for. */
function cannedHttp(account: object, queries: string[] = []): HttpClient {
  return {
    async send(request, read) {
      queries.push(request.query);
      const data = request.path.endsWith('/max-withdrawal') ? [] : [account];
      return read({ status: 200, headers: new Headers(), body: JSON.stringify({ code: '0', msg: '', data }) });
    },
  };
}

describe('OKX fetchAccounts', () => {
  it('reads the balance and the withdrawable amounts from two signed requests', async () => {
    const accounts = await fetchWith({
      server: { maxWithdrawal: [{ ccy: 'USDT', maxWd: '4000.5', maxWdEx: '' }] },
    });
    expect(rows(accounts)).toEqual([['USDT', '4834.317093622894', '158.573', '4000.5']]);
    expect(server!.requests.map((request) => [request.path, request.status])).toEqual(
      expect.arrayContaining([
        ['/api/v5/account/balance', 200],
        ['/api/v5/account/max-withdrawal', 200],
      ]),
    );
    expect(server!.requests).toHaveLength(2);
  });

  it('sends both requests at once', async () => {
    const started: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const real = createHttpClient(QUICK);
    const http: HttpClient = {
      async send(request, read) {
        started.push(request.path);
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        try {
          return await real.send(request, read);
        } finally {
          inFlight--;
        }
      },
    };
    await fetchWith({ http });
    expect(started).toHaveLength(2);
    expect(maxInFlight).toBe(2);
  });

  it('asks for the listed currencies with a raw comma on both endpoints, and shows only those', async () => {
    const accounts = await fetchWith({ server: { balance: BTC_ETH_USDT }, currencies: ['USDT', 'BTC'] });
    expect(server!.requests.map((request) => request.target).sort()).toEqual([
      '/api/v5/account/balance?ccy=USDT,BTC',
      '/api/v5/account/max-withdrawal?ccy=USDT,BTC',
    ]);
    expect(rows(accounts)).toEqual([
      ['BTC', '1.5', '0', '1.5'],
      ['USDT', '300', null, '300'],
    ]);
  });

  it('drops rows a server returns despite the filter', async () => {
    const queries: string[] = [];
    const accounts = await fetchWith({ currencies: ['ETH'], http: cannedHttp(BTC_ETH_USDT, queries) });
    expect(queries).toEqual(['ccy=ETH', 'ccy=ETH']);
    expect(rows(accounts)).toEqual([['ETH', '20', '1', null]]);
  });

  it('sends x-simulated-trading: 1 for a demo key', async () => {
    const accounts = await fetchWith({ server: { demo: true }, env: { OKX_DEMO_TRADING: '1' } });
    expect(accounts[0]!.cash).toHaveLength(1);
    expect(server!.requests.every((request) => request.headers['x-simulated-trading'] === '1')).toBe(true);
  });

  it('gets 50101 for a demo key without demo trading, and a live key with it', async () => {
    expect((await failure({ server: { demo: true } })).code).toBe('50101');
    expect((await failure({ env: { OKX_DEMO_TRADING: '1' } })).code).toBe('50101');
  });

  it('reports a wrong secret as a rejected signature without revealing it', async () => {
    const secret = 'wrong-secret-value-123456';
    const error = await failure({ credentials: { ...CREDENTIALS, apiSecret: secret } });
    expect(error).toMatchObject({ kind: 'auth', code: '50113', status: 401 });
    expect(error.exitCode).toBe(4);
    expect(`${error.message} ${error.hint ?? ''}`).not.toContain(secret);
  });

  it('reports a wrong passphrase and an unknown key', async () => {
    expect((await failure({ credentials: { ...CREDENTIALS, passphrase: 'nope' } })).code).toBe('50105');
    expect((await failure({ credentials: { ...CREDENTIALS, apiKey: 'unknown-key' } })).code).toBe('50119');
  });

  it('on 50102 measures OKX time, corrects the clock and tries once more', async () => {
    server = await startOkxServer();
    const clock = adjustableClock(() => Date.now() - 60_000);
    const accounts = await okx.fetchAccounts({
      settings: okx.resolveSettings({}, { OKX_BASE_URL: server.url }),
      credentials: CREDENTIALS,
      currencies: [],
      http: createHttpClient(QUICK),
      ...clock,
    });
    expect(accounts[0]!.cash).toHaveLength(1);
    expect(Math.abs(clock.offsetMs - 60_000)).toBeLessThan(1_000);
    const answered = server.requests.map((request) => `${request.path} ${request.code}`);
    expect(answered.filter((line) => line.endsWith(' 50102')).length).toBeGreaterThanOrEqual(1);
    expect(answered).toContain('/api/v5/public/time 0');
    expect(answered.slice(-2).sort()).toEqual(['/api/v5/account/balance 0', '/api/v5/account/max-withdrawal 0']);
  });

  it('gives up with 50102 and the clock hint when OKX cannot tell the time', async () => {
    const error = await failure({
      now: () => Date.now() - 60_000,
      server: { faults: [{ path: '/api/v5/public/time', status: 404, body: 'not here', times: 3 }] },
    });
    expect(error).toMatchObject({ kind: 'provider', code: '50102' });
    expect(error.hint).toMatch(/system clock/);
  });

  it('cancels the other request as soon as one fails', async () => {
    const started = Date.now();
    const error = await failure({
      server: {
        faults: [
          { path: '/api/v5/account/balance', code: '50113' },
          { path: '/api/v5/account/max-withdrawal', hang: true },
        ],
      },
    });
    expect(error.code).toBe('50113');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('cancels the trading requests when the funding request fails', async () => {
    const started = Date.now();
    const error = await failure({
      env: { OKX_FUNDING: '1' },
      server: {
        faults: [
          { path: '/api/v5/asset/balances', code: '50120' },
          { path: '/api/v5/account/balance', hang: true },
          { path: '/api/v5/account/max-withdrawal', hang: true },
        ],
      },
    });
    expect(error.code).toBe('50120');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('signs afresh each time headers are built (a retry gets a new timestamp)', async () => {
    let clock = Date.parse('2024-05-01T00:00:00.000Z');
    const seen: string[] = [];
    const canned = cannedHttp({ details: [] });
    const http: HttpClient = {
      send(request, read) {
        seen.push(request.headers()['OK-ACCESS-TIMESTAMP'] ?? '');
        clock += 1500;
        seen.push(request.headers()['OK-ACCESS-TIMESTAMP'] ?? '');
        return canned.send(request, read);
      },
    };
    await fetchWith({ http, now: () => clock });
    expect(seen.slice(0, 2)).toEqual(['2024-05-01T00:00:00.000Z', '2024-05-01T00:00:01.500Z']);
  });

  it('treats a non-zero code with HTTP 200 as an error', async () => {
    const error = await failure({ server: { faults: [{ code: '50120', status: 200, path: '/api/v5/account/balance' }] } });
    expect(error).toMatchObject({ kind: 'auth', code: '50120', status: 200 });
  });

  it('reads an error code sent as a JSON number', async () => {
    const error = await failure({
      server: { faults: [{ status: 401, body: '{"msg":"Invalid Sign","code":50113}', contentType: 'application/json' }] },
    });
    expect(error).toMatchObject({ kind: 'auth', code: '50113' });
  });

  it.each([
    ['50011', 429],
    ['50001', 503],
    ['50013', 429],
  ])('retries %s and reads the answer', async (code, status) => {
    const accounts = await fetchWith({ server: { faults: [{ code, status, path: '/api/v5/account/balance' }] } });
    expect(accounts[0]!.cash).toHaveLength(1);
    expect(server!.requests.filter((request) => request.path === '/api/v5/account/balance').map((request) => request.code)).toEqual([code, '0']);
  });

  it.each([
    ['50011', 429],
    ['50001', 503],
  ])('reports %s as a retryable provider error once the attempts are spent', async (code, status) => {
    const error = await failure({ server: { faults: [{ code, status, times: 6 }] } });
    expect(error).toMatchObject({ kind: 'provider', retryable: true, code, status });
    expect(error.hint).toContain('3 attempts');
  });

  it('reports an HTML error page in one line', async () => {
    const error = await failure({ server: { faults: [{ status: 502, body: '<html><body>Bad gateway</body></html>', times: 6 }] } });
    expect(error.kind).toBe('response');
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe('OKX sent an HTML page instead of JSON (HTTP 502).');
  });

  it('reports an HTTP error status that carries no OKX code', async () => {
    const error = await failure({ server: { faults: [{ status: 500, body: '{"error":"boom"}', times: 6 }] } });
    expect(error).toMatchObject({ kind: 'provider', status: 500, retryable: true });
  });

  it('names the field of a malformed successful answer', async () => {
    const error = await failure({
      server: {
        faults: [
          {
            path: '/api/v5/account/balance',
            body: '{"code":"0","msg":"","data":[{"details":[{"ccy":"BTC","availBal":true}]}]}',
            contentType: 'application/json',
          },
        ],
      },
    });
    expect(error.message).toContain('OKX balance response could not be read: data[0].details[0].availBal');
  });

  it('keeps a huge JSON-number amount exact through the whole path', async () => {
    const accounts = await fetchWith({
      server: {
        faults: [
          {
            path: '/api/v5/account/balance',
            body: '{"code":0,"msg":"","data":[{"totalEq":12345678901234567890.123456789,"details":[{"ccy":"BTC","availBal":12345678901234567890.123456789}]}]}',
            contentType: 'application/json',
          },
        ],
      },
    });
    expect(toPlain(accounts[0]!.cash[0]!.available)).toBe('12345678901234567890.123456789');
    expect(toPlain(accounts[0]!.summary[0]!.value)).toBe('12345678901234567890.123456789');
  });

  it('refuses a successful answer without an account', async () => {
    const error = await failure({
      server: { faults: [{ path: '/api/v5/account/balance', body: '{"code":"0","msg":"","data":[]}' }] },
    });
    expect(error).toMatchObject({ kind: 'response' });
    expect(error.message).toContain('no account');
  });

  it('derives risk from the margin ratio the server sends', async () => {
    const accounts = await fetchWith({ server: { balance: { ...BTC_ETH_USDT, mgnRatio: '1.05' } } });
    expect(accounts[0]).toMatchObject({ riskLevel: 2, riskBasis: 'margin ratio 1.05' });
  });

  describe('with the funding account', () => {
    const FUNDING = [
      { ccy: 'USDT', bal: '2500.5', availBal: '2400.50', frozenBal: '100' },
      { ccy: 'ETH', bal: '37.11827078', availBal: '37.11827078', frozenBal: '0' },
    ];

    it('adds it as its own account of type funding, from a third signed request sent with the others', async () => {
      let inFlight = 0;
      let maxInFlight = 0;
      const real = createHttpClient(QUICK);
      const http: HttpClient = {
        async send(request, read) {
          maxInFlight = Math.max(maxInFlight, ++inFlight);
          try {
            return await real.send(request, read);
          } finally {
            inFlight--;
          }
        },
      };
      const accounts = await fetchWith({ server: { balance: BTC_ETH_USDT, funding: FUNDING }, env: { OKX_FUNDING: '1' }, http });
      expect(accounts.map((account) => account.type)).toEqual(['trading', 'funding']);
      expect(server!.requests.map((request) => `${request.path} ${request.status}`).sort()).toEqual([
        '/api/v5/account/balance 200',
        '/api/v5/account/max-withdrawal 200',
        '/api/v5/asset/balances 200',
      ]);
      expect(maxInFlight).toBe(3);
      const funding = accounts[1]!;
      expect(funding).toMatchObject({ currency: null, riskLevel: 0, summary: [] });
      expect(rows([funding])).toEqual([
        ['USDT', '2400.50', '100', null],
        ['ETH', '37.11827078', '0', null],
      ]);
      expect(toPlain(funding.cash[0]!.extra.find((figure) => figure.key === 'balance')!.value)).toBe('2500.5');
    });

    it('asks it for the listed currencies too', async () => {
      const accounts = await fetchWith({ server: { funding: FUNDING }, env: { OKX_FUNDING: '1' }, currencies: ['USDT'] });
      expect(server!.requests.find((request) => request.path === '/api/v5/asset/balances')?.target).toBe('/api/v5/asset/balances?ccy=USDT');
      expect(rows([accounts[1]!])).toEqual([['USDT', '2400.50', '100', null]]);
    });

    it('is not asked for without the setting', async () => {
      const accounts = await fetchWith({ server: { funding: FUNDING } });
      expect(accounts.map((account) => account.type)).toEqual(['trading']);
      expect(server!.requests.some((request) => request.path === '/api/v5/asset/balances')).toBe(false);
    });

    it('fails the whole fetch with a message naming the funding answer when that answer is broken', async () => {
      const error = await failure({ server: { funding: [{ ccy: 'USDT', availBal: 'lots' }] }, env: { OKX_FUNDING: '1' } });
      expect(error).toMatchObject({ kind: 'response' });
      expect(error.message).toContain('OKX funding balance response could not be read: data[0].availBal');
    });

    it('an OKX error on it is reported like any other', async () => {
      const error = await failure({ server: { faults: [{ path: '/api/v5/asset/balances', code: '50120' }] }, env: { OKX_FUNDING: '1' } });
      expect(error).toMatchObject({ kind: 'auth', code: '50120' });
    });
  });
});
