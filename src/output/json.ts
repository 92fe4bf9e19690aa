// The JSON contract, schemaVersion 1 (schema/balance-report.v1.json).
// Every amount is a decimal string or null; fields are only ever added.
import { toPlain } from '../base/money.js';
import { currencyTotals } from '../accounts/totals.js';
import { riskLabel, type Account, type AccountValue, type BalanceReport, type Figure, type Valuation } from '../base/model.js';

export const SCHEMA_VERSION = 1;

type JsonAmount = string | null;

export interface JsonCashRow {
  currency: string;
  available: JsonAmount;
  frozen: JsonAmount;
  settling: JsonAmount;
  withdrawable: JsonAmount;
  [extra: string]: JsonAmount;
}

export interface JsonAccount {
  type: Account['type'];
  currency: string | null;
  riskLevel: number | null;
  risk: string | null;
  riskBasis: string | null;
  summary: Record<string, JsonAmount>;
  cash: JsonCashRow[];
}

export interface JsonReport {
  schemaVersion: typeof SCHEMA_VERSION;
  fetchedAt: string;
  balances: { provider: string; profile: string; sample: boolean; paperTrading?: true; accounts: JsonAccount[]; value?: JsonValue }[];
  errors: { provider: string; profile: string; kind: string; code: string | null; message: string }[];
  /** With --all-profiles: each currency summed across all accounts. */
  totals?: JsonTotal[];
  /** With --value-in: the exact sum of the accounts valued, and whether that is all of them. */
  valuation?: JsonValuation;
}

/** A provider/profile's value in the --value-in currency, or why it has none. */
export type JsonValue =
  | { currency: string; amount: string; source: string; sample: boolean; parts?: Record<string, JsonAmount> }
  | { currency: string; amount: null; reason: string };

export interface JsonValuation {
  currency: string;
  /** Exact; only a lower bound when `complete` is false. */
  total: string;
  complete: boolean;
  /** Provider/profiles in the report, fetched or failed. */
  accounts: number;
  /** How many of them were valued. */
  valued: number;
  notValued: { provider: string; profile: string; reason: string }[];
}

export interface JsonTotal {
  currency: string;
  accounts: number;
  available: JsonAmount;
  frozen: JsonAmount;
  settling: JsonAmount;
  withdrawable: JsonAmount;
}

export function toJsonReport(report: BalanceReport, options: { totals?: boolean } = {}): JsonReport {
  const document: JsonReport = {
    schemaVersion: SCHEMA_VERSION,
    fetchedAt: report.fetchedAt.toISOString(),
    balances: report.balances.map((set) => ({
      provider: set.provider,
      profile: set.profile,
      sample: set.sample,
      ...(set.paperTrading === true ? { paperTrading: true as const } : {}),
      accounts: set.accounts.map(toJsonAccount),
      ...(set.value === undefined ? {} : { value: toJsonValue(set.value) }),
    })),
    errors: report.errors.map(({ provider, profile, kind, code, message }) => ({ provider, profile, kind, code, message })),
  };
  if (options.totals === true) {
    document.totals = currencyTotals(report).map((total) => ({
      currency: total.currency,
      accounts: total.accounts,
      available: toPlain(total.available),
      frozen: toPlain(total.frozen),
      settling: toPlain(total.settling),
      withdrawable: toPlain(total.withdrawable),
    }));
  }
  if (report.valuation !== undefined) document.valuation = toJsonValuation(report.valuation);
  return document;
}

export function toJsonValue(value: AccountValue): JsonValue {
  if (value.amount === null) return { currency: value.currency, amount: null, reason: value.reason };
  const json: JsonValue = { currency: value.currency, amount: toPlain(value.amount) ?? '', source: value.source, sample: value.sample };
  return value.parts.length === 0 ? json : { ...json, parts: figures(value.parts) };
}

export function toJsonValuation(valuation: Valuation): JsonValuation {
  const notValued = valuation.accounts.flatMap(({ provider, profile, value }) => (value.amount === null ? [{ provider, profile, reason: value.reason }] : []));
  return {
    currency: valuation.currency,
    total: toPlain(valuation.total) ?? '0',
    complete: valuation.complete,
    accounts: valuation.accounts.length,
    valued: valuation.accounts.length - notValued.length,
    notValued,
  };
}

export function toJsonAccount(account: Account): JsonAccount {
  return {
    type: account.type,
    currency: account.currency,
    riskLevel: account.riskLevel,
    risk: riskLabel(account.riskLevel),
    riskBasis: account.riskBasis,
    summary: figures(account.summary),
    cash: account.cash.map((row) => ({
      // Provider-specific figures follow the common ones and never replace them.
      ...figures(row.extra),
      currency: row.currency,
      available: toPlain(row.available),
      frozen: toPlain(row.frozen),
      settling: toPlain(row.settling),
      withdrawable: toPlain(row.withdrawable),
    })),
  };
}

/** Pretty (two-space) on a terminal, one compact line otherwise. */
export function renderJson(report: BalanceReport, options: { pretty: boolean; totals?: boolean }): string {
  return `${JSON.stringify(toJsonReport(report, { totals: options.totals === true }), null, options.pretty ? 2 : undefined)}\n`;
}

function figures(list: readonly Figure[]): Record<string, JsonAmount> {
  const out: Record<string, JsonAmount> = {};
  for (const figure of list) out[figure.key] = toPlain(figure.value);
  return out;
}
