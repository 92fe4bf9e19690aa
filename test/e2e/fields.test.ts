// `balance show --fields`: which TSV/CSV columns, in which order, through the
// built binary against the fake OKX server.
import { afterEach, describe, expect, it } from 'vitest';
import { okxTestEnv, startOkxServer, type OkxServer } from '../servers/okx.js';
import { runBalance } from './harness.js';

const servers: OkxServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function show(args: string[]) {
  const server = await startOkxServer({
    balance: { totalEq: '1', mgnRatio: '', details: [{ ccy: 'BTC', availBal: '0.5', frozenBal: '0.01' }, { ccy: 'USDT', availBal: '16000.25' }] },
    maxWithdrawal: [{ ccy: 'BTC', maxWd: '0.45' }, { ccy: 'USDT', maxWd: '4000.50' }],
  });
  servers.push(server);
  const result = await runBalance(['show', '--provider', 'okx', ...args], { env: okxTestEnv(server) });
  return { ...result, server };
}

describe('balance show --fields', () => {
  it('picks and orders the TSV columns', async () => {
    const result = await show(['--fields', 'currency,available,withdrawable']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('BTC\t0.5\t0.45\nUSDT\t16000.25\t4000.50\n');
  });

  it('picks and orders the CSV columns, header included', async () => {
    const result = await show(['--format', 'csv', '--fields', 'withdrawable,currency']);
    expect(result.stdout).toBe('withdrawable,currency\r\n0.45,BTC\r\n4000.50,USDT\r\n');
  });

  it('an unknown field: exit 2 with the list of valid ones, before any request', async () => {
    const result = await show(['--fields', 'currency,balance']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'balance: --fields: unknown field "balance".\n  Valid fields: provider, profile, account, currency, available, frozen, settling, withdrawable, risk; with --value-in also value.\n',
    );
    expect(result.server.requests).toEqual([]);
  });

  it('with --json or a table: exit 2, as they have no columns to pick', async () => {
    for (const args of [['--json'], ['--format', 'table']]) {
      const result = await show(['--fields', 'currency', ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain('--fields picks TSV and CSV columns');
    }
  });
});
