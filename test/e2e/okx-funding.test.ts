// `balance show --provider okx --funding`: the funding account beside the
// trading account, through the built binary against the fake OKX server.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import schema from '../../schema/balance-report.v1.json' with { type: 'json' };
import { OKX_TEST_KEY, okxTestEnv, startOkxServer, type OkxServer, type OkxServerOptions } from '../servers/okx.js';
import { allOutputs, runBalance } from './harness.js';
import { schemaErrors } from './schema.js';

const servers: OkxServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const TRADING = { totalEq: '100', mgnRatio: '', details: [{ ccy: 'USDT', availBal: '10.5', frozenBal: '0' }] };
const FUNDING = [
  { ccy: 'USDT', bal: '2500.5', availBal: '2400.50', frozenBal: '100' },
  { ccy: 'ETH', bal: '37.11827078', availBal: '37.11827078', frozenBal: '0' },
];

async function serve(options: OkxServerOptions = {}): Promise<OkxServer> {
  const server = await startOkxServer({ balance: TRADING, funding: FUNDING, ...options });
  servers.push(server);
  return server;
}

const show = (server: OkxServer, args: string[], extra: Record<string, string> = {}) =>
  runBalance(['show', '--provider', 'okx', ...args], { env: okxTestEnv(server, extra) });

describe('balance show --provider okx --funding', () => {
  it('adds the funding account as its own account, from a third signed request sent with the other two', async () => {
    const server = await serve({ latencyMs: 150 });
    const result = await show(server, ['--funding']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'okx\tdefault\ttrading\tUSDT\t10.5\t0\t\t10.5\tsafe',
        'okx\tdefault\tfunding\tUSDT\t2400.50\t100\t\t\tsafe',
        'okx\tdefault\tfunding\tETH\t37.11827078\t0\t\t\tsafe',
        '',
      ].join('\n'),
    );
    expect(server.requests.map((request) => `${request.target} ${request.status}`).sort()).toEqual([
      '/api/v5/account/balance 200',
      '/api/v5/account/max-withdrawal 200',
      '/api/v5/asset/balances 200',
    ]);
    // Each answer waits 150 ms: the last request arrived while the other two were still being answered.
    expect(Math.max(...server.requests.map((request) => request.concurrent))).toBe(2);
  });

  it('OKX_FUNDING=1 does the same; without either, the funding account is not asked for', async () => {
    const server = await serve();
    const withEnv = await show(server, [], { OKX_FUNDING: '1' });
    expect(withEnv.stdout).toContain('\tfunding\t');
    server.requests.length = 0;
    const without = await show(server, []);
    expect(without.stdout).not.toContain('\tfunding\t');
    expect(server.requests.map((request) => request.path)).not.toContain('/api/v5/asset/balances');
  });

  it('--json: an account of type funding that follows the published contract', async () => {
    const server = await serve();
    const result = await show(server, ['--funding', '--json']);
    const doc = JSON.parse(result.stdout);
    expect(schemaErrors(schema, doc)).toEqual([]);
    expect(doc.balances[0].accounts.map((account: { type: string }) => account.type)).toEqual(['trading', 'funding']);
    expect(doc.balances[0].accounts[1]).toEqual({
      type: 'funding',
      currency: null,
      riskLevel: 0,
      risk: 'safe',
      riskBasis: 'funding account, no margin',
      summary: {},
      cash: [
        { currency: 'USDT', available: '2400.50', frozen: '100', settling: null, withdrawable: null, balance: '2500.5' },
        { currency: 'ETH', available: '37.11827078', frozen: '0', settling: null, withdrawable: null, balance: '37.11827078' },
      ],
    });
  });

  it('--currency filters the funding account too, asking OKX for it', async () => {
    const server = await serve();
    const result = await show(server, ['--funding', '--currency', 'eth']);
    expect(result.stdout).toBe('okx\tdefault\tfunding\tETH\t37.11827078\t0\t\t\tsafe\n');
    expect(server.requests.find((request) => request.path === '/api/v5/asset/balances')?.target).toBe('/api/v5/asset/balances?ccy=ETH');
  });

  it('a table shows the funding account under its own heading', async () => {
    const server = await serve();
    const result = await show(server, ['--funding', '--format', 'table']);
    expect(result.stdout).toContain('okx · default · funding');
    expect(result.stdout).toContain('2,400.50');
  });

  it('a failing funding request fails the fetch with exit 1 and a message that names it', async () => {
    const server = await serve({ faults: [{ path: '/api/v5/asset/balances', status: 200, contentType: 'application/json', body: '{"code":"0","data":[{"ccy":"USDT","availBal":"plenty"}]}' }] });
    const result = await show(server, ['--funding']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('OKX funding balance response could not be read: data[0].availBal');
  });

  it('--funding applies to OKX only: exit 2 for Longport', async () => {
    const result = await runBalance(['show', '--provider', 'longport', '--funding'], {
      env: { LONGPORT_APP_KEY: 'lp-key-x', LONGPORT_APP_SECRET: 'lp-secret-x', LONGPORT_ACCESS_TOKEN: 'lp-token-x' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--funding applies to okx only, not longport.');
  });
});

afterAll(() => {
  for (const output of allOutputs) for (const secret of Object.values(OKX_TEST_KEY)) expect(output).not.toContain(secret);
});

describe('--no-funding and --no-demo-trading switch off a saved setting', () => {
  it('a profile saved with --funding and --demo-trading: --no-funding skips the funding account, --no-demo-trading goes live', async () => {
    const server = await serve();
    const env = { BALANCE_CONFIG_DIR: join(mkdtempSync(join(tmpdir(), 'balance-nofunding-')), 'config') };
    const input = `${OKX_TEST_KEY.apiKey}\n${OKX_TEST_KEY.apiSecret}\n${OKX_TEST_KEY.passphrase}\n`;
    const args = ['auth', 'login', '--provider', 'okx', '--profile', 'fund', '--with-stdin', '--no-verify', '--funding', '--demo-trading', '--base-url', server.url];
    expect((await runBalance(args, { env, input })).code).toBe(0);

    for (const show of [
      ['show', '--profile', 'fund', '--no-funding', '--no-demo-trading'],
      ['show', '--all-profiles', '--no-funding', '--no-demo-trading'],
    ]) {
      server.requests.length = 0;
      const result = await runBalance(show, { env });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).not.toContain('\tfunding\t');
      expect(server.requests.map((request) => request.target)).not.toContain('/api/v5/asset/balances');
      expect(server.requests.every((request) => request.headers['x-simulated-trading'] === undefined)).toBe(true);
    }
    // Without the switches, the saved settings apply.
    server.requests.length = 0;
    await runBalance(['show', '--profile', 'fund'], { env });
    expect(server.requests.map((request) => request.target)).toContain('/api/v5/asset/balances');
    expect(server.requests.every((request) => request.headers['x-simulated-trading'] === '1')).toBe(true);
  });

  it('--no-funding beats OKX_FUNDING=1 in the environment', async () => {
    const server = await serve();
    const result = await show(server, ['--no-funding'], { OKX_FUNDING: '1' });
    expect(result.code).toBe(0);
    expect(server.requests.map((request) => request.target)).not.toContain('/api/v5/asset/balances');
  });
});
