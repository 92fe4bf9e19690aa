// `balance check` through the built binary against the fake OKX and Longport
// servers, which check every signature: exit 0 when every condition holds, 5
// with one line per breach, 1/2/4 when the check itself could not be made.
import { describe, expect, it } from 'vitest';
import checkSchema from '../../schema/check-report.v1.json' with { type: 'json' };
import { readSeedFixture, startLongportServer, type LongportServer } from '../servers/longport.js';
import { INCOMPLETE_KEY, LONGPORT_KEY, OKX_WRONG_SECRET } from '../secrets.js';
import { okxTestEnv, startOkxServer, type OkxServer, type OkxServerOptions } from '../servers/okx.js';
import { closeAfterEach } from './cleanup.js';
import { runBalance } from './harness.js';
import { schemaErrors } from './schema.js';


const closeLater = closeAfterEach();

async function okxServer(options: OkxServerOptions = {}): Promise<OkxServer> {
  const server = await startOkxServer(options);
  closeLater(() => server.close());
  return server;
}

/** Longport answering the seed account with HKD available set to `hkd`. */
async function longportServer(hkd: string): Promise<LongportServer> {
  const seed = JSON.parse(readSeedFixture('seed-000-account.json')) as { data: { list: { cash_infos: { currency: string }[] }[] } };
  const account = seed.data.list[0]!;
  account.cash_infos = account.cash_infos.map((row) => (row.currency === 'HKD' ? { ...row, available_cash: hkd } : row));
  const server = await startLongportServer({ credentials: [LONGPORT_KEY], accountBody: seed });
  closeLater(() => server.close());
  return server;
}

const longportEnv = (server: LongportServer) => ({
  LONGPORT_APP_KEY: LONGPORT_KEY.appKey,
  LONGPORT_APP_SECRET: LONGPORT_KEY.appSecret,
  LONGPORT_ACCESS_TOKEN: LONGPORT_KEY.accessToken,
  LONGPORT_HTTP_URL: server.url,
});

const checkOkx = (server: OkxServer, args: string[], extra: Record<string, string> = {}) =>
  runBalance(['check', '--provider', 'okx', ...args], { env: okxTestEnv(server, extra) });

const MARGINED = {
  totalEq: '71000.5',
  mgnRatio: '0.98',
  details: [
    { ccy: 'USDT', availBal: '16000.25', frozenBal: '0' },
    { ccy: 'BTC', availBal: '0.5', frozenBal: '0' },
  ],
};

