// valibot schemas for the OKX answers the balance query reads. Only the fields
// used are named; everything else OKX sends is ignored. Amounts are exact
// decimals (strings or JSON numbers) and "" means "not applicable": null.
import * as v from 'valibot';
import { amount, currencyCode, looseString, uniqueCurrencies } from '../../base/schema.js';

const optionalAmount = v.optional(amount, null);

/**
 * `{"code":"0","msg":"","data":[…]}`. Older servers send `code` as a number,
 * and error bodies often leave `data` out, so only `code` is required here;
 * `data` is read by the endpoint's own schema once `code` says "0".
 */
export const envelope = v.object({
  code: looseString,
  msg: v.optional(v.union([looseString, v.null()], 'expected a string'), null),
  data: v.optional(v.unknown()),
});

/** One entry of `details[]` in GET /api/v5/account/balance. */
export const balanceDetail = v.object({
  ccy: currencyCode,
  availBal: optionalAmount,
  frozenBal: optionalAmount,
  eq: optionalAmount,
  cashBal: optionalAmount,
  liab: optionalAmount,
  upl: optionalAmount,
  eqUsd: optionalAmount,
  /** Per-currency cross margin ratio, futures mode only. */
  mgnRatio: optionalAmount,
});
export type BalanceDetail = v.InferOutput<typeof balanceDetail>;

/** One element of `data` in GET /api/v5/account/balance: the trading account. */
export const balance = v.object({
  totalEq: optionalAmount,
  adjEq: optionalAmount,
  availEq: optionalAmount,
  imr: optionalAmount,
  mmr: optionalAmount,
  mgnRatio: optionalAmount,
  upl: optionalAmount,
  details: v.optional(v.pipe(v.array(balanceDetail), uniqueCurrencies('ccy')), []),
});
export type Balance = v.InferOutput<typeof balance>;

/** One element of `data` in GET /api/v5/account/max-withdrawal. */
export const maxWithdrawal = v.object({
  ccy: currencyCode,
  maxWd: optionalAmount,
  maxWdEx: optionalAmount,
});
export type MaxWithdrawal = v.InferOutput<typeof maxWithdrawal>;

/**
 * Successful answers, validated from the whole body so that a bad field is
 * named from the top ("data[0].details[2].availBal").
 */
export const balanceBody = v.object({
  // One trading account per key; a second one would be shown as nothing or as the first.
  data: v.pipe(
    v.array(balance, 'expected a list'),
    v.check((list) => list.length <= 1, (issue) => `expected one account, got ${(issue.input as unknown[]).length}`),
  ),
});
export const maxWithdrawalBody = v.object({
  data: v.optional(v.pipe(v.array(maxWithdrawal, 'expected a list'), uniqueCurrencies('ccy')), []),
});

/** One element of `data` in GET /api/v5/asset/balances: a currency of the funding account. */
export const assetBalance = v.object({
  ccy: currencyCode,
  bal: optionalAmount,
  availBal: optionalAmount,
  frozenBal: optionalAmount,
});
export type AssetBalance = v.InferOutput<typeof assetBalance>;

export const assetBalancesBody = v.object({
  data: v.optional(v.pipe(v.array(assetBalance, 'expected a list'), uniqueCurrencies('ccy')), []),
});

/** GET /api/v5/public/time: `data[0].ts`, the server's time in ms as a string. */
export const serverTimeBody = v.pipe(
  v.object({ data: v.tuple([v.object({ ts: v.pipe(looseString, v.regex(/^\d{10,16}$/, 'expected a time in ms')) })]) }),
  v.transform((body) => Number(body.data[0].ts)),
);

/** GET /api/v5/account/config: only the key's permissions are read. */
export const accountConfigBody = v.object({
  data: v.array(v.object({ perm: v.optional(v.string(), '') }), 'expected a list'),
});

/**
 * GET /api/v5/asset/asset-valuation: the whole account's value in one
 * currency, `totalBal`, and its parts in `details` (decimal strings).
 */
export const assetValuationBody = v.object({
  data: v.tuple(
    [
      v.object({
        totalBal: amount,
        details: v.optional(
          v.object({ trading: optionalAmount, funding: optionalAmount, earn: optionalAmount, classic: optionalAmount }),
          { trading: null, funding: null, earn: null, classic: null },
        ),
      }),
    ],
    'expected one valuation',
  ),
});
