// The response readers, by property: a random valid answer comes out with
// every amount as the same decimal the provider wrote; random junk — not JSON,
// the wrong JSON, or a valid answer broken in one place — ends in a
// BalanceError, never in another exception, NaN or an invented figure.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BalanceError } from '../../../src/base/errors.js';
import type { Account } from '../../../src/base/model.js';
import { toPlain } from '../../../src/base/money.js';
import { LONGPORT } from '../../../src/providers/longport/brand.js';
import { readAccounts } from '../../../src/providers/longport/client.js';
import { readOkxBody, tradingAccount } from '../../../src/providers/okx/client.js';
import { balanceBody, maxWithdrawalBody } from '../../../src/providers/okx/schema.js';
import { currencyCode, hostileValue, junkText, mutate, wireAmount } from './arbitraries.js';

const RUNS = { numRuns: 300 };

/** A JSON object written by hand, so that raw JSON numbers stay as generated. */
const object = (fields: Record<string, string>): string =>
  `{${Object.entries(fields)
    .map(([key, json]) => `${JSON.stringify(key)}:${json}`)
    .join(',')}}`;

const status = fc.oneof({ weight: 4, arbitrary: fc.constant(200) }, { weight: 1, arbitrary: fc.constantFrom(400, 401, 403, 404, 429, 500, 502, 503) });

/** Runs `read`; a BalanceError is a fine outcome, anything else thrown fails the property. */
function outcome<T>(read: () => T): T | BalanceError {
  try {
    return read();
  } catch (error) {
    if (error instanceof BalanceError) return error;
    throw error;
  }
}

function everyAmountFinite(accounts: readonly Account[]): boolean {
  return accounts.every((account) =>
    [...account.summary.map((figure) => figure.value), ...account.cash.flatMap((row) => [row.available, row.frozen, row.settling, row.withdrawable, ...row.extra.map((figure) => figure.value)])].every(
      (value) => value === null || value.isFinite(),
    ),
  );
}

// OKX

const okxDetail = fc.record({ availBal: wireAmount, frozenBal: wireAmount, eq: wireAmount, eqUsd: wireAmount });
const okxAnswer = fc
  .uniqueArray(currencyCode, { maxLength: 12 })
  .chain((codes) =>
    fc.record({
      totalEq: wireAmount,
      details: fc.tuple(...codes.map((ccy) => okxDetail.map((fields) => ({ ccy, ...fields })))),
      withdrawals: fc.tuple(...codes.map((ccy) => fc.option(wireAmount, { nil: undefined }).map((maxWd) => ({ ccy, maxWd })))),
    }),
  );

type OkxAnswer = typeof okxAnswer extends fc.Arbitrary<infer T> ? T : never;

function okxBalanceText(answer: OkxAnswer): string {
  const details = answer.details.map((detail) =>
    object({ ccy: JSON.stringify(detail.ccy), availBal: detail.availBal.json, frozenBal: detail.frozenBal.json, eq: detail.eq.json, eqUsd: detail.eqUsd.json }),
  );
  return object({ code: '"0"', msg: '""', data: `[${object({ totalEq: answer.totalEq.json, details: `[${details.join(',')}]` })}]` });
}

function okxWithdrawalText(answer: OkxAnswer): string {
  const entries = answer.withdrawals.flatMap((entry) => (entry.maxWd === undefined ? [] : [object({ ccy: JSON.stringify(entry.ccy), maxWd: entry.maxWd.json })]));
  return object({ code: '"0"', msg: '""', data: `[${entries.join(',')}]` });
}

function readOkx(balanceText: string, withdrawalText: string, answered = 200): Account {
  const balance = readOkxBody({ status: answered, body: balanceText }, balanceBody, 'balance response');
  const withdrawals = readOkxBody({ status: 200, body: withdrawalText }, maxWithdrawalBody, 'max-withdrawal response');
  return tradingAccount(balance, withdrawals);
}

