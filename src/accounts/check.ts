// `balance check`: conditions on the fetched accounts, compared as exact
// decimals. Pure: conditions and a report in, results and a verdict out.
//
// - --max-risk LEVEL holds for an account whose risk is at most LEVEL. Every
//   account that carries margin is checked (a funding account cannot be
//   liquidated and is not); an account whose risk the provider did not report
//   is a breach, because the gate cannot confirm it.
// - --min-available [PROVIDER[/PROFILE]:]CUR=AMOUNT holds for a provider/profile
//   whose accounts together have at least AMOUNT of CUR available (trading and
//   funding both count when the funding account is fetched). A currency the
//   accounts do not hold at all counts as 0 available — providers leave out
//   empty balances (OKX does), so "not there" is what "all gone" looks like —
//   and one whose available amount is not reported is a breach. The prefix
//   limits a condition to one provider or provider/profile, for checks across
//   several accounts that do not all hold the currency.
// - --min-value [PROVIDER[/PROFILE]:]CUR=AMOUNT holds when the net value in CUR
//   (--value-in: the providers' own valuations) is at least AMOUNT: without a
//   prefix the total of every account, with one each account in scope. A total
//   that is incomplete, or an account that cannot be valued, is a breach with
//   the reason: the gate cannot confirm it.
import type BigNumber from 'bignumber.js';
import { isCurrencyCode } from '../base/currencies.js';
import { ExitCode, usageError, type ExitCodeValue } from '../base/errors.js';
import { exitCodeFor, valuationFailures } from './fetch.js';
import { parseDecimal, sumAmounts, type Amount } from '../base/money.js';
import {
  REAL_PROVIDER_NAMES,
  RISK_LABELS,
  type AccountSet,
  type AccountType,
  type BalanceReport,
  type ReportError,
  type RiskLevel,
} from '../base/model.js';

/** The accounts a condition is limited to: one provider's, or one provider/profile's. */
export interface Scope {
  readonly provider: string;
  readonly profile: string | null;
}

export interface MaxRiskCondition {
  readonly kind: 'maxRisk';
  readonly maxLevel: RiskLevel;
}

export interface MinAvailableCondition {
  readonly kind: 'minAvailable';
  /** null: every provider/profile checked. */
  readonly scope: Scope | null;
  readonly currency: string;
  readonly minimum: BigNumber;
}

export interface MinValueCondition {
  readonly kind: 'minValue';
  /** null: the total of every account. */
  readonly scope: Scope | null;
  readonly currency: string;
  readonly minimum: BigNumber;
}

/** --min-token-days N: breached when credentials used expire within N days. */
export interface MinTokenDaysCondition {
  readonly kind: 'minTokenDays';
  readonly days: number;
}

export type Condition = MaxRiskCondition | MinAvailableCondition | MinValueCondition | MinTokenDaysCondition;

export interface RiskResult {
  readonly kind: 'maxRisk';
  /** Index into the conditions. */
  readonly condition: number;
  readonly provider: string;
  readonly profile: string;
  readonly account: AccountType;
  readonly paperTrading: boolean;
  /** The provider/profile has more than one account with a risk level, so messages name the account. */
  readonly qualified: boolean;
  readonly riskLevel: RiskLevel | null;
  readonly riskBasis: string | null;
  readonly maxLevel: RiskLevel;
  readonly holds: boolean;
}

export interface AvailableResult {
  readonly kind: 'minAvailable';
  readonly condition: number;
  readonly provider: string;
  readonly profile: string;
  readonly currency: string;
  readonly minimum: BigNumber;
  readonly paperTrading: boolean;
  /** Whether any account of the provider/profile holds the currency. */
  readonly held: boolean;
  /** Available across the accounts holding it; null when not held or not reported. */
  readonly available: Amount;
  /** Each account holding the currency, with its available amount. */
  readonly accounts: readonly { readonly type: AccountType; readonly available: Amount }[];
  readonly holds: boolean;
}

