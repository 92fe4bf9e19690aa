// `balance show --provider longport|longbridge` through the built binary,
// against the fake server (test/servers/longport.ts), which checks every
// signature the way Longport does.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import schema from '../../schema/balance-report.v1.json' with { type: 'json' };
import {
  ACCOUNT_PATH,
  LEGACY_PATH,
  startLongportServer,
  type LongportServer,
  type LongportServerOptions,
  type LongportTestCredentials,
} from '../servers/longport.js';
import { LONGPORT_EXPIRED_TOKEN as EXPIRED_TOKEN, LONGPORT_KEY, LONGPORT_UNKNOWN_KEY, LONGPORT_WRONG_SECRET as WRONG_SECRET } from '../secrets.js';
import { allOutputs, runBalance } from './harness.js';

const ESC = String.fromCharCode(27);
const KEY: LongportTestCredentials = LONGPORT_KEY;

const HKD_ROW = 'securities\tHKD\t195902464.37\t11579339.13\t207288537.81\t97592.30\tmedium';
const USD_ROW = 'securities\tUSD\t199893416.74\t28723.76\t-276806.51\t199893416.74\tmedium';

const servers: LongportServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(options: LongportServerOptions = {}): Promise<LongportServer> {
  const server = await startLongportServer({ credentials: [KEY], expiredToken: EXPIRED_TOKEN, ...options });
  servers.push(server);
  return server;
}

function envFor(prefix: 'LONGPORT_' | 'LONGBRIDGE_', server: LongportServer, extra: Record<string, string> = {}): Record<string, string> {
  return {
    [`${prefix}APP_KEY`]: KEY.appKey,
    [`${prefix}APP_SECRET`]: KEY.appSecret,
    [`${prefix}ACCESS_TOKEN`]: KEY.accessToken,
    [`${prefix}HTTP_URL`]: server.url,
    ...extra,
  };
}

const longport = (server: LongportServer, args: string[] = [], env: Record<string, string> = {}) =>
  runBalance(['show', '--provider', 'longport', ...args], { env: envFor('LONGPORT_', server, env) });

const lines = (text: string): string[] => text.split('\n').filter((line) => line !== '');

function validJson(text: string): { balances: { accounts: Record<string, unknown>[] }[]; errors: unknown[] } & Record<string, unknown> {
  const doc = JSON.parse(text);
  const ajv = new Ajv2020.default({ allErrors: true, strict: false });
  addFormats.default(ajv);
  ajv.validate(schema, doc);
  expect(ajv.errors ?? []).toEqual([]);
  return doc;
}

