// `balance show --provider okx` through the built binary, against the fake OKX
// server (test/servers/okx.ts), which checks every signature the way OKX does.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import schema from '../../schema/balance-report.v1.json' with { type: 'json' };
import { OKX_TEST_KEY, okxTestEnv, startOkxServer, type OkxServer, type OkxServerOptions } from '../servers/okx.js';
import { OKX_UNKNOWN_KEY, OKX_WRONG_SECRET as WRONG_SECRET } from '../secrets.js';
import { allOutputs, runBalance } from './harness.js';

const ESC = String.fromCharCode(27);

const servers: OkxServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(options: OkxServerOptions = {}): Promise<OkxServer> {
  const server = await startOkxServer(options);
  servers.push(server);
  return server;
}

const okxEnv = okxTestEnv;

async function show(server: OkxServer, args: string[] = [], env: Record<string, string> = {}) {
  return runBalance(['show', '--provider', 'okx', ...args], { env: okxEnv(server, env) });
}

const lines = (text: string): string[] => text.split('\n').filter((line) => line !== '');

const THREE_CURRENCIES = {
  totalEq: '71000.5',
  adjEq: '70000',
  mgnRatio: '2.25',
  upl: '-12.5',
  details: [
    { ccy: 'BTC', availBal: '0.5', frozenBal: '0.01', eq: '0.51', cashBal: '0.51', eqUsd: '30000' },
    { ccy: 'ETH', availBal: '10', frozenBal: '0', eq: '10', cashBal: '10', eqUsd: '25000' },
    { ccy: 'USDT', availBal: '16000.25', frozenBal: '', eq: '16000.25', cashBal: '16000.25', eqUsd: '16000' },
  ],
};