export interface ValueResult {
  readonly kind: 'minValue';
  readonly condition: number;
  /** The account's provider and profile; null for the total of every account. */
  readonly provider: string | null;
  readonly profile: string | null;
  readonly currency: string;
  readonly minimum: BigNumber;
  /** The value, or the total of those valued (a lower bound when not complete); null when none is known. */
  readonly value: Amount;
  readonly complete: boolean;
  /** Why the value is not (fully) known; null when it is. */
  readonly reason: string | null;
  readonly holds: boolean;
}

export interface TokenDaysResult {
  readonly kind: 'minTokenDays';
  readonly condition: number;
  readonly provider: string;
  readonly profile: string;
  readonly paperTrading: boolean;
  /** null: the credentials do not say (an opaque token), which is no breach. */
  readonly expiresAt: Date | null;
  /** Whole days left at the time of the check; null when unknown. */
  readonly daysLeft: number | null;
  readonly minDays: number;
  readonly holds: boolean;
}

export type CheckResult = RiskResult | AvailableResult | ValueResult | TokenDaysResult;

/** ok: every condition holds; breached: one does not; error: nothing breached, but some account could not be checked. */
export type Verdict = 'ok' | 'breached' | 'error';

export interface CheckOutcome {
  readonly conditions: readonly Condition[];
  readonly results: readonly CheckResult[];
  readonly breaches: readonly CheckResult[];
  readonly errors: readonly ReportError[];
  readonly verdict: Verdict;
  readonly exitCode: ExitCodeValue;
}

export interface ConditionInput {
  readonly maxRisk?: string | undefined;
  readonly minAvailable?: readonly string[] | undefined;
  readonly minValue?: readonly string[] | undefined;
  readonly minTokenDays?: string | undefined;
}

export function parseConditions(input: ConditionInput): Condition[] {
  const conditions: Condition[] = [];
  if (input.maxRisk !== undefined) conditions.push({ kind: 'maxRisk', maxLevel: parseRiskLevel(input.maxRisk) });
  for (const text of input.minAvailable ?? []) conditions.push({ kind: 'minAvailable', ...parseAmountCondition(text, '--min-available') });
  for (const text of input.minValue ?? []) conditions.push({ kind: 'minValue', ...parseAmountCondition(text, '--min-value') });
  if (input.minTokenDays !== undefined) conditions.push({ kind: 'minTokenDays', days: parseDays(input.minTokenDays) });
  if (conditions.length === 0) {
    throw usageError(
      'Nothing to check.',
      'Give --max-risk LEVEL, --min-available CUR=AMOUNT, --min-value CUR=AMOUNT and/or --min-token-days N, e.g. --max-risk medium --min-available USDT=1000.',
    );
  }
  const valued = new Set(conditions.flatMap((condition) => (condition.kind === 'minValue' ? [condition.currency] : [])));
  if (valued.size > 1) {
    throw usageError(`--min-value: one currency per check, not ${[...valued].join(' and ')}.`, 'Run one check per currency.');
  }
  return conditions;
}

/** The currency --min-value values the accounts in, or null when there is no such condition. */
export function valueCurrency(conditions: readonly Condition[]): string | null {
  return conditions.find((condition) => condition.kind === 'minValue')?.currency ?? null;
}

function parseRiskLevel(text: string): RiskLevel {
  const level = (RISK_LABELS as readonly string[]).indexOf(text.trim().toLowerCase());
  if (level === -1) throw usageError(`--max-risk must be one of ${RISK_LABELS.join(', ')}; got "${text}".`);
  return level as RiskLevel;
}

function parseDays(text: string): number {
  const days = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(days) || days > 3650) {
    throw usageError(`--min-token-days takes a whole number of days, e.g. 7; got "${text}".`);
  }
  return days;
}

const MIN_AVAILABLE = /^(?:([^:=]+):)?([^:=]+)=([^:=]*)$/;
const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const FORM = 'Write CUR=AMOUNT, e.g. HKD=50000, or limit it to one provider or profile: okx:USDT=1000, longport/margin:HKD=50000.';

