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
import type BigNumber from 'bignumber.js';
import { isCurrencyCode } from '../base/currencies.js';
import { ExitCode, usageError, type ExitCodeValue } from '../base/errors.js';
import { exitCodeFor } from './fetch.js';
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

/** --min-token-days N: breached when credentials used expire within N days. */
export interface MinTokenDaysCondition {
  readonly kind: 'minTokenDays';
  readonly days: number;
}

export type Condition = MaxRiskCondition | MinAvailableCondition | MinTokenDaysCondition;

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

export type CheckResult = RiskResult | AvailableResult | TokenDaysResult;

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
  readonly minTokenDays?: string | undefined;
}

export function parseConditions(input: ConditionInput): Condition[] {
  const conditions: Condition[] = [];
  if (input.maxRisk !== undefined) conditions.push({ kind: 'maxRisk', maxLevel: parseRiskLevel(input.maxRisk) });
  for (const text of input.minAvailable ?? []) conditions.push(parseMinAvailable(text));
  if (input.minTokenDays !== undefined) conditions.push({ kind: 'minTokenDays', days: parseDays(input.minTokenDays) });
  if (conditions.length === 0) {
    throw usageError(
      'Nothing to check.',
      'Give --max-risk LEVEL, --min-available CUR=AMOUNT and/or --min-token-days N, e.g. --max-risk medium --min-available USDT=1000.',
    );
  }
  return conditions;
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

function parseMinAvailable(text: string): MinAvailableCondition {
  const match = MIN_AVAILABLE.exec(text.trim());
  if (match === null) throw usageError(`--min-available "${text}" is not CUR=AMOUNT.`, FORM);
  const [, scopeText, currencyText = '', amountText = ''] = match;
  const currency = currencyText.trim().toUpperCase();
  if (!isCurrencyCode(currency)) {
    throw usageError(`--min-available "${text}": "${currencyText.trim()}" is not a currency code.`, 'Use 2–10 letters or digits, e.g. HKD, USDT, BTC.');
  }
  const amount = amountText.trim();
  if (amount.includes(',')) {
    throw usageError(`--min-available "${text}": write the amount without thousands separators, e.g. ${currency}=50000.`);
  }
  const parsed = parseDecimal(amount);
  if (!parsed.ok || parsed.value.isNegative()) {
    throw usageError(`--min-available "${text}": "${amount}" is not an amount.`, 'Give a decimal number of at least 0, e.g. 50000 or 0.5.');
  }
  return { kind: 'minAvailable', scope: scopeText === undefined ? null : parseScope(scopeText, text), currency, minimum: parsed.value };
}

function parseScope(scopeText: string, text: string): Scope {
  const [providerText = '', profileText, ...rest] = scopeText.trim().split('/');
  const provider = providerText.toLowerCase();
  if (!(REAL_PROVIDER_NAMES as readonly string[]).includes(provider)) {
    throw usageError(`--min-available "${text}": "${providerText}" is not a provider.`, `Use one of ${REAL_PROVIDER_NAMES.join(', ')}. ${FORM}`);
  }
  if (rest.length > 0 || (profileText !== undefined && !PROFILE_NAME.test(profileText))) {
    throw usageError(`--min-available "${text}": "${scopeText}" is not PROVIDER or PROVIDER/PROFILE.`, FORM);
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
    if (condition.kind !== 'minAvailable' || condition.scope === null) continue;
    const checked = [...report.balances, ...report.errors].some((who) => inScope(condition.scope, who));
    if (!checked) {
      const names = [...new Set([...report.balances, ...report.errors].map((who) => `${who.provider}/${who.profile}`))];
      throw usageError(
        `--min-available ${formatScope(condition.scope)}:${condition.currency}: no ${formatScope(condition.scope)} account was checked.`,
        names.length === 0 ? undefined : `Checked: ${names.join(', ')}.`,
      );
    }
  }
  const results: CheckResult[] = [];
  for (const set of report.balances) {
    conditions.forEach((condition, index) => {
      if (condition.kind === 'maxRisk') results.push(...riskResults(set, condition, index));
      else if (condition.kind === 'minTokenDays') results.push(...tokenDaysResults(set, condition, index, report.fetchedAt));
      else if (inScope(condition.scope, set)) results.push(availableResult(set, condition, index));
    });
  }
  const breaches = results.filter((result) => !result.holds);
  const verdict: Verdict = breaches.length > 0 ? 'breached' : report.errors.length > 0 ? 'error' : 'ok';
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
