// src/base/ is the ground every other folder stands on: this model, exact
// money, errors and exit codes, redaction, lossless JSON, the valibot pieces the
// response readers share, currency codes, text sanitising and the plain types of
// a provider's inputs (settings.ts). It imports nothing of ours from above.
//
// The unified balance model every provider maps into and every renderer reads.
import type BigNumber from 'bignumber.js';
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
  /** The whole provider/profile valued in one currency (--value-in); absent when not asked. */
  readonly value?: AccountValue;
}

/**
 * What a provider/profile is worth in one currency, as the provider itself
 * values it (never from a price source of ours), or why it is not valued.
 */
export type AccountValue = KnownValue | UnknownValue;

export interface KnownValue {
  readonly currency: string;
  readonly amount: BigNumber;
  /** Where the number comes from, for JSON: "net_assets", "asset-valuation", "sample". */
  readonly source: string;
  /** The same for people: "broker valuation", "OKX valuation". */
  readonly label: string;
  /** The parts the provider gives (OKX: trading, funding, earn, classic); empty when none. */
  readonly parts: readonly Figure[];
  /** Built-in sample figures, not a real valuation. */
  readonly sample: boolean;
}

export interface UnknownValue {
  readonly currency: string;
  readonly amount: null;
  /** Why not, in plain words: "OKX does not value in HKD". */
  readonly reason: string;
  /** A request that failed (not a currency the provider does not value in): counts toward the exit code. */
  readonly failure?: ReportError;
}

/** Every account of a report valued in one currency: the exact sum of those valued. */
export interface Valuation {
  readonly currency: string;
  /** Exact sum of the accounts valued; a lower bound when `complete` is false. */
  readonly total: BigNumber;
  /** Every account was valued; otherwise `total` is only what is known. */
  readonly complete: boolean;
  /** Each provider/profile of the report, fetched or failed, with its value or the reason it has none. */
  readonly accounts: readonly { readonly provider: string; readonly profile: string; readonly value: AccountValue }[];
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
  /** With --value-in: every account valued in one currency. */
  readonly valuation?: Valuation;
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