/** [PROVIDER[/PROFILE]:]CUR=AMOUNT, as --min-available and --min-value take it. */
function parseAmountCondition(text: string, flag: string): { scope: Scope | null; currency: string; minimum: BigNumber } {
  const match = MIN_AVAILABLE.exec(text.trim());
  if (match === null) throw usageError(`${flag} "${text}" is not CUR=AMOUNT.`, FORM);
  const [, scopeText, currencyText = '', amountText = ''] = match;
  const currency = currencyText.trim().toUpperCase();
  if (!isCurrencyCode(currency)) {
    throw usageError(`${flag} "${text}": "${currencyText.trim()}" is not a currency code.`, 'Use 2–10 letters or digits, e.g. HKD, USDT, BTC.');
  }
  const amount = amountText.trim();
  if (amount.includes(',')) {
    throw usageError(`${flag} "${text}": write the amount without thousands separators, e.g. ${currency}=50000.`);
  }
  const parsed = parseDecimal(amount);
  if (!parsed.ok || parsed.value.isNegative()) {
    throw usageError(`${flag} "${text}": "${amount}" is not an amount.`, 'Give a decimal number of at least 0, e.g. 50000 or 0.5.');
  }
  return { scope: scopeText === undefined ? null : parseScope(scopeText, text, flag), currency, minimum: parsed.value };
}

function parseScope(scopeText: string, text: string, flag: string): Scope {
  const [providerText = '', profileText, ...rest] = scopeText.trim().split('/');
  const provider = providerText.toLowerCase();
  if (!(REAL_PROVIDER_NAMES as readonly string[]).includes(provider)) {
    throw usageError(`${flag} "${text}": "${providerText}" is not a provider.`, `Use one of ${REAL_PROVIDER_NAMES.join(', ')}. ${FORM}`);
  }
  if (rest.length > 0 || (profileText !== undefined && !PROFILE_NAME.test(profileText))) {
    throw usageError(`${flag} "${text}": "${scopeText}" is not PROVIDER or PROVIDER/PROFILE.`, FORM);
  }
  return { provider, profile: profileText ?? null };
}

const inScope = (scope: Scope | null, who: { provider: string; profile: string }): boolean =>
  scope === null || (scope.provider === who.provider && (scope.profile === null || scope.profile === who.profile));

export function formatScope(scope: Scope): string {
  return scope.profile === null ? scope.provider : `${scope.provider}/${scope.profile}`;
}

/**
 * Evaluates every condition on every account it applies to. A condition
 * limited to a provider or profile that was not checked at all (neither
 * fetched nor failed) is a usage error: it would otherwise pass unseen.
 */
export function evaluateChecks(report: BalanceReport, conditions: readonly Condition[]): CheckOutcome {
  for (const condition of conditions) {
    if (condition.kind === 'maxRisk' || condition.kind === 'minTokenDays' || condition.scope === null) continue;
    const checked = [...report.balances, ...report.errors].some((who) => inScope(condition.scope, who));
    if (!checked) {
      const names = [...new Set([...report.balances, ...report.errors].map((who) => `${who.provider}/${who.profile}`))];
      const flag = condition.kind === 'minAvailable' ? '--min-available' : '--min-value';
      throw usageError(
        `${flag} ${formatScope(condition.scope)}:${condition.currency}: no ${formatScope(condition.scope)} account was checked.`,
        names.length === 0 ? undefined : `Checked: ${names.join(', ')}.`,
      );
    }
  }
  const results: CheckResult[] = [];
  for (const set of report.balances) {
    conditions.forEach((condition, index) => {
      if (condition.kind === 'maxRisk') results.push(...riskResults(set, condition, index));
      else if (condition.kind === 'minAvailable' && inScope(condition.scope, set)) results.push(availableResult(set, condition, index));
      else if (condition.kind === 'minTokenDays') results.push(...tokenDaysResults(set, condition, index, report.fetchedAt));
    });
  }
  conditions.forEach((condition, index) => {
    if (condition.kind === 'minValue') results.push(...valueResults(report, condition, index));
  });
  const breaches = results.filter((result) => !result.holds);
  const failed = report.errors.length > 0 || valuationFailures(report).length > 0;
  const verdict: Verdict = breaches.length > 0 ? 'breached' : failed ? 'error' : 'ok';
  const exitCode = verdict === 'breached' ? ExitCode.breached : exitCodeFor(report);
  return { conditions, results, breaches, errors: report.errors, verdict, exitCode };
}

