// `balance check` output: one line per breach for people and scripts, or the
// whole evaluation as JSON (schema/check-report.v1.json).
import type { CheckOutcome, CheckResult, Condition, ValueResult } from '../accounts/check.js';
import { formatScope } from '../accounts/check.js';
import { PAPER_TRADING_LABEL, riskLabel } from '../base/model.js';
import { toGrouped, toPlain } from '../base/money.js';

export const CHECK_SCHEMA_VERSION = 1;

/** e.g. "okx/default: risk danger (margin ratio 0.98) above medium". */
export function describeResult(result: CheckResult): string {
  if (result.kind === 'minValue') return describeValue(result);
  const who = `${result.provider}/${result.profile}${result.paperTrading ? ` (${PAPER_TRADING_LABEL})` : ''}`;
  if (result.kind === 'minTokenDays') {
    const need = `at least ${result.minDays} day${result.minDays === 1 ? '' : 's'}`;
    if (result.expiresAt === null || result.daysLeft === null) return `${who}: access token expiry unknown (the token does not say), so not checked against ${need}`;
    const left = result.daysLeft < 0 ? 'expired' : `expires in ${result.daysLeft} day${result.daysLeft === 1 ? '' : 's'}`;
    return `${who}: access token ${left} (${result.expiresAt.toISOString().slice(0, 10)}), ${result.holds ? 'at least' : 'needs'} ${result.minDays} day${result.minDays === 1 ? '' : 's'}`;
  }
  if (result.kind === 'maxRisk') {
    const limit = riskLabel(result.maxLevel);
    const where = result.qualified ? `${who} ${result.account}` : who;
    if (result.riskLevel === null) return `${where}: risk unknown (not reported), so not known to be at most ${limit}`;
    const basis = result.riskBasis === null ? '' : ` (${result.riskBasis})`;
    return `${where}: risk ${riskLabel(result.riskLevel)}${basis} ${result.holds ? 'at most' : 'above'} ${limit}`;
  }
  const minimum = toGrouped(result.minimum);
  if (!result.held) return `${who}: ${result.currency} not held (0 available) ${result.holds ? 'at least' : 'below'} ${minimum}`;
  const parts = result.accounts.length > 1 ? ` (${result.accounts.map((a) => `${a.type} ${a.available === null ? 'unknown' : toGrouped(a.available)}`).join(', ')})` : '';
  if (result.available === null) return `${who}: ${result.currency} available unknown (${parts === '' ? 'not reported' : parts.slice(2, -1)}), needs at least ${minimum}`;
  return `${who}: ${result.currency} available ${toGrouped(result.available)}${parts} ${result.holds ? 'at least' : 'below'} ${minimum}`;
}

/** e.g. "all accounts: net value 63,047.36 USD at least 50,000", or why it is not known. */
function describeValue(result: ValueResult): string {
  const who = result.provider === null ? 'all accounts' : `${result.provider}/${result.profile ?? ''}`;
  const minimum = `${toGrouped(result.minimum)} ${result.currency}`;
  if (result.value === null) return `${who}: net value in ${result.currency} unknown (${result.reason ?? 'not valued'}), needs at least ${minimum}`;
  const value = `${toGrouped(result.value)} ${result.currency}`;
  if (!result.complete) {
    return `${who}: net value in ${result.currency} not fully known: ${value} from the accounts valued (${result.reason ?? ''}), needs at least ${minimum}`;
  }
  return `${who}: net value ${value} ${result.holds ? 'at least' : 'below'} ${minimum}`;
}

/** One line per breached condition; nothing when all hold. */
export function renderBreaches(outcome: CheckOutcome): string {
  return outcome.breaches.map((result) => `${describeResult(result)}\n`).join('');
}

export function renderCheckJson(outcome: CheckOutcome, options: { checkedAt: Date; pretty: boolean }): string {
  const doc = {
    schemaVersion: CHECK_SCHEMA_VERSION,
    checkedAt: options.checkedAt.toISOString(),
    verdict: outcome.verdict,
    exitCode: outcome.exitCode,
    conditions: outcome.conditions.map(jsonCondition),
    results: outcome.results.map(jsonResult),
    breaches: outcome.breaches.map(describeResult),
    errors: outcome.errors.map(({ provider, profile, kind, code, message }) => ({ provider, profile, kind, code, message })),
  };
  return `${JSON.stringify(doc, null, options.pretty ? 2 : undefined)}\n`;
}

function jsonCondition(condition: Condition): Record<string, unknown> {
  if (condition.kind === 'minTokenDays') return { kind: 'minTokenDays', minTokenDays: condition.days };
  if (condition.kind === 'maxRisk') return { kind: 'maxRisk', maxRisk: riskLabel(condition.maxLevel), maxRiskLevel: condition.maxLevel };
  return {
    kind: condition.kind,
    scope: condition.scope === null ? null : formatScope(condition.scope),
    currency: condition.currency,
    minimum: toPlain(condition.minimum),
  };
}

function jsonResult(result: CheckResult): Record<string, unknown> {
  const common = {
    kind: result.kind,
    condition: result.condition,
    provider: result.provider,
    profile: result.profile,
    ...(result.kind !== 'minValue' && result.paperTrading ? { paperTrading: true } : {}),
  };
  if (result.kind === 'minTokenDays') {
    return {
      ...common,
      tokenExpiresAt: result.expiresAt === null ? null : result.expiresAt.toISOString(),
      daysLeft: result.daysLeft,
      minTokenDays: result.minDays,
      holds: result.holds,
      message: describeResult(result),
    };
  }
  if (result.kind === 'maxRisk') {
    return {
      ...common,
      account: result.account,
      risk: riskLabel(result.riskLevel),
      riskLevel: result.riskLevel,
      riskBasis: result.riskBasis,
      maxRisk: riskLabel(result.maxLevel),
      holds: result.holds,
      message: describeResult(result),
    };
  }
  if (result.kind === 'minValue') {
    return {
      ...common,
      currency: result.currency,
      minimum: toPlain(result.minimum),
      value: toPlain(result.value),
      complete: result.complete,
      reason: result.reason,
      holds: result.holds,
      message: describeResult(result),
    };
  }
  return {
    ...common,
    currency: result.currency,
    minimum: toPlain(result.minimum),
    held: result.held,
    available: toPlain(result.available),
    accounts: result.accounts.map((account) => ({ type: account.type, available: toPlain(account.available) })),
    holds: result.holds,
    message: describeResult(result),
  };
}