describe('balance show --provider okx', () => {
  it('prints TSV into a pipe: the docs example, withdrawable from max-withdrawal', async () => {
    const server = await serve({ maxWithdrawal: [{ ccy: 'USDT', maxWd: '4000.50', maxWdEx: '5000' }] });
    const result = await show(server);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('okx\tdefault\ttrading\tUSDT\t4834.317093622894\t158.573\t\t4000.50\tsafe\n');
    expect(server.requests.map((request) => `${request.target} ${request.status}`).sort()).toEqual([
      '/api/v5/account/balance 200',
      '/api/v5/account/max-withdrawal 200',
    ]);
    expect(server.requests.every((request) => request.headers['x-simulated-trading'] === undefined)).toBe(true);
  });

  it('never rewrites data: a secret that equals digits of an amount leaves the amount intact', async () => {
    // The passphrase "4834" is also the start of the USDT balance, 4834.317093622894.
    const server = await serve({ passphrase: '4834' });
    const tsv = await show(server, [], { OKX_API_PASSPHRASE: '4834' });
    expect(tsv.code, tsv.stderr).toBe(0);
    expect(tsv.stdout).toContain('\tUSDT\t4834.317093622894\t');
    const json = await show(server, ['--json'], { OKX_API_PASSPHRASE: '4834' });
    expect(JSON.parse(json.stdout).balances[0].accounts[0].cash[0].available).toBe('4834.317093622894');
  });

  it('a credential with a character HTTP cannot carry is a credentials error (exit 4) at once, not a network retry', async () => {
    const server = await serve();
    const result = await show(server, ['--debug'], { OKX_API_PASSPHRASE: 'pässwörd€' });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('cannot be sent (in the OK-ACCESS-PASSPHRASE header)');
    expect(result.stderr).not.toContain('pässwörd€');
    expect(server.requests).toHaveLength(0);
    expect(result.stderr).not.toMatch(/attempt 2/);
  });

  it('--json follows the published contract', async () => {
    const server = await serve({ balance: THREE_CURRENCIES });
    const result = await show(server, ['--json']);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    const ajv = new Ajv2020.default({ allErrors: true, strict: false });
    addFormats.default(ajv);
    ajv.validate(schema, doc);
    expect(ajv.errors ?? []).toEqual([]);
    expect(result.stdout.trimEnd()).not.toContain('\n'); // compact in a pipe
    expect(doc).toMatchObject({ schemaVersion: 1, errors: [] });
    expect(doc.balances).toHaveLength(1);
    expect(doc.balances[0]).toMatchObject({ provider: 'okx', profile: 'default', sample: false });
    const [account] = doc.balances[0].accounts;
    expect(account).toMatchObject({
      type: 'trading',
      currency: 'USD',
      riskLevel: 1,
      risk: 'medium',
      riskBasis: 'margin ratio 2.25',
      summary: {
        totalEquity: '71000.5',
        adjustedEquity: '70000',
        availableEquity: null,
        marginRatio: '2.25',
        unrealizedPnl: '-12.5',
      },
    });
    expect(account.cash.find((row: { currency: string }) => row.currency === 'USDT')).toEqual({
      currency: 'USDT',
      available: '16000.25',
      frozen: null,
      settling: null,
      withdrawable: '16000.25',
      equity: '16000.25',
      cashBalance: '16000.25',
      liabilities: null,
      unrealizedPnl: null,
      equityUsd: '16000',
    });
  });

  it('--format csv has a header row; --format tsv has none', async () => {
    const server = await serve({ balance: THREE_CURRENCIES });
    const csv = await show(server, ['--format', 'csv']);
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\r\n')).toEqual([
      'provider,profile,account,currency,available,frozen,settling,withdrawable,risk',
      'okx,default,trading,BTC,0.5,0.01,,0.5,medium',
      'okx,default,trading,ETH,10,0,,10,medium',
      'okx,default,trading,USDT,16000.25,,,16000.25,medium',
      '',
    ]);
    const tsv = await show(server, ['--format', 'tsv']);
    expect(lines(tsv.stdout)).toHaveLength(3);
    expect(lines(tsv.stdout)[0]).toBe('okx\tdefault\ttrading\tBTC\t0.5\t0.01\t\t0.5\tmedium');
  });

  it('--format table shows the summary and grouped amounts, without colour in a pipe', async () => {
    const server = await serve({ balance: THREE_CURRENCIES });
    const result = await show(server, ['--format', 'table']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Total equity (USD)');
    expect(result.stdout).toContain('71,000.5');
    expect(result.stdout).toContain('16,000.25');
    expect(result.stdout).toContain('margin ratio 2.25');
    expect(result.stdout).not.toContain(ESC);
  });

  it('--currency usdt,btc asks OKX for those (signed as sent) and shows only them', async () => {
    const server = await serve({ balance: THREE_CURRENCIES });
    const result = await show(server, ['--currency', 'usdt,btc']);
    expect(result.code).toBe(0);
    expect(server.requests.map((request) => `${request.target} ${request.status}`).sort()).toEqual([
      '/api/v5/account/balance?ccy=USDT,BTC 200',
      '/api/v5/account/max-withdrawal?ccy=USDT,BTC 200',
    ]);
    expect(lines(result.stdout).map((line) => line.split('\t')[3])).toEqual(['BTC', 'USDT']);
  });

  it('keeps every digit of an amount OKX sends as a long JSON number', async () => {
    const server = await serve({
      faults: [
        {
          path: '/api/v5/account/balance',
          contentType: 'application/json',
          body: '{"code":0,"msg":"","data":[{"totalEq":"1","details":[{"ccy":"BTC","availBal":12345678901234567890.123456789,"frozenBal":1e-8}]}]}',
        },
      ],
    });
    const result = await show(server);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('okx\tdefault\ttrading\tBTC\t12345678901234567890.123456789\t0.00000001\t\t\tsafe\n');
  });

  describe('demo trading', () => {
    it('--demo-trading sends x-simulated-trading: 1, which a demo key needs', async () => {
      const server = await serve({ demo: true });
      const result = await show(server, ['--demo-trading']);
      expect(result.code).toBe(0);
      expect(server.requests).toHaveLength(2);
      expect(server.requests.every((request) => request.headers['x-simulated-trading'] === '1')).toBe(true);
    });

    it('OKX_DEMO_TRADING=1 does the same', async () => {
      const server = await serve({ demo: true });
      const result = await show(server, [], { OKX_DEMO_TRADING: '1' });
      expect(result.code).toBe(0);
      expect(lines(result.stdout)).toHaveLength(1);
    });

    it('a demo key without it is refused (50101), exit 4, with the fix', async () => {
      const server = await serve({ demo: true });
      const result = await show(server);
      expect(result.code).toBe(4);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('50101');
      expect(result.stderr).toContain('--demo-trading');
    });
  });

  describe('errors', () => {
    it('a wrong secret: exit 4, names 50113, never shows the secret', async () => {
      const server = await serve();
      const result = await show(server, [], { OKX_API_SECRET: WRONG_SECRET });
      expect(result.code).toBe(4);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('OKX rejected the signature (50113)');
      expect(lines(result.stderr).length).toBeLessThanOrEqual(2);
      expect(result.stdout + result.stderr).not.toContain(WRONG_SECRET);
      expect(server.requests.every((request) => request.code === '50113')).toBe(true);
    });

    it('a wrong secret with --json and --debug: the error is in the JSON, no secret anywhere', async () => {
      const server = await serve();
      const result = await show(server, ['--json', '--debug'], { OKX_API_SECRET: WRONG_SECRET });
      expect(result.code).toBe(4);
      const doc = JSON.parse(result.stdout);
      expect(doc.balances).toEqual([]);
      expect(doc.errors).toEqual([
        { provider: 'okx', profile: 'default', kind: 'auth', code: '50113', message: expect.stringContaining('50113') },
      ]);
      for (const secret of [WRONG_SECRET, OKX_TEST_KEY.passphrase, OKX_TEST_KEY.apiKey]) {
        expect(result.stdout + result.stderr).not.toContain(secret);
      }
    });

    it('a key from another region (50119): exit 4 with the site hint', async () => {
      const server = await serve({ faults: [{ code: '50119', times: 2 }] });
      const result = await show(server);
      expect(result.code).toBe(4);
      expect(result.stderr).toContain('50119');
      expect(result.stderr).toContain('if your account was opened on my.okx.com use --site eea; app.okx.com: --site us');
    });

    it('an unknown key gets 50119 from the server itself', async () => {
      const server = await serve();
      const result = await show(server, [], { OKX_API_KEY: OKX_UNKNOWN_KEY });
      expect(result.code).toBe(4);
      expect(result.stderr).toContain('50119');
    });

    it('a system clock 60 s behind (50102): corrected from OKX time, exit 0, one warning', async () => {
      const server = await serve({ now: () => Date.now() + 60_000 });
      const result = await show(server);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe('okx\tdefault\ttrading\tUSDT\t4834.317093622894\t158.573\t\t4834.317093622894\tsafe\n');
      expect(lines(result.stderr)).toEqual([
        expect.stringMatching(/^balance: warning: the system clock is (59|60|61) s behind OKX's.* Synchronise it/),
      ]);
    });

    it.each([
      ['50011', 429],
      ['50001', 503],
    ])('OKX error %s (HTTP %i) every time: exit 1 after three attempts', async (code, status) => {
      const server = await serve({ faults: [{ code, status, times: 6 }] });
      const result = await show(server);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(code);
      expect(result.stderr).toContain('3 attempts');
    });

    it('a bare 5xx with an empty body every time: exit 1', async () => {
      const server = await serve({ faults: [{ status: 500, times: 6 }] });
      const result = await show(server);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('OKX');
    });

    it('an HTML page instead of JSON: exit 1, one short error, no stack trace', async () => {
      const server = await serve({ faults: [{ status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>', times: 6 }] });
      const result = await show(server);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(lines(result.stderr)[0]).toBe('balance: OKX sent an HTML page instead of JSON (HTTP 502).');
      expect(lines(result.stderr).length).toBeLessThanOrEqual(2);
      expect(result.stderr).not.toContain('<html>');
      expect(result.stderr).not.toMatch(/\n\s+at /);
    });

    it('a malformed answer names the provider and the field, exit 1', async () => {
      const server = await serve({ balance: { details: [{ ccy: 'BTC', availBal: true }] }, maxWithdrawal: [] });
      const result = await show(server);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('OKX balance response could not be read: data[0].details[0].availBal');
    });
  });

  describe('usage errors, before any request', () => {
    it('--site bogus: exit 2', async () => {
      const server = await serve();
      const result = await show(server, ['--site', 'bogus']);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/global|eea|us/);
      expect(server.requests).toEqual([]);
    });

    it('OKX_SITE=bogus: exit 2 naming the variable', async () => {
      const server = await serve();
      const result = await runBalance(['show', '--provider', 'okx', '--base-url', server.url], {
        env: { ...okxEnv(server), OKX_SITE: 'bogus' },
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('OKX_SITE');
      expect(server.requests).toEqual([]);
    });

    it('plain http:// to a non-loopback host is refused: exit 2', async () => {
      const server = await serve();
      const fromEnv = await runBalance(['show', '--provider', 'okx'], {
        env: { ...okxEnv(server), OKX_BASE_URL: 'http://example.com' },
      });
      expect(fromEnv.code).toBe(2);
      expect(fromEnv.stdout).toBe('');
      expect(fromEnv.stderr).toContain('OKX_BASE_URL');
      expect(fromEnv.stderr).toContain('example.com');

      const fromFlag = await show(server, ['--base-url', 'http://203.0.113.7:8443']);
      expect(fromFlag.code).toBe(2);
      expect(fromFlag.stderr).toContain('--base-url');
    });

    it('--legacy-api and --region do not apply to OKX: exit 2', async () => {
      const server = await serve();
      for (const args of [['--legacy-api'], ['--region', 'cn']]) {
        const result = await show(server, args);
        expect(result.code, args.join(' ')).toBe(2);
        expect(result.stdout).toBe('');
      }
      expect(server.requests).toEqual([]);
    });
  });
});

afterAll(() => {
  // No run of this file may have printed a secret, whatever happened.
  for (const output of allOutputs) {
    for (const secret of [OKX_TEST_KEY.apiKey, OKX_TEST_KEY.apiSecret, OKX_TEST_KEY.passphrase, WRONG_SECRET]) expect(output).not.toContain(secret);
  }
});