function riskResults(set: AccountSet, condition: MaxRiskCondition, index: number): RiskResult[] {
  const margined = set.accounts.filter((account) => account.type !== 'funding');
  return margined.map((account) => ({
    kind: 'maxRisk',
    condition: index,
    provider: set.provider,
    profile: set.profile,
    account: account.type,
    paperTrading: set.paperTrading === true,
    qualified: margined.length > 1,
    riskLevel: account.riskLevel,
    riskBasis: account.riskBasis,
    maxLevel: condition.maxLevel,
    holds: account.riskLevel !== null && account.riskLevel <= condition.maxLevel,
  }));
}

function availableResult(set: AccountSet, condition: MinAvailableCondition, index: number): AvailableResult {
  const accounts = set.accounts.flatMap((account) => {
    const row = account.cash.find((candidate) => candidate.currency === condition.currency);
    return row === undefined ? [] : [{ type: account.type, available: row.available }];
  });
  // Exact, with the digits the provider wrote ("41200.00"); null when any
  // account holding the currency does not report it — a partial sum would
  // understate the money and could hide a breach, so null is a breach below.
  const held = accounts.length > 0;
  const available = held ? sumAmounts(accounts.map((account) => account.available)) : null;
  const holds = held ? available !== null && available.gte(condition.minimum) : condition.minimum.isZero();
  return {
    kind: 'minAvailable',
    condition: index,
    provider: set.provider,
    profile: set.profile,
    currency: condition.currency,
    minimum: condition.minimum,
    paperTrading: set.paperTrading === true,
    held,
    available,
    accounts,
    holds,
  };
}

/**
 * The total (no scope) or each account in scope, from the report's valuation.
 * Only a complete, known value can hold.
 */
function valueResults(report: BalanceReport, condition: MinValueCondition, index: number): ValueResult[] {
  const common = { kind: 'minValue', condition: index, currency: condition.currency, minimum: condition.minimum } as const;
  const valuation = report.valuation;
  if (valuation === undefined) {
    return [{ ...common, provider: null, profile: null, value: null, complete: false, reason: 'not valued', holds: false }];
  }
  if (condition.scope === null) {
    const missing = valuation.accounts.filter(({ value }) => value.amount === null);
    const reason =
      missing.length === 0
        ? null
        : missing.map(({ provider, profile, value }) => `${provider}/${profile}: ${value.amount === null ? value.reason : ''}`).join('; ');
    const complete = valuation.complete;
    return [{ ...common, provider: null, profile: null, value: valuation.total, complete, reason, holds: complete && valuation.total.gte(condition.minimum) }];
  }
  return valuation.accounts
    .filter((who) => inScope(condition.scope, who))
    .map(({ provider, profile, value }) => ({
      ...common,
      provider,
      profile,
      value: value.amount,
      complete: value.amount !== null,
      reason: value.amount === null ? value.reason : null,
      holds: value.amount !== null && value.amount.gte(condition.minimum),
    }));
}

/**
 * One result for an account whose provider's credentials expire (Longport's
 * tokens); none for those that do not (OKX keys). An unknown expiry (an
 * opaque token) holds: nothing says it ends.
 */
function tokenDaysResults(set: AccountSet, condition: MinTokenDaysCondition, index: number, at: Date): TokenDaysResult[] {
  if (set.credentialsExpireAt === undefined) return [];
  const expiresAt = set.credentialsExpireAt;
  const daysLeft = expiresAt === null ? null : Math.floor((expiresAt.getTime() - at.getTime()) / 86_400_000);
  const holds = expiresAt === null || expiresAt.getTime() - at.getTime() >= condition.days * 86_400_000;
  return [
    {
      kind: 'minTokenDays',
      condition: index,
      provider: set.provider,
      profile: set.profile,
      paperTrading: set.paperTrading === true,
      expiresAt,
      daysLeft,
      minDays: condition.days,
      holds,
    },
  ];
}
