// Reading balance answers: the seed examples, the 2022 shape and the odd cases
// real servers send.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BalanceError } from '../../../../src/base/errors.js';
import type { Account, CashRow } from '../../../../src/base/model.js';
import { toPlain, type Amount } from '../../../../src/base/money.js';
import { LONGBRIDGE, LONGPORT } from '../../../../src/providers/longport/brand.js';
import { readAccounts } from '../../../../src/providers/longport/client.js';

const fixture = (name: string): string => readFileSync(join(import.meta.dirname, '../../../fixtures/longport', name), 'utf8');
const SEED_000 = fixture('seed-000-account.json');
const SEED_001 = fixture('seed-001-get-account-cash-info.json');

const read = (body: string | object, brand = LONGPORT): Account[] =>
  readAccounts(brand, { status: 200, body: typeof body === 'string' ? body : JSON.stringify(body) });

/** The amount as it reaches the screen: exact, as written. */
const plain = (value: Amount | undefined): string | null | undefined => (value === undefined ? undefined : toPlain(value));

function cashRows(accounts: Account[]): Record<string, Record<string, string | null>> {
  const rows: Record<string, Record<string, string | null>> = {};
  for (const row of accounts.flatMap((account) => account.cash)) rows[row.currency] = cashFigures(row);
  return rows;
}

function cashFigures(row: CashRow): Record<string, string | null> {
  const figures: Record<string, string | null> = {
    available: plain(row.available) ?? null,
    frozen: plain(row.frozen) ?? null,
    settling: plain(row.settling) ?? null,
    withdrawable: plain(row.withdrawable) ?? null,
  };
  for (const extra of row.extra) figures[extra.key] = plain(extra.value) ?? null;
  return figures;
}

function summary(account: Account | undefined): Record<string, string | null> {
  return Object.fromEntries((account?.summary ?? []).map((figure) => [figure.key, plain(figure.value) ?? null]));
}

/** One list item in the current envelope, with one HKD cash row. */
function envelope(item: Record<string, unknown>, cash: Record<string, unknown> = {}, messageKey = 'message'): string {
  return JSON.stringify({
    code: 0,
    [messageKey]: 'success',
    data: {
      list: [
        {
          currency: 'HKD',
          risk_level: '0',
          total_cash: '1',
          cash_infos: [
            { currency: 'HKD', available_cash: '1', frozen_cash: '0', settling_cash: '0', withdraw_cash: '1', ...cash },
          ],
          ...item,
        },
      ],
    },
  });
}

function readError(body: string | object, brand = LONGPORT): BalanceError {
  try {
    read(body, brand);
  } catch (error) {
    if (error instanceof BalanceError) return error;
    throw error;
  }
  throw new Error('expected the body to be refused');
}

describe('seed 000: GET /v1/asset/account example', () => {
  const accounts = read(SEED_000);

  it('gives one securities account in HKD at medium risk', () => {
    expect(accounts).toHaveLength(1);
    expect(accounts[0]).toMatchObject({ type: 'securities', currency: 'HKD', riskLevel: 1, riskBasis: null });
  });

  it('maps every summary figure, in order', () => {
    expect(accounts[0]?.summary.map((figure) => [figure.key, figure.label])).toEqual([
      ['totalCash', 'Total cash'],
      ['netAssets', 'Net assets'],
      ['buyPower', 'Buy power'],
      ['initialMargin', 'Initial margin'],
      ['maintenanceMargin', 'Maintenance margin'],
      ['marginCall', 'Margin call'],
      ['maxFinanceAmount', 'Max finance'],
      ['remainingFinanceAmount', 'Remaining finance'],
    ]);
    const figures = summary(accounts[0]);
    expect(figures.totalCash).toBe('1759070010.72');
    expect(figures.buyPower).toBe('1759070.12');
    expect(figures.initialMargin).toBe('1540.09');
    expect(figures.maintenanceMargin).toBe('1540.09');
    expect(figures.maxFinanceAmount).toBe('977582000');
    expect(figures.remainingFinanceAmount).toBe('0');
    expect(figures.netAssets).toBe('24145.90');
    expect(figures.marginCall).toBe('2598051051.50');
  });

  it('maps cash_infos to per-currency rows, negative settling exact', () => {
    const rows = cashRows(accounts);
    expect(Object.keys(rows)).toEqual(['HKD', 'USD']);
    expect(rows.HKD).toEqual({
      available: '195902464.37',
      frozen: '11579339.13',
      settling: '207288537.81',
      withdrawable: '97592.30',
    });
    expect(rows.USD).toEqual({
      available: '199893416.74',
      frozen: '28723.76',
      settling: '-276806.51',
      withdrawable: '199893416.74',
    });
  });
});