describe('balance show --provider longport', () => {
  it('prints TSV into a pipe, signed so that the server accepts it', async () => {
    const server = await serve();
    const result = await longport(server);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`longport\tdefault\t${HKD_ROW}\nlongport\tdefault\t${USD_ROW}\n`);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: ACCOUNT_PATH, query: '', status: 200, code: 0 });
    expect(server.requests[0]?.headers['x-timestamp']).toMatch(/^\d{10}\.\d{3}$/);
  });

  it('is chosen without --provider when only LONGPORT_* is set', async () => {
    const server = await serve();
    const result = await runBalance(['show'], { env: envFor('LONGPORT_', server) });
    expect(result.code).toBe(0);
    expect(lines(result.stdout)[0]).toBe(`longport\tdefault\t${HKD_ROW}`);
  });

  it('--currency HKD is sent as currency=HKD and applied to the rows', async () => {
    const server = await serve();
    const result = await longport(server, ['--currency', 'hkd']);
    expect(result.code).toBe(0);
    expect(server.requests[0]?.query).toBe('currency=HKD');
    expect(result.stdout).toBe(`longport\tdefault\t${HKD_ROW}\n`);
  });

  it('--currency with several codes sends none (the endpoint takes one) and shows only those', async () => {
    const server = await serve();
    const result = await longport(server, ['--currency', 'usd,cnh']);
    expect(result.code).toBe(0);
    expect(server.requests[0]?.query).toBe('');
    expect(result.stdout).toBe(`longport\tdefault\t${USD_ROW}\n`);
  });

  it('--json follows the published contract, compact in a pipe', async () => {
    const server = await serve();
    const result = await longport(server, ['--json', '--currency', 'USD']);
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd()).not.toContain('\n');
    const doc = validJson(result.stdout);
    expect(doc).toMatchObject({ schemaVersion: 1, errors: [] });
    expect(doc.balances[0]).toMatchObject({ provider: 'longport', profile: 'default', sample: false });
    expect(doc.balances[0]?.accounts).toEqual([
      {
        type: 'securities',
        currency: 'USD', // the server gives the summary in the currency asked for
        riskLevel: 1,
        risk: 'medium',
        riskBasis: null,
        summary: {
          totalCash: '1759070010.72',
          netAssets: '24145.90',
          buyPower: '1759070.12',
          initialMargin: '1540.09',
          maintenanceMargin: '1540.09',
          marginCall: '2598051051.50',
          maxFinanceAmount: '977582000',
          remainingFinanceAmount: '0',
        },
        cash: [
          { currency: 'USD', available: '199893416.74', frozen: '28723.76', settling: '-276806.51', withdrawable: '199893416.74' },
        ],
      },
    ]);
  });

  it('--format csv has a header row; --format tsv has none', async () => {
    const server = await serve();
    const csv = await longport(server, ['--format', 'csv']);
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\r\n')).toEqual([
      'provider,profile,account,currency,available,frozen,settling,withdrawable,risk',
      'longport,default,securities,HKD,195902464.37,11579339.13,207288537.81,97592.30,medium',
      'longport,default,securities,USD,199893416.74,28723.76,-276806.51,199893416.74,medium',
      '',
    ]);
    const tsv = await longport(server, ['--format', 'tsv']);
    expect(lines(tsv.stdout)).toEqual([`longport\tdefault\t${HKD_ROW}`, `longport\tdefault\t${USD_ROW}`]);
  });

  it('--format table shows the summary and grouped amounts, without colour in a pipe', async () => {
    const server = await serve();
    const result = await longport(server, ['--format', 'table']);
    expect(result.code).toBe(0);
    for (const text of ['Total cash', '1,759,070,010.72', 'Net assets', '24,145.90', '195,902,464.37', '-276,806.51', 'medium']) {
      expect(result.stdout).toContain(text);
    }
    expect(result.stdout).not.toContain(ESC);
  });

  it('keeps every digit of an amount sent as a long JSON number, and "" as an empty field', async () => {
    const body =
      '{"code":0,"message":"success","data":{"list":[{"currency":"HKD","risk_level":"","cash_infos":[' +
      '{"currency":"HKD","available_cash":12345678901234567890.123456789,"frozen_cash":"","settling_cash":"-0.01","withdraw_cash":"0"}]}]}}';
    const server = await serve({ accountBody: body });
    const result = await longport(server);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('longport\tdefault\tsecurities\tHKD\t12345678901234567890.123456789\t\t-0.01\t0\t\n');
  });

  it('sends LONGPORT_LANGUAGE as Accept-Language', async () => {
    const server = await serve();
    const result = await longport(server, [], { LONGPORT_LANGUAGE: 'zh-HK' });
    expect(result.code).toBe(0);
    expect(server.requests[0]?.headers['accept-language']).toBe('zh-HK');
  });

  it('--region cn with a base URL override: the override wins', async () => {
    const server = await serve();
    const fromFlag = await longport(server, ['--region', 'cn']);
    expect(fromFlag.code).toBe(0);
    const fromEnv = await longport(server, [], { LONGPORT_REGION: 'cn' });
    expect(fromEnv.code).toBe(0);
    expect(server.requests).toHaveLength(2);
  });
});

