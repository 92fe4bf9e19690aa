// src/base/ is the ground every other folder stands on: this model, exact
// money, errors and exit codes, redaction, lossless JSON, the valibot pieces the
// response readers share, currency codes, text sanitising and the plain types of
// a provider's inputs (settings.ts). It imports nothing of ours from above.
//
// The unified balance model every provider maps into and every renderer reads.
import type { Amount } from './money.js';

/** Providers that talk to a real API. */
export const REAL_PROVIDER_NAMES = ['longport', 'longbridge', 'okx'] as const;
export type RealProviderName = (typeof REAL_PROVIDER_NAMES)[number];
/** What --provider accepts: the real ones, and built-in sample data. */
export const PROVIDER_NAMES = [...REAL_PROVIDER_NAMES, 'sample'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

export type RiskLevel = 0 | 1 | 2 | 3;
export const RISK_LABELS = ['safe', 'medium', 'warning', 'danger'] as const;
export type RiskLabel = (typeof RISK_LABELS)[number];

export type AccountType = 'securities' | 'trading' | 'funding';

/** A named figure: `key` is the JSON name, `label` the table heading. */
export interface Figure {
  readonly key: string;
  readonly label: string;
  readonly value: Amount;
}

/** One currency's cash in one account. null: the provider does not report it. */
export interface CashRow {
  readonly currency: string;
  readonly available: Amount;
  readonly frozen: Amount;
  readonly settling: Amount;
  readonly withdrawable: Amount;
  /** The provider's other per-currency figures (OKX equity, liabilities, …). */
  readonly extra: readonly Figure[];
}

export interface Account {
  readonly type: AccountType;
  /** Currency of the summary figures, or null. */
  readonly currency: string | null;
  readonly riskLevel: RiskLevel | null;
  /** What the risk level was derived from, e.g. "margin ratio 0.98". */
  readonly riskBasis: string | null;
  readonly summary: readonly Figure[];
  readonly cash: readonly CashRow[];
}

/** Everything one provider/profile returned. */
export interface AccountSet {
  readonly provider: RealProviderName;
  readonly profile: string;
  /** Built-in sample data rather than a real account. */
  readonly sample: boolean;
  readonly accounts: readonly Account[];
  /** A paper-trading (practice) account, as its credentials say. */
  readonly paperTrading?: boolean | undefined;
  /**
   * When the credentials used expire: null when they do not say; absent for a
   * provider whose credentials say nothing of it (OKX).
   */
  readonly credentialsExpireAt?: Date | null | undefined;
}

/** How a paper-trading account is labelled in tables, TSV/CSV and check messages. */
export const PAPER_TRADING_LABEL = 'paper trading';

export interface ReportError {
  readonly provider: string;
  readonly profile: string;
  readonly kind: string;
  readonly code: string | null;
  readonly message: string;
  /** What the user should do; shown on stderr. */
  readonly hint?: string | undefined;
  /** The original error, for --debug; never serialised. */
  readonly cause?: unknown;
}

export interface BalanceReport {
  readonly fetchedAt: Date;
  readonly balances: readonly AccountSet[];
  readonly errors: readonly ReportError[];
}

export function riskLabel(level: RiskLevel | null): RiskLabel | null {
  return level === null ? null : RISK_LABELS[level];
}

/** Keeps only the rows whose currency is listed; an empty list keeps all. */
export function filterCurrencies(account: Account, currencies: readonly string[]): Account {
  if (currencies.length === 0) return account;
  const wanted = new Set(currencies);
  return { ...account, cash: account.cash.filter((row) => wanted.has(row.currency)) };
}