describe('seed 001: the 2022 GetAccountCashInfo shape', () => {
  const accounts = read(SEED_001, LONGBRIDGE);

  it('reads the bare list with cashInfos', () => {
    expect(accounts).toHaveLength(1);
    expect(accounts[0]).toMatchObject({ type: 'securities', currency: 'HKD', riskLevel: 1 });
    expect(cashRows(accounts).USD).toEqual({
      available: '199893416.74',
      frozen: '28723.76',
      settling: '-276806.51',
      withdrawable: '199893416.74',
    });
    expect(cashRows(accounts).HKD?.available).toBe('195902464.37');
  });

  it('gives null for the figures the 2022 API does not have, never zero', () => {
    const figures = summary(accounts[0]);
    expect(figures).toMatchObject({ netAssets: null, buyPower: null, initialMargin: null, maintenanceMargin: null });
    expect(figures.totalCash).toBe('1759070010.72');
    expect(figures.remainingFinanceAmount).toBe('0');
  });

  it('accepts the integer-typed fields of the 2022 table as JSON numbers', () => {
    const body = JSON.parse(SEED_001) as { list: Record<string, unknown>[] };
    const text = JSON.stringify(body)
      .replace('"max_finance_amount":"977582000"', '"max_finance_amount":977582000')
      .replace('"currency":"HKD","cashInfos"', '"currency":344,"cashInfos"');
    const [account] = read(text, LONGBRIDGE);
    expect(account?.currency).toBe('344');
    expect(summary(account).maxFinanceAmount).toBe('977582000');
  });

  it('also reads the 2022 list inside an envelope with msg', () => {
    const bare = JSON.parse(SEED_001) as unknown;
    const accounts2 = read({ code: 0, msg: '', data: bare }, LONGBRIDGE);
    expect(cashRows(accounts2)).toEqual(cashRows(accounts));
  });
});

describe('tolerance', () => {
  it('reads "" as null (not applicable), never as zero', () => {
    const [account] = read(envelope({ net_assets: '', buy_power: '' }, { settling_cash: '', withdraw_cash: '' }));
    expect(summary(account)).toMatchObject({ netAssets: null, buyPower: null, totalCash: '1' });
    expect(cashRows([account as Account]).HKD).toMatchObject({ settling: null, withdrawable: null, available: '1' });
  });

  it('keeps every digit of a JSON number longer than a double', () => {
    const body = envelope({}).replace('"available_cash":"1"', '"available_cash":12345678901234567890.123456789');
    expect(cashRows(read(body)).HKD?.available).toBe('12345678901234567890.123456789');
    const negative = envelope({}).replace('"settling_cash":"0"', '"settling_cash":-276806.51');
    expect(cashRows(read(negative)).HKD?.settling).toBe('-276806.51');
  });

  it('reads message, msg or neither alike', () => {
    const withMessage = read(envelope({}, {}, 'message'));
    const withMsg = read(envelope({}, {}, 'msg'));
    const withNeither = read(envelope({}).replace('"message":"success",', ''));
    expect(cashRows(withMsg)).toEqual(cashRows(withMessage));
    expect(cashRows(withNeither)).toEqual(cashRows(withMessage));
  });

  it('accepts code as a string', () => {
    expect(read(envelope({}).replace('"code":0', '"code":"0"'))).toHaveLength(1);
  });

  it('ignores unknown fields', () => {
    const [account] = read(envelope({ brand_new_figure: { nested: true } }, { something_else: [1, 2] }));
    expect(cashRows([account as Account]).HKD?.available).toBe('1');
  });

  it('reads lowercase currencies as upper case', () => {
    const [account] = read(envelope({ currency: 'hkd' }, { currency: 'usd' }));
    expect(account?.currency).toBe('HKD');
    expect(account?.cash[0]?.currency).toBe('USD');
  });

  it('gives an account currency of "" as null', () => {
    expect(read(envelope({ currency: '' }))[0]?.currency).toBeNull();
  });

  it('gives an empty list as no accounts, and an item without cash_infos as no rows', () => {
    expect(read({ code: 0, message: 'success', data: { list: [] } })).toEqual([]);
    const [account] = read({ code: 0, data: { list: [{ currency: 'HKD', risk_level: '0' }] } });
    expect(account?.cash).toEqual([]);
  });

  it('shows redemption_cash only when the server sends it', () => {
    const [withIt] = read(envelope({}, { redemption_cash: '12.5' }));
    expect(withIt?.cash[0]?.extra).toEqual([expect.objectContaining({ key: 'redemption', label: 'Redemption' })]);
    expect(cashRows([withIt as Account]).HKD?.redemption).toBe('12.5');
    expect(read(envelope({}))[0]?.cash[0]?.extra).toEqual([]);
  });

  it('adds the frozen transaction fee to the row of its currency only', () => {
    const body = JSON.stringify({
      code: 0,
      data: {
        list: [
          {
            currency: 'HKD',
            risk_level: '0',
            cash_infos: [
              { currency: 'HKD', available_cash: '1', frozen_cash: '2', settling_cash: '3', withdraw_cash: '4' },
              { currency: 'USD', available_cash: '5', frozen_cash: '6', settling_cash: '7', withdraw_cash: '8' },
            ],
            frozen_transaction_fees: [{ currency: 'USD', frozen_transaction_fee: '1.25' }],
          },
        ],
      },
    });
    const rows = cashRows(read(body));
    expect(rows.USD?.frozenTransactionFee).toBe('1.25');
    expect(rows.HKD).not.toHaveProperty('frozenTransactionFee');
  });
});