describe('balance show --provider longbridge', () => {
  it('uses LONGBRIDGE_* and LONGBRIDGE_HTTP_URL', async () => {
    const server = await serve();
    const result = await runBalance(['show', '--provider', 'longbridge'], { env: envFor('LONGBRIDGE_', server) });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`longbridge\tdefault\t${HKD_ROW}\nlongbridge\tdefault\t${USD_ROW}\n`);
    expect(server.requests[0]?.path).toBe(ACCOUNT_PATH);
  });

  it('falls back to LONGPORT_* when only those are set', async () => {
    const server = await serve();
    const result = await runBalance(['show', '--provider', 'longbridge'], { env: envFor('LONGPORT_', server) });
    expect(result.code).toBe(0);
    expect(lines(result.stdout)[0]).toBe(`longbridge\tdefault\t${HKD_ROW}`);
  });

  it('prefers its own variable to the LONGPORT_ twin', async () => {
    const server = await serve();
    const env = { ...envFor('LONGPORT_', server), LONGPORT_APP_SECRET: WRONG_SECRET, LONGBRIDGE_APP_SECRET: KEY.appSecret };
    const result = await runBalance(['show', '--provider', 'longbridge'], { env });
    expect(result.code).toBe(0);
  });

  it('--legacy-api asks GetAccountCashInfo without query, then filters --currency itself', async () => {
    const server = await serve();
    const result = await runBalance(['show', '--provider', 'longbridge', '--legacy-api', '--currency', 'USD', '--json'], {
      env: envFor('LONGBRIDGE_', server),
    });
    expect(result.code).toBe(0);
    expect(server.requests[0]).toMatchObject({ path: LEGACY_PATH, query: '', code: 0 });
    const doc = validJson(result.stdout);
    const [account] = doc.balances[0]?.accounts ?? [];
    expect(account).toMatchObject({ currency: 'HKD', riskLevel: 1 });
    // The 2022 API has no net assets: null, never zero.
    expect(account?.summary).toMatchObject({ totalCash: '1759070010.72', netAssets: null, buyPower: null });
    expect(account?.cash).toEqual([
      { currency: 'USD', available: '199893416.74', frozen: '28723.76', settling: '-276806.51', withdrawable: '199893416.74' },
    ]);
  });
});

