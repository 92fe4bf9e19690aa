// What Longport/Longbridge servers send back, read tolerantly:
//
//   current:  {"code":0,"message":"success","data":{"list":[{…,"cash_infos":[…]}]}}
//   older:    the same with "msg" instead of "message", or no message at all
//   2022:     a bare {"list":[{…,"cashInfos":[…]}]} without envelope, fewer figures,
//             `currency` documented as an integer
//
// Amounts are decimal strings or JSON numbers (kept exact), "" means "does not
// apply" (null). Unknown fields are ignored. Anything else is an error that
// names the field.
import * as v from 'valibot';
import { amount, currencyCode, looseString, optionalAmount, uniqueCurrencies } from '../../base/schema.js';
import type { RiskLevel } from '../../base/model.js';

const CURRENCY = /^[A-Z0-9]{1,20}$/;

/** risk_level: "0" safe … "3" danger; "", null or absent → null. */
const riskLevel = v.pipe(
  v.optional(v.nullable(looseString), null),
  v.rawTransform(({ dataset, addIssue, NEVER }): RiskLevel | null => {
    const text = dataset.value?.trim() ?? '';
    if (text === '') return null;
    if (/^[0-3]$/.test(text)) return Number(text) as RiskLevel;
    addIssue({ message: `expected a risk level 0 to 3, got ${JSON.stringify(text.slice(0, 20))}` });
    return NEVER;
  }),
);

/** The account's currency; the 2022 table types it as an integer. "" → null. */
const accountCurrency = v.pipe(
  v.optional(v.nullable(looseString), null),
  v.transform((value): string | null => {
    const code = value?.trim().toUpperCase() ?? '';
    return code === '' ? null : code;
  }),
  v.check((code) => code === null || CURRENCY.test(code), 'expected a currency code'),
);

const cashInfo = v.object({
  currency: currencyCode,
  available_cash: amount,
  frozen_cash: amount,
  settling_cash: amount,
  withdraw_cash: amount,
  /** Only some servers send it; absent stays undefined so it is not shown. */
  redemption_cash: v.optional(amount),
});

const frozenTransactionFee = v.object({
  currency: currencyCode,
  frozen_transaction_fee: amount,
});

const cashList = v.optional(v.nullable(v.pipe(v.array(cashInfo), uniqueCurrencies('currency'))), null);

const accountItem = v.pipe(
  v.object({
    currency: accountCurrency,
    risk_level: riskLevel,
    total_cash: optionalAmount,
    net_assets: optionalAmount,
    buy_power: optionalAmount,
    init_margin: optionalAmount,
    maintenance_margin: optionalAmount,
    margin_call: optionalAmount,
    max_finance_amount: optionalAmount,
    remaining_finance_amount: optionalAmount,
    cash_infos: cashList,
    cashInfos: cashList,
    frozen_transaction_fees: v.optional(v.nullable(v.pipe(v.array(frozenTransactionFee), uniqueCurrencies('currency'))), null),
  }),
  v.transform(({ cash_infos, cashInfos, frozen_transaction_fees, ...figures }) => ({
    ...figures,
    cash: cash_infos ?? cashInfos ?? [],
    frozenTransactionFees: frozen_transaction_fees ?? [],
  })),
);

export type AccountItem = v.InferOutput<typeof accountItem>;
export type CashInfo = v.InferOutput<typeof cashInfo>;

/** A message that is not text is no reason to fail: it is only for display. */
const displayText = v.fallback(v.optional(v.nullable(looseString)), undefined);

/** Enough of any body to tell success from failure and envelope from bare list. */
export const responseHead = v.object({
  code: v.optional(looseString),
  message: displayText,
  msg: displayText,
  list: v.optional(v.unknown()),
});

export type ResponseHead = v.InferOutput<typeof responseHead>;

/** `{"code":0,"data":{"list":[…]}}` */
export const envelopeBody = v.object({
  data: v.object({ list: v.array(accountItem) }),
});

/** The 2022 `{"list":[…]}` without envelope. */
export const bareBody = v.object({
  list: v.array(accountItem),
});

/** A bare list has no code of its own; an envelope always does. */
export function isBareList(head: ResponseHead): boolean {
  return head.code === undefined && head.list !== undefined;
}

/** The server's own words: `message`, or `msg` on older servers. */
export function serverMessage(head: ResponseHead): string | null {
  const text = (head.message ?? head.msg ?? '').trim();
  return text === '' ? null : text;
}
