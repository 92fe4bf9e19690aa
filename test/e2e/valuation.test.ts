// --value-in CUR and check --min-value: every account valued in one currency by
// its own provider (Longport/Longbridge net_assets, OKX asset-valuation), the
// exact total and whether it is complete — through the built binary against
// the local servers, which verify every valuation request's signature (and
// OKX's 1 request/s limit) like every other.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BigNumber from 'bignumber.js';
import { afterEach, describe, expect, it } from 'vitest';
import { LEGACY_PATH, ACCOUNT_PATH, startLongportServer, type LongportServer } from '../servers/longport.js';
import { okxTestEnv, startOkxServer, type OkxServer } from '../servers/okx.js';
import { LONGPORT_KEY, OKX_KEY } from '../secrets.js';
import { closeAfterEach } from './cleanup.js';
import { runBalance, type RunResult } from './harness.js';
import { streamBalance, type StreamingRun } from './stream.js';
import { hasTmux, startInTmux, type TmuxPane } from './tmux.js';
import schema from '../../schema/balance-report.v1.json' with { type: 'json' };
import checkSchema from '../../schema/check-report.v1.json' with { type: 'json' };
import { schemaErrors } from './schema.js';

const closeLater = closeAfterEach();
const streams: StreamingRun[] = [];
const panes: TmuxPane[] = [];
afterEach(async () => {
  for (const stream of streams.splice(0)) stream.child.kill('SIGKILL');
  await Promise.all(panes.splice(0).map((pane) => pane.close()));
});

const VALUATION_PATH = '/api/v5/asset/asset-valuation';
/** What the servers below answer, chosen so that a float anywhere would lose digits. */
const LONGPORT_USD = '3104.96';
const LONGBRIDGE_USD = '987654321.123456789012345678';
const OKX_USD = '56837.43556134779';
const TOTAL_USD = '987714263.519018136802345678';

interface Setup {
  readonly okx: OkxServer;
  readonly longport: LongportServer;
  readonly longbridge: LongportServer;
  run(args: string[]): Promise<RunResult>;
  readonly env: Record<string, string>;
}

/** Three profiles: okx-main (OKX), margin (Longport), lb (Longbridge, current API or --legacy-api). */
async function threeProfiles(options: { legacyBody?: unknown; legacy?: boolean } = {}): Promise<Setup> {
  const okx = await startOkxServer();
  const longport = await startLongportServer({ credentials: [LONGPORT_KEY], netAssetsIn: { USD: LONGPORT_USD, HKD: '24145.90' } });
  const longbridge = await startLongportServer({
    credentials: [LONGPORT_KEY],
    netAssetsIn: { USD: LONGBRIDGE_USD },
    ...(options.legacyBody === undefined ? {} : { legacyBody: options.legacyBody }),
  });
  for (const server of [okx, longport, longbridge]) closeLater(server.close);
  const env = { BALANCE_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'balance-value-')) };
  const lpSecrets = `${LONGPORT_KEY.appKey}\n${LONGPORT_KEY.appSecret}\n${LONGPORT_KEY.accessToken}\n`;
  const logins: [string[], string][] = [
    [['--provider', 'okx', '--profile', 'okx-main', '--base-url', okx.url], `${OKX_KEY.apiKey}\n${OKX_KEY.apiSecret}\n${OKX_KEY.passphrase}\n`],
    [['--provider', 'longport', '--profile', 'margin', '--base-url', longport.url], lpSecrets],
    [['--provider', 'longbridge', '--profile', 'lb', '--base-url', longbridge.url, ...(options.legacy === true ? ['--legacy-api'] : [])], lpSecrets],
  ];
  for (const [args, input] of logins) {
    const login = await runBalance(['auth', 'login', ...args, '--with-stdin', '--no-verify'], { env, input });
    expect(login.code, login.stderr).toBe(0);
  }
  return { okx, longport, longbridge, env, run: (args) => runBalance(args, { env }) };
}

