import BigNumber from 'bignumber.js';
import { describe, expect, it } from 'vitest';
import type { Account, CashRow } from '../../../../src/base/model.js';
import { toPlain } from '../../../../src/base/money.js';
import { deriveRisk, levelForRatio, mapAccount } from '../../../../src/providers/okx/map.js';
import { sampleAccounts } from '../../../../src/providers/okx/sample.js';
import type { Balance, BalanceDetail } from '../../../../src/providers/okx/schema.js';

const d = (text: string): BigNumber => new BigNumber(text);

function detail(ccy: string, fields: Partial<BalanceDetail> = {}): BalanceDetail {
  return {
    ccy,
    availBal: null,
    frozenBal: null,
    eq: null,
    cashBal: null,
    liab: null,
    upl: null,
    eqUsd: null,
    mgnRatio: null,
    ...fields,
  };
}

function balance(fields: Partial<Balance> = {}): Balance {
  return { totalEq: null, adjEq: null, availEq: null, imr: null, mmr: null, mgnRatio: null, upl: null, details: [], ...fields };
}

/** Figures as plain text by key, the way JSON output shows them. */
const figures = (list: Account['summary'] | CashRow['extra']) =>
  Object.fromEntries(list.map((figure) => [figure.key, toPlain(figure.value)]));

describe('OKX risk from the margin ratio', () => {
  it.each([
    ['100', 0],
    ['3.0000001', 0],
    ['3', 1],
    ['1.5000001', 1],
    ['1.5', 2],
    ['1.0000000000000000000001', 2],
    ['1', 3],
    ['0.98', 3],
    ['0', 3],
  ] as const)('margin ratio %s → level %i', (ratio, level) => {
    expect(levelForRatio(d(ratio))).toBe(level);
  });

  it('is safe with no basis when no ratio applies ("")', () => {
    expect(deriveRisk(balance())).toEqual({ level: 0, basis: null });
  });

  it('states the exact ratio it used', () => {
    expect(deriveRisk(balance({ mgnRatio: d('0.98') }))).toEqual({ level: 3, basis: 'margin ratio 0.98' });
    expect(deriveRisk(balance({ mgnRatio: d('1234567.000000001') })).basis).toBe('margin ratio 1234567.000000001');
  });

  it('takes the lowest of the account and per-currency (futures mode) ratios', () => {
    const risk = deriveRisk(
      balance({ mgnRatio: d('12'), details: [detail('BTC', { mgnRatio: d('2.5') }), detail('ETH', { mgnRatio: d('1.2') })] }),
    );
    expect(risk).toEqual({ level: 2, basis: 'margin ratio 1.2 (ETH)' });
  });

  it('uses per-currency ratios when the account has none', () => {
    expect(deriveRisk(balance({ details: [detail('BTC', { mgnRatio: d('5') })] }))).toEqual({
      level: 0,
      basis: 'margin ratio 5 (BTC)',
    });
  });
});

describe('OKX account mapping', () => {
  it('maps the documented example into one USD trading account', () => {
    const accounts = sampleAccounts();
    expect(accounts).toHaveLength(1);
    const [account] = accounts;
    expect(account).toMatchObject({ type: 'trading', currency: 'USD', riskLevel: 0, riskBasis: null });
    expect(figures(account!.summary)).toEqual({
      totalEquity: '55837.43556134779',
      adjustedEquity: '55415.624719833286',
      availableEquity: '55415.624719833286',
      initialMargin: '0',
      maintenanceMargin: '0',
      marginRatio: null,
      unrealizedPnl: '0',
    });
    expect(account!.summary.find((figure) => figure.key === 'totalEquity')?.label).toBe('Total equity (USD)');
    expect(account!.cash).toHaveLength(1);
    const usdt = account!.cash[0]!;
    expect({
      currency: usdt.currency,
      available: toPlain(usdt.available),
      frozen: toPlain(usdt.frozen),
      settling: toPlain(usdt.settling),
      withdrawable: toPlain(usdt.withdrawable),
    }).toEqual({ currency: 'USDT', available: '4834.317093622894', frozen: '158.573', settling: null, withdrawable: null });
    expect(figures(usdt.extra)).toEqual({
      equity: '4992.890093622894',
      cashBalance: '4850.435693622894',
      liabilities: '0',
      unrealizedPnl: '-7.545600000000006',
      equityUsd: '4991.542013297616',
    });
  });

  it('keeps every summary figure, null where OKX sends ""', () => {
    const account = mapAccount(balance({ totalEq: d('10') }), []);
    expect(account.summary.map((figure) => figure.key)).toEqual([
      'totalEquity',
      'adjustedEquity',
      'availableEquity',
      'initialMargin',
      'maintenanceMargin',
      'marginRatio',
      'unrealizedPnl',
    ]);
    expect(figures(account.summary).adjustedEquity).toBeNull();
  });

  it('maps an empty account to no cash rows and safe risk', () => {
    const account = mapAccount(balance({ totalEq: d('0') }), []);
    expect(account.cash).toEqual([]);
    expect(account.riskLevel).toBe(0);
  });

  it('takes withdrawable from max-withdrawal per currency, null where it is not listed', () => {
    const account = mapAccount(balance({ details: [detail('BTC', { availBal: d('2') }), detail('ETH'), detail('USDT')] }), [
      { ccy: 'ETH', maxWd: d('0.000000001'), maxWdEx: d('5') },
      { ccy: 'BTC', maxWd: d('1.5'), maxWdEx: null },
      { ccy: 'SOL', maxWd: d('9'), maxWdEx: null },
    ]);
    expect(account.cash.map((row) => [row.currency, toPlain(row.withdrawable)])).toEqual([
      ['BTC', '1.5'],
      ['ETH', '0.000000001'],
      ['USDT', null],
    ]);
  });
});