describe('OKX answers', () => {
  it('round-trip every amount to the decimal written, "" to null', () => {
    fc.assert(
      fc.property(okxAnswer, (answer) => {
        const account = readOkx(okxBalanceText(answer), okxWithdrawalText(answer));
        expect(toPlain(account.summary.find((figure) => figure.key === 'totalEquity')!.value)).toBe(answer.totalEq.shown);
        expect(account.cash.map((row) => row.currency)).toEqual(answer.details.map((detail) => detail.ccy));
        answer.details.forEach((detail, index) => {
          const row = account.cash[index]!;
          expect(toPlain(row.available)).toBe(detail.availBal.shown);
          expect(toPlain(row.frozen)).toBe(detail.frozenBal.shown);
          expect(toPlain(row.extra.find((figure) => figure.key === 'equity')!.value)).toBe(detail.eq.shown);
          // Withdrawable comes only from max-withdrawal: never invented.
          expect(toPlain(row.withdrawable)).toBe(answer.withdrawals[index]!.maxWd?.shown ?? null);
        });
      }),
      RUNS,
    );
  });

  it('end junk in a BalanceError, never another exception', () => {
    fc.assert(
      fc.property(junkText, status, (text, answered) => {
        outcome(() => readOkx(text, '{"code":"0","data":[]}', answered));
      }),
      RUNS,
    );
  });

  it('end an answer broken in one character in a BalanceError or in finite amounts', () => {
    fc.assert(
      fc.property(
        okxAnswer.chain((answer) => mutate(okxBalanceText(answer))),
        (text) => {
          const result = outcome(() => readOkx(text, '{"code":"0","data":[]}'));
          return result instanceof BalanceError || everyAmountFinite([result]);
        },
      ),
      RUNS,
    );
  });

  it('end a hostile value in any field in a BalanceError naming that field, or in finite amounts', () => {
    const fields = ['totalEq', 'details', 'details[0]', 'details[0].ccy', 'details[0].availBal', 'details[0].frozenBal', 'data', 'code'] as const;
    fc.assert(
      fc.property(fc.constantFrom(...fields), hostileValue, (field, value) => {
        const detail: Record<string, string> = { ccy: '"BTC"', availBal: '"1.5"', frozenBal: '"0"' };
        const account: Record<string, string> = { totalEq: '"10"' };
        const body: Record<string, string> = { code: '"0"', msg: '""' };
        if (field.startsWith('details[0].')) detail[field.slice('details[0].'.length)] = value;
        const details = field === 'details' ? value : field === 'details[0]' ? `[${value}]` : `[${object(detail)}]`;
        if (field === 'totalEq') account.totalEq = value;
        body.data = field === 'data' ? value : `[${object({ ...account, details })}]`;
        if (field === 'code') body.code = value;
        const result = outcome(() => readOkx(object(body), '{"code":"0","data":[]}'));
        if (!(result instanceof BalanceError)) return everyAmountFinite([result]);
        const path = field === 'data' || field === 'code' ? field : `data[0].${field}`;
        const namesField = result.message.includes(`could not be read: ${path}`);
        // A `code` that is text but not "0" is an OKX error code like any other.
        const isErrorCode = field === 'code' && result.message.startsWith('OKX answered with error');
        return (namesField || isErrorCode) && !result.message.includes('\n');
      }),
      RUNS,
    );
  });
});

// Longport

const cashInfo = fc.record({ available_cash: wireAmount, frozen_cash: wireAmount, settling_cash: wireAmount, withdraw_cash: wireAmount });
const longportAnswer = fc.record({
  total_cash: wireAmount,
  net_assets: wireAmount,
  risk_level: fc.constantFrom('"0"', '"1"', '"2"', '"3"', '""', '1'),
  cash: fc.uniqueArray(currencyCode, { maxLength: 12 }).chain((codes) => fc.tuple(...codes.map((currency) => cashInfo.map((fields) => ({ currency, ...fields }))))),
});
type LongportAnswer = typeof longportAnswer extends fc.Arbitrary<infer T> ? T : never;

function longportText(answer: LongportAnswer): string {
  const cash = answer.cash.map((info) =>
    object({
      currency: JSON.stringify(info.currency),
      available_cash: info.available_cash.json,
      frozen_cash: info.frozen_cash.json,
      settling_cash: info.settling_cash.json,
      withdraw_cash: info.withdraw_cash.json,
    }),
  );
  const item = object({ currency: '"HKD"', risk_level: answer.risk_level, total_cash: answer.total_cash.json, net_assets: answer.net_assets.json, cash_infos: `[${cash.join(',')}]` });
  return object({ code: '0', message: '"success"', data: object({ list: `[${item}]` }) });
}

describe('Longport answers', () => {
  it('round-trip every amount to the decimal written, "" to null', () => {
    fc.assert(
      fc.property(longportAnswer, (answer) => {
        const [account] = readAccounts(LONGPORT, { status: 200, body: longportText(answer) });
        expect(toPlain(account!.summary.find((figure) => figure.key === 'totalCash')!.value)).toBe(answer.total_cash.shown);
        expect(toPlain(account!.summary.find((figure) => figure.key === 'netAssets')!.value)).toBe(answer.net_assets.shown);
        expect(account!.cash.map((row) => [row.currency, toPlain(row.available), toPlain(row.frozen), toPlain(row.settling), toPlain(row.withdrawable)])).toEqual(
          answer.cash.map((info) => [info.currency, info.available_cash.shown, info.frozen_cash.shown, info.settling_cash.shown, info.withdraw_cash.shown]),
        );
      }),
      RUNS,
    );
  });

  it('end junk in a BalanceError, never another exception', () => {
    fc.assert(
      fc.property(junkText, status, (text, answered) => {
        outcome(() => readAccounts(LONGPORT, { status: answered, body: text }));
      }),
      RUNS,
    );
  });

  it('end an answer broken in one character in a BalanceError or in finite amounts', () => {
    fc.assert(
      fc.property(
        longportAnswer.chain((answer) => mutate(longportText(answer))),
        (text) => {
          const result = outcome(() => readAccounts(LONGPORT, { status: 200, body: text }));
          return result instanceof BalanceError || everyAmountFinite(result);
        },
      ),
      RUNS,
    );
  });
});
