// The fault-injection suite, bodies: every body of the corpus of broken bodies
// (test/fixtures/broken/, described by corpus.json) through the built binary,
// for each provider it is meant for — each must end in one error naming the
// provider and what is wrong — and hostile but valid amounts, which must be
// shown exactly.
import { afterAll, describe, expect, it } from 'vitest';
import { corpus } from '../servers/faults.js';
import { startLongportServer } from '../servers/longport.js';
import { startOkxServer } from '../servers/okx.js';
import { closing, expectFailure, expectNoTestSecrets, lines, PROVIDERS, show } from './fault-subjects.js';
import { runBalance } from './harness.js';

describe.concurrent('broken bodies (test/fixtures/broken/)', () => {
  const cases = corpus().flatMap((entry) =>
    PROVIDERS.flatMap((provider) => {
      const expected = entry.expect[provider.name];
      return expected === undefined ? [] : [{ entry, provider, expected }];
    }),
  );

  it.each(cases)('$provider.title: $entry.what → one error naming what is wrong', async ({ entry, provider, expected }) => {
    const subject = await provider.start();
    try {
      subject.inject({ corpus: entry.file, contentType: entry.contentType }, 9);
      const result = await show(provider, subject);
      expectFailure(result, expected);
      expect(result.stderr).not.toContain(String.fromCharCode(27));
      // The first line is pinned above; neither line may show a leak of the program's insides.
    expect(result.stderr).not.toMatch(/undefined|\[object|NaN(?!")/);
    } finally {
      await subject.close();
    }
  });
});

describe('hostile but valid amounts: shown exactly', () => {
  it('OKX: negative, 30-digit, exponent strings and JSON numbers', async ({ onTestFinished }) => {
    const server = await startOkxServer({
      balance: {
        totalEq: '1e3',
        details: [
          { ccy: 'BTC', availBal: '-12.50', frozenBal: '1e-8', eq: '123456789012345678901234567890.123456789012345678901234567890' },
          { ccy: 'ETH', availBal: '2.5E3', frozenBal: '-0', eq: '0' },
        ],
      },
      maxWithdrawal: [{ ccy: 'BTC', maxWd: '0.000000000000000000000000000001' }],
    });
    closing(server, onTestFinished);
    const result = await runBalance(['show', '--provider', 'okx', '--json'], { env: PROVIDERS[0]!.env(server.url) });
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    const [account] = doc.balances[0].accounts;
    expect(account.summary.totalEquity).toBe('1000');
    expect(account.cash).toEqual([
      expect.objectContaining({
        currency: 'BTC',
        available: '-12.50',
        frozen: '0.00000001',
        withdrawable: '0.000000000000000000000000000001',
        equity: '123456789012345678901234567890.123456789012345678901234567890',
      }),
      expect.objectContaining({ currency: 'ETH', available: '2500', frozen: '0', withdrawable: null, equity: '0' }),
    ]);
    expect(result.stdout).not.toMatch(/\d[eE][-+]?\d|NaN/);
  });

  it('OKX: 5,000 currencies, every one shown once and exactly', async ({ onTestFinished }) => {
    const details = Array.from({ length: 5_000 }, (_, index) => ({ ccy: `C${index}`, availBal: `${index}.${String(index).padStart(4, '0')}`, frozenBal: '0' }));
    const server = await startOkxServer({ balance: { totalEq: '1', details }, maxWithdrawal: [] });
    closing(server, onTestFinished);
    const result = await runBalance(['show', '--provider', 'okx'], { env: PROVIDERS[0]!.env(server.url) });
    expect(result.code).toBe(0);
    const rows = lines(result.stdout).map((line) => line.split('\t'));
    expect(rows).toHaveLength(5_000);
    rows.forEach((row, index) => expect([row[3], row[4]]).toEqual([`C${index}`, `${index}.${String(index).padStart(4, '0')}`]));
  });

  it('Longport: a negative settling amount and an exponent string', async ({ onTestFinished }) => {
    const server = await startLongportServer({
      accountBody: {
        code: 0,
        data: {
          list: [
            {
              currency: 'HKD',
              risk_level: '0',
              total_cash: '-1.5e2',
              cash_infos: [{ currency: 'HKD', available_cash: '-0.01', frozen_cash: '0', settling_cash: '-276806.51', withdraw_cash: '1E-2' }],
            },
          ],
        },
      },
    });
    closing(server, onTestFinished);
    const result = await runBalance(['show', '--provider', 'longport'], { env: PROVIDERS[1]!.env(server.url) });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('longport\tdefault\tsecurities\tHKD\t-0.01\t0\t-276806.51\t0.01\tsafe\n');
  });
});

// No run of this file may have printed a secret, whatever went wrong.
afterAll(expectNoTestSecrets);