describe('risk_level', () => {
  it.each([
    ['0', 0],
    ['1', 1],
    ['2', 2],
    ['3', 3],
  ])('reads "%s" as %i', (text, level) => {
    expect(read(envelope({ risk_level: text }))[0]?.riskLevel).toBe(level);
  });

  it('reads "" and a missing risk_level as unknown (null)', () => {
    expect(read(envelope({ risk_level: '' }))[0]?.riskLevel).toBeNull();
    const body = JSON.parse(envelope({})) as { data: { list: Record<string, unknown>[] } };
    delete body.data.list[0]?.risk_level;
    expect(read(body)[0]?.riskLevel).toBeNull();
  });

  it('accepts a JSON number', () => {
    expect(read(envelope({ risk_level: 2 }))[0]?.riskLevel).toBe(2);
  });

  it('refuses a level it does not know, naming the field', () => {
    const error = readError(envelope({ risk_level: '7' }));
    expect(error.kind).toBe('response');
    expect(error.exitCode).toBe(1);
    expect(error.message).toContain('Longport');
    expect(error.message).toContain('data.list[0].risk_level');
    expect(error.message).toContain('"7"');
  });
});

describe('what cannot be understood is an error naming provider and field', () => {
  it('names a cash figure of the wrong type', () => {
    const body = JSON.parse(SEED_000) as { data: { list: { cash_infos: Record<string, unknown>[] }[] } };
    const usd = body.data.list[0]?.cash_infos[1];
    if (usd === undefined) throw new Error('seed changed');
    usd.available_cash = true;
    const error = readError(body);
    expect(error.kind).toBe('response');
    expect(error.message).toMatch(/^Longport balance could not be read: data\.list\[0\]\.cash_infos\[1\]\.available_cash: /);
  });

  it('names the camelCase field in the 2022 shape', () => {
    const body = SEED_001.replace('"frozen_cash": "28723.76"', '"frozen_cash": "12abc"');
    const error = readError(body, LONGBRIDGE);
    expect(error.message).toContain('Longbridge');
    expect(error.message).toContain('list[0].cashInfos[1].frozen_cash');
    expect(error.message).toContain('12abc');
  });

  it('names a summary figure that is not a number', () => {
    const error = readError(envelope({ total_cash: 'N/A' }));
    expect(error.message).toContain('data.list[0].total_cash');
  });

  it('names a missing cash figure rather than guessing it', () => {
    const body = JSON.parse(envelope({})) as { data: { list: { cash_infos: Record<string, unknown>[] }[] } };
    delete body.data.list[0]?.cash_infos[0]?.withdraw_cash;
    expect(readError(body).message).toContain('data.list[0].cash_infos[0].withdraw_cash');
  });

  it('names a missing or null data', () => {
    expect(readError({ code: 0, message: 'success', data: null }).message).toContain('data');
    expect(readError({ code: 0, message: 'success' }).message).toContain('data');
  });

  it('names a currency that is not a code', () => {
    expect(readError(envelope({}, { currency: 'HK D' })).message).toContain('data.list[0].cash_infos[0].currency');
  });

  it('refuses a body that is not JSON without a stack trace', () => {
    const error = readError('<html>oops</html>');
    expect(error.kind).toBe('response');
    expect(error.message).toBe('Longport sent an HTML page instead of JSON (HTTP 200).');
  });

  it('refuses an absurd amount instead of showing a wrong number', () => {
    const body = envelope({}).replace('"available_cash":"1"', '"available_cash":"1e400"');
    expect(readError(body).message).toContain('data.list[0].cash_infos[0].available_cash');
  });
});