describe('balance check', () => {
  it('exit 5 with one line per breach: risk above the level (OKX margin ratio)', async () => {
    const server = await okxServer({ balance: MARGINED });
    const result = await checkOkx(server, ['--max-risk', 'medium', '--min-available', 'USDT=1000']);
    expect(result.code).toBe(5);
    expect(result.stdout).toBe('okx/default: risk danger (margin ratio 0.98) above medium\n');
    expect(result.stderr).toBe('');
  });

  it('exit 5 with the Longport figure as the provider wrote it, grouped', async () => {
    const server = await longportServer('41200.00');
    const result = await runBalance(['check', '--provider', 'longport', '--min-available', 'HKD=50000', '--max-risk', 'medium'], {
      env: longportEnv(server),
    });
    expect(result.code).toBe(5);
    expect(result.stdout).toBe('longport/default: HKD available 41,200.00 below 50,000\n');
  });

  it('exit 0 and nothing on stdout when every condition holds, exactly at the minimum too', async () => {
    const server = await longportServer('50000.00');
    const result = await runBalance(['check', '--provider', 'longport', '--min-available', 'HKD=50000', '--min-available', 'usd=1'], {
      env: longportEnv(server),
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
  });

  it('compares exact decimals: one unit in the 28th digit breaches', async () => {
    const server = await okxServer({
      balance: { totalEq: '1', mgnRatio: '', details: [{ ccy: 'BTC', availBal: '12345678901234567890.123456789' }] },
    });
    expect((await checkOkx(server, ['--min-available', 'BTC=12345678901234567890.123456789'])).code).toBe(0);
    const breached = await checkOkx(server, ['--min-available', 'BTC=12345678901234567890.12345679']);
    expect(breached.code).toBe(5);
    expect(breached.stdout).toBe('okx/default: BTC available 12,345,678,901,234,567,890.123456789 below 12,345,678,901,234,567,890.12345679\n');
  });

  it('a currency the account does not hold is a breach: nothing of it is available', async () => {
    const server = await okxServer({ balance: MARGINED });
    const result = await checkOkx(server, ['--min-available', 'ETH=1']);
    expect(result.code).toBe(5);
    expect(result.stdout).toBe('okx/default: ETH not held (0 available) below 1\n');
  });

  it('with --funding counts the funding account too, and says how much each account holds', async () => {
    const server = await okxServer({
      balance: { totalEq: '1', mgnRatio: '', details: [{ ccy: 'USDT', availBal: '600' }] },
      funding: [{ ccy: 'USDT', bal: '500', availBal: '500', frozenBal: '0' }],
    });
    expect((await checkOkx(server, ['--min-available', 'USDT=1000'])).stdout).toBe('okx/default: USDT available 600 below 1,000\n');
    const withFunding = await checkOkx(server, ['--funding', '--min-available', 'USDT=1000', '--max-risk', 'safe']);
    expect(withFunding.code).toBe(0);
    const short = await checkOkx(server, ['--funding', '--min-available', 'USDT=1100.5']);
    expect(short.stdout).toBe('okx/default: USDT available 1,100 (trading 600, funding 500) below 1,100.5\n');
  });

  it('--json gives the conditions, the measured values and the verdict, per the published schema', async () => {
    const server = await okxServer({ balance: MARGINED });
    const result = await checkOkx(server, ['--json', '--max-risk', 'warning', '--min-available', 'okx:USDT=1000']);
    expect(result.code).toBe(5);
    const doc = JSON.parse(result.stdout);
    expect(schemaErrors(checkSchema, doc)).toEqual([]);
    expect(doc).toMatchObject({
      schemaVersion: 1,
      verdict: 'breached',
      exitCode: 5,
      conditions: [
        { kind: 'maxRisk', maxRisk: 'warning', maxRiskLevel: 2 },
        { kind: 'minAvailable', scope: 'okx', currency: 'USDT', minimum: '1000' },
      ],
      results: [
        { kind: 'maxRisk', provider: 'okx', profile: 'default', account: 'trading', risk: 'danger', riskBasis: 'margin ratio 0.98', holds: false },
        { kind: 'minAvailable', currency: 'USDT', available: '16000.25', held: true, holds: true },
      ],
      breaches: ['okx/default: risk danger (margin ratio 0.98) above warning'],
      errors: [],
    });
  });

  describe('could not check: 1, 2 or 4, never 5', () => {
    it('rejected credentials: exit 4, nothing on stdout', async () => {
      const server = await okxServer();
      const result = await checkOkx(server, ['--max-risk', 'medium'], { OKX_API_SECRET: OKX_WRONG_SECRET });
      expect(result.code).toBe(4);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('50113');
    });

    it('a provider failure: exit 1; with --json the verdict says error', async () => {
      // Every attempt fails, retries included.
      const server = await okxServer({ faults: [{ status: 503, code: '50001', times: 1000 }] });
      const result = await checkOkx(server, ['--json', '--max-risk', 'medium']);
      expect(result.code).toBe(1);
      expect(JSON.parse(result.stdout)).toMatchObject({ verdict: 'error', exitCode: 1, results: [], errors: [{ provider: 'okx', code: '50001' }] });
    });

    it('missing credentials: exit 4 before any request', async () => {
      const result = await runBalance(['check', '--provider', 'okx', '--max-risk', 'medium'], { env: { OKX_API_KEY: INCOMPLETE_KEY } });
      expect(result.code).toBe(4);
      expect(result.stderr).toContain('OKX_API_SECRET');
    });

    it.each([
      [[]],
      [['--max-risk', 'high']],
      [['--min-available', 'USDT']],
      [['--min-available', 'USDT=lots']],
      [['--min-available', 'USDT=1,000']],
      [['--min-available', 'nasdaq:USD=1']],
    ])('usage error %j: exit 2 before any request', async (args) => {
      const server = await okxServer();
      const result = await checkOkx(server, args);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(server.requests).toEqual([]);
    });

    it('a condition limited to a provider that was not checked: exit 2', async () => {
      const server = await okxServer();
      const result = await checkOkx(server, ['--min-available', 'longport:HKD=1']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('no longport account was checked');
    });
  });
});