describe('errors', () => {
  it('a wrong secret: exit 4, names 403201 and the fix, never shows a secret or signature', async () => {
    const server = await serve();
    const result = await longport(server, [], { LONGPORT_APP_SECRET: WRONG_SECRET });
    expect(result.code).toBe(4);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('403201');
    expect(result.stderr).toMatch(/app secret/);
    expect(result.stderr).toMatch(/system clock/);
    expect(lines(result.stderr).length).toBeLessThanOrEqual(2);
    expect(server.requests.map((request) => request.code)).toEqual([403201]);
    const signatures = server.requests.map((request) => String(request.headers['x-api-signature']).split('Signature=')[1] ?? '');
    for (const secret of [WRONG_SECRET, KEY.appKey, KEY.accessToken, ...signatures]) {
      expect(result.stdout + result.stderr).not.toContain(secret);
    }
  });

  it('a wrong secret with --json --debug: the error is in the JSON, no secret anywhere', async () => {
    const server = await serve({ useMsg: true });
    const result = await longport(server, ['--json', '--debug'], { LONGPORT_APP_SECRET: WRONG_SECRET });
    expect(result.code).toBe(4);
    const doc = validJson(result.stdout);
    expect(doc.balances).toEqual([]);
    expect(doc.errors).toEqual([
      { provider: 'longport', profile: 'default', kind: 'auth', code: '403201', message: expect.stringContaining('403201') },
    ]);
    for (const secret of [WRONG_SECRET, KEY.appKey, KEY.accessToken]) {
      expect(result.stdout + result.stderr).not.toContain(secret);
    }
  });

  it('an expired token: exit 4 with what to do', async () => {
    const server = await serve();
    const result = await longport(server, [], { LONGPORT_ACCESS_TOKEN: EXPIRED_TOKEN });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('401003');
    expect(result.stderr).toMatch(/has expired \(401003\); an expired token cannot be renewed/);
    expect(result.stderr).toMatch(/issue a new one in the Longport developer portal/i);
    expect(result.stderr).not.toContain(EXPIRED_TOKEN);
  });

  it('an unknown app key: exit 4', async () => {
    const server = await serve();
    const result = await longport(server, [], { LONGPORT_APP_KEY: LONGPORT_UNKNOWN_KEY });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('403203');
  });

  it('missing credentials: exit 4 naming the variable, no request', async () => {
    const server = await serve();
    const result = await runBalance(['show', '--provider', 'longport'], {
      env: { LONGPORT_APP_KEY: KEY.appKey, LONGPORT_APP_SECRET: KEY.appSecret, LONGPORT_HTTP_URL: server.url },
    });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('LONGPORT_ACCESS_TOKEN');
    expect(server.requests).toEqual([]);
  });

  it('an internal error (500000): exit 1', async () => {
    const server = await serve();
    const reply = { status: 500, body: { code: 500000, message: 'internal error', data: null } };
    server.enqueue(reply, reply, reply);
    const result = await longport(server);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('500000');
  });

  it('an HTML page instead of JSON: exit 1, short, no stack trace', async () => {
    const server = await serve();
    const page = { status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>', beforeChecks: true };
    server.enqueue(page, page, page);
    const result = await longport(server);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr).length).toBeLessThanOrEqual(2);
    expect(result.stderr).toContain('502');
    expect(result.stderr).not.toContain('<html>');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('a malformed answer names the provider and the field: exit 1', async () => {
    const server = await serve({
      accountBody: { code: 0, data: { list: [{ currency: 'HKD', risk_level: '7', cash_infos: [] }] } },
    });
    const result = await longport(server);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Longport balance could not be read: data.list[0].risk_level');
  });
});

describe('usage errors, before any request', () => {
  it('plain http:// to a non-loopback host: exit 2 naming the setting', async () => {
    const server = await serve();
    const fromEnv = await longport(server, [], { LONGPORT_HTTP_URL: 'http://203.0.113.7:8080' });
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stdout).toBe('');
    expect(fromEnv.stderr).toContain('LONGPORT_HTTP_URL');
    const fromFlag = await longport(server, ['--base-url', 'http://openapi.example.com']);
    expect(fromFlag.code).toBe(2);
    expect(fromFlag.stderr).toContain('--base-url');
    const longbridge = await runBalance(['show', '--provider', 'longbridge'], {
      env: { ...envFor('LONGBRIDGE_', server), LONGBRIDGE_HTTP_URL: 'http://203.0.113.7' },
    });
    expect(longbridge.code).toBe(2);
    expect(longbridge.stderr).toContain('LONGBRIDGE_HTTP_URL');
    expect(server.requests).toEqual([]);
  });

  it('options of other providers and bad settings: exit 2', async () => {
    const server = await serve();
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['--legacy-api'], {}, /applies to longbridge only/],
      [['--site', 'eea'], {}, /applies to okx only/],
      [['--demo-trading'], {}, /applies to okx only/],
      [[], { LONGPORT_REGION: 'mars' }, /LONGPORT_REGION/],
      [[], { LONGPORT_LANGUAGE: 'fr' }, /LONGPORT_LANGUAGE/],
    ];
    for (const [args, env, message] of cases) {
      const result = await longport(server, args, env);
      expect(result.code, args.join(' ') || JSON.stringify(env)).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(message);
    }
    expect(server.requests).toEqual([]);
  });
});

afterAll(() => {
  // No run of this file may have printed a secret, whatever happened.
  for (const output of allOutputs) {
    for (const secret of [KEY.appKey, KEY.appSecret, KEY.accessToken, WRONG_SECRET, EXPIRED_TOKEN]) {
      expect(output).not.toContain(secret);
    }
  }
});