type JsonValue = { currency: string; amount: string | null; source?: string; parts?: Record<string, string>; reason?: string; sample?: boolean };
interface JsonDoc {
  balances: { provider: string; profile: string; value?: JsonValue; accounts: { cash: { currency: string }[] }[] }[];
  valuation?: { currency: string; total: string; complete: boolean; accounts: number; valued: number; notValued: { provider: string; profile: string; reason: string }[] };
}

function validJson(stdout: string): JsonDoc {
  const doc = JSON.parse(stdout) as JsonDoc;
  expect(schemaErrors(schema, doc)).toEqual([]);
  return doc;
}

const valueOf = (doc: JsonDoc, profile: string): JsonValue | undefined => doc.balances.find((set) => set.profile === profile)?.value;

describe('show --value-in', () => {
  it('values Longport, Longbridge and OKX in USD and adds them exactly, digit for digit', async () => {
    const { run, okx, longport, longbridge } = await threeProfiles();
    const result = await run(['show', '--all-profiles', '--value-in', 'usd', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const doc = validJson(result.stdout);
    expect(valueOf(doc, 'margin')).toEqual({ currency: 'USD', amount: LONGPORT_USD, source: 'net_assets', sample: false });
    expect(valueOf(doc, 'lb')).toEqual({ currency: 'USD', amount: LONGBRIDGE_USD, source: 'net_assets', sample: false });
    expect(valueOf(doc, 'okx-main')).toEqual({
      currency: 'USD',
      amount: OKX_USD,
      source: 'asset-valuation',
      sample: false,
      parts: { trading: '55837.43556134779', funding: '1000', earn: '0' },
    });
    expect(doc.valuation).toEqual({ currency: 'USD', total: TOTAL_USD, complete: true, accounts: 3, valued: 3, notValued: [] });
    expect(new BigNumber(LONGPORT_USD).plus(LONGBRIDGE_USD).plus(OKX_USD).toFixed()).toBe(TOTAL_USD);

    // Each valuation request was signed and accepted; Longport's is a second request, in USD.
    expect(okx.requests.filter((request) => request.path === VALUATION_PATH).map((request) => [request.target, request.code])).toEqual([
      [`${VALUATION_PATH}?ccy=USD`, '0'],
    ]);
    for (const server of [longport, longbridge]) {
      expect(server.requests.map((request) => [request.path, request.query, request.code])).toEqual([
        [ACCOUNT_PATH, '', 0],
        [ACCOUNT_PATH, 'currency=USD', 0],
      ]);
    }
  });

  it('draws each value, its source and share, and the exact total in the table', async () => {
    const { run } = await threeProfiles();
    const result = await run(['show', '--all-profiles', '--value-in', 'USD', '--format', 'table']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('All accounts: 987,714,263.519018136802345678 USD');
    expect(result.stdout).toMatch(/okx\/okx-main +56,837\.43556134779 USD +0\.0 %\s+OKX valuation: trading 55,837\.43556134779 · funding 1,000 · earn 0/);
    expect(result.stdout).toMatch(/longbridge\/lb +987,654,321\.123456789012345678 USD +100\.0 % +broker valuation/);
    expect(result.stdout).not.toContain('≥');
  });

  it('in HKD, which OKX does not value in: the total is marked incomplete and names the account and why', async () => {
    const { run, okx, longport } = await threeProfiles();
    const json = await run(['show', '--all-profiles', '--value-in', 'HKD', '--json']);
    expect(json.code, json.stderr).toBe(0);
    const doc = validJson(json.stdout);
    expect(valueOf(doc, 'okx-main')).toEqual({ currency: 'HKD', amount: null, reason: 'OKX does not value in HKD' });
    expect(valueOf(doc, 'margin')).toMatchObject({ currency: 'HKD', amount: '24145.90' });
    // Longbridge's server has no HKD figure of its own: the seed's net_assets, in HKD.
    expect(valueOf(doc, 'lb')).toMatchObject({ currency: 'HKD', amount: '24145.90' });
    expect(doc.valuation).toEqual({
      currency: 'HKD',
      total: '48291.80',
      complete: false,
      accounts: 3,
      valued: 2,
      notValued: [{ provider: 'okx', profile: 'okx-main', reason: 'OKX does not value in HKD' }],
    });
    expect(json.stderr).toContain('okx/okx-main is not valued in HKD: OKX does not value in HKD.');
    // No request is made for a currency OKX does not take; Longport's answer was in HKD already: one request.
    expect(okx.requests.some((request) => request.path === VALUATION_PATH)).toBe(false);
    expect(longport.requests.map((request) => request.query)).toEqual(['']);

    const table = await run(['show', '--all-profiles', '--value-in', 'HKD', '--format', 'table']);
    expect(table.code).toBe(0);
    expect(table.stdout.replace(/\s+/g, ' ')).toContain(
      'All accounts: ≥ 48,291.80 HKD (1 of 3 accounts not valued: okx/okx-main: OKX does not value in HKD)',
    );
    // No share of a partial sum.
    expect(table.stdout).not.toContain('%');
  });

  it('a currency none of the accounts can be valued in is a usage error before any request', async () => {
    const okx = await startOkxServer();
    closeLater(okx.close);
    const result = await runBalance(['show', '--provider', 'okx', '--value-in', 'HKD'], { env: okxTestEnv(okx) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('No selected account can be valued in HKD.');
    expect(result.stderr).toMatch(/OKX values in USD, USDT, BTC, .*EUR/);
    expect(result.stdout).toBe('');
    expect(okx.requests).toEqual([]);

    const bad = await runBalance(['show', '--provider', 'okx', '--value-in', 'U$D'], { env: okxTestEnv(okx) });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not a currency code');
  });

  it('makes one request when --currency asks for the --value-in currency alone', async () => {
    const server = await startLongportServer({ credentials: [LONGPORT_KEY], netAssetsIn: { USD: LONGPORT_USD } });
    closeLater(server.close);
    const env = {
      LONGPORT_APP_KEY: LONGPORT_KEY.appKey,
      LONGPORT_APP_SECRET: LONGPORT_KEY.appSecret,
      LONGPORT_ACCESS_TOKEN: LONGPORT_KEY.accessToken,
      LONGPORT_HTTP_URL: server.url,
    };
    const one = await runBalance(['show', '--provider', 'longport', '--currency', 'USD', '--value-in', 'USD', '--json'], { env });
    expect(one.code, one.stderr).toBe(0);
    expect(valueOf(validJson(one.stdout), 'default')).toMatchObject({ amount: LONGPORT_USD, source: 'net_assets' });
    expect(server.requests.map((request) => request.query)).toEqual(['currency=USD']);

    const two = await runBalance(['show', '--provider', 'longport', '--currency', 'HKD,USD', '--value-in', 'USD', '--json'], { env });
    expect(two.code, two.stderr).toBe(0);
    expect(valueOf(validJson(two.stdout), 'default')).toMatchObject({ amount: LONGPORT_USD });
    expect(server.requests.slice(1).map((request) => [request.query, request.code])).toEqual([
      ['', 0],
      ['currency=USD', 0],
    ]);
  });

  it('values a 2022-API account only in its own summary currency, and only when it reports net assets', async () => {
    // The seed's 2022 answer has no net_assets.
    const seed = await threeProfiles({ legacy: true });
    const result = await seed.run(['show', '--all-profiles', '--value-in', 'HKD', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(valueOf(validJson(result.stdout), 'lb')).toEqual({
      currency: 'HKD',
      amount: null,
      reason: 'the 2022 Longbridge API reported no net assets for this account',
    });

    const withNetAssets = await threeProfiles({
      legacy: true,
      legacyBody: { list: [{ currency: 'HKD', risk_level: '0', total_cash: '100', net_assets: '7777.70', cashInfos: [] }] },
    });
    const hkd = await withNetAssets.run(['show', '--all-profiles', '--value-in', 'HKD', '--json']);
    expect(hkd.code, hkd.stderr).toBe(0);
    expect(valueOf(validJson(hkd.stdout), 'lb')).toEqual({ currency: 'HKD', amount: '7777.70', source: 'net_assets', sample: false });
    // One request: the 2022 API takes no currency, so there is nothing more to ask.
    expect(withNetAssets.longbridge.requests.map((request) => [request.path, request.query])).toEqual([[LEGACY_PATH, '']]);

    const usd = await withNetAssets.run(['show', '--all-profiles', '--value-in', 'USD', '--json']);
    expect(usd.code, usd.stderr).toBe(0);
    const doc = validJson(usd.stdout);
    expect(valueOf(doc, 'lb')).toEqual({
      currency: 'USD',
      amount: null,
      reason: 'the 2022 Longbridge API takes no currency and this account has summary currency HKD',
    });
    expect(doc.valuation).toMatchObject({ complete: false, accounts: 3, valued: 2, total: new BigNumber(LONGPORT_USD).plus(OKX_USD).toFixed() });
  });

  it('a failed valuation request: cash rows still shown, the total incomplete, the error named', async () => {
    const { run, okx } = await threeProfiles();
    okx.fail({ path: VALUATION_PATH, code: '50120', msg: 'Your API key does not have permission' });
    const json = await run(['show', '--all-profiles', '--value-in', 'USD', '--json']);
    expect(json.code).toBe(4);
    const doc = validJson(json.stdout);
    expect(doc.balances.find((set) => set.profile === 'okx-main')?.accounts[0]?.cash.length).toBeGreaterThan(0);
    expect(valueOf(doc, 'okx-main')).toMatchObject({ currency: 'USD', amount: null, reason: expect.stringMatching(/^the valuation request failed: /) });
    expect(doc.valuation).toMatchObject({ complete: false, valued: 2, total: new BigNumber(LONGPORT_USD).plus(LONGBRIDGE_USD).toFixed() });
    expect(json.stderr).toMatch(/okx\/okx-main: could not value in USD: /);

    okx.fail({ path: VALUATION_PATH, code: '50120' });
    const tsv = await run(['show', '--all-profiles', '--value-in', 'USD', '--fields', 'provider,profile,currency,value']);
    expect(tsv.code).toBe(4);
    const okxRows = tsv.stdout.split('\n').filter((line) => line.startsWith('okx\t'));
    expect(okxRows.length).toBeGreaterThan(0);
    for (const row of okxRows) expect(row.split('\t')[3]).toBe('');
    expect(tsv.stdout).toContain(`longport\tmargin\tHKD\t${LONGPORT_USD}\n`);
    expect(tsv.stdout).toContain(`longport\tmargin\tUSD\t${LONGPORT_USD}\n`);
  });

  it('--fields value needs --value-in; the default columns are unchanged', async () => {
    const { run } = await threeProfiles();
    const bad = await run(['show', '--all-profiles', '--fields', 'currency,value']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--value-in');
    const plain = await run(['show', '--all-profiles', '--value-in', 'USD', '--format', 'tsv']);
    const withoutValue = await run(['show', '--all-profiles', '--format', 'tsv']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toBe(withoutValue.stdout);
    const csv = await run(['show', '--all-profiles', '--value-in', 'USD', '--format', 'csv', '--fields', 'profile,value']);
    expect(csv.stdout.split('\r\n')).toContain(`lb,${LONGBRIDGE_USD}`);
  });

  it('--watch --json carries `valuation` in every document, keeping to OKX\'s 1 request/s', async () => {
    const okx = await startOkxServer();
    closeLater(okx.close);
    const run = streamBalance(['show', '--provider', 'okx', '--watch', '1', '--json', '--value-in', 'USD'], okxTestEnv(okx));
    streams.push(run);
    for (let index = 0; index < 3; index++) {
      const doc = validJson(await run.nextLine());
      expect(doc.valuation).toEqual({ currency: 'USD', total: OKX_USD, complete: true, accounts: 1, valued: 1, notValued: [] });
    }
    run.child.kill('SIGTERM');
    expect((await run.exited()).code).toBe(143);
    const valuations = okx.requests.filter((request) => request.path === VALUATION_PATH);
    expect(valuations.every((request) => request.code === '0')).toBe(true);
    for (let index = 1; index < valuations.length; index++) {
      expect(valuations[index]!.at - valuations[index - 1]!.at).toBeGreaterThanOrEqual(1_000);
    }
  });

  (hasTmux() || process.env.CI === 'true' ? it : it.skip)('--watch on a terminal shows the net value and its parts on every redraw', async () => {
    const okx = await startOkxServer();
    closeLater(okx.close);
    const pane = await startInTmux(['show', '--provider', 'okx', '--watch', '1', '--value-in', 'USD'], okxTestEnv(okx, { TZ: 'UTC' }), { columns: 120, rows: 40 });
    panes.push(pane);
    const screen = await pane.waitFor((text) => text.includes('Net value'), 'the net value');
    expect(screen).toContain('Net value  56,837.43556134779 USD  (OKX valuation: trading 55,837.43556134779 · funding 1,000 · earn 0)');
    // Still there after the next refresh.
    await pane.waitFor((text) => okx.requests.filter((request) => request.path === VALUATION_PATH).length >= 2 && text.includes('Net value'), 'a second refresh');
    await pane.keys('q');
    expect((await pane.exited()).code).toBe(0);
  });

  it('sample data is valued in USD and HKD, marked sample', async () => {
    const result = await runBalance(['show', '--provider', 'sample', '--value-in', 'USD', '--json']);
    expect(result.code).toBe(0);
    const doc = validJson(result.stdout);
    expect(valueOf(doc, 'sample')).toMatchObject({ source: 'sample', sample: true });
    expect(doc.valuation).toMatchObject({ complete: true, accounts: 3 });
    const table = await runBalance(['show', '--provider', 'sample', '--value-in', 'HKD', '--format', 'table']);
    expect(table.stdout).toContain('Net value  24,145.90 HKD  (broker valuation, sample)');
    expect(table.stdout).toContain('not valued in HKD: OKX does not value in HKD');
  });
});

describe('check --min-value', () => {
  it('holds when the total is at least the amount, and is breached (exit 5) when it is below', async () => {
    const { run } = await threeProfiles();
    const pass = await run(['check', '--all-profiles', '--min-value', 'USD=987714263.519018136802345678']);
    expect(pass.code, pass.stderr).toBe(0);
    expect(pass.stdout).toBe('');

    const breach = await run(['check', '--all-profiles', '--min-value', 'USD=987714263.52', '--min-value', 'okx:USD=50000']);
    expect(breach.code).toBe(5);
    expect(breach.stdout).toBe('all accounts: net value 987,714,263.519018136802345678 USD below 987,714,263.52 USD\n');

    const one = await run(['check', '--all-profiles', '--min-value', 'okx/okx-main:USD=60000', '--json']);
    expect(one.code).toBe(5);
    const doc = JSON.parse(one.stdout);
    expect(schemaErrors(checkSchema, doc)).toEqual([]);
    expect(doc.results).toEqual([
      expect.objectContaining({ kind: 'minValue', provider: 'okx', profile: 'okx-main', value: OKX_USD, complete: true, holds: false }),
    ]);
  });

  it('an incomplete total or an account that cannot be valued is a breach, with the reason', async () => {
    const { run } = await threeProfiles();
    const total = await run(['check', '--all-profiles', '--min-value', 'HKD=1']);
    expect(total.code).toBe(5);
    expect(total.stdout).toContain('all accounts: net value in HKD not fully known: 48,291.80 HKD from the accounts valued (okx/okx-main: OKX does not value in HKD)');
    const scoped = await run(['check', '--all-profiles', '--min-value', 'okx:HKD=1', '--json']);
    expect(scoped.code).toBe(5);
    const doc = JSON.parse(scoped.stdout);
    expect(schemaErrors(checkSchema, doc)).toEqual([]);
    expect(doc.breaches).toEqual(['okx/okx-main: net value in HKD unknown (OKX does not value in HKD), needs at least 1 HKD']);
  });

  it('refuses a second currency and a currency no account can be valued in', async () => {
    const { run, okx } = await threeProfiles();
    const two = await run(['check', '--all-profiles', '--min-value', 'USD=1', '--min-value', 'HKD=1']);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain('one currency per check');
    const none = await run(['check', '--all-profiles', '--min-value', 'GBP=1']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('No selected account can be valued in GBP.');
    expect(okx.requests).toEqual([]);
  });
});
