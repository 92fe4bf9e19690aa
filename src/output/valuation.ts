// --value-in for people: the "Net value" line under an account, and the "All
// accounts" block — the exact total, each account's value and share, and,
// when any account is not valued, a total marked "≥" with the accounts left
// out and why. Every line fits the width. Pure.
import type { ChalkInstance } from 'chalk';
import { toGrouped } from '../base/money.js';
import type { AccountValue, Valuation } from '../base/model.js';
import { money } from './amount-text.js';
import { packParts, padEndTo, padStartTo, visibleWidth, wrapWords } from './text-width.js';

/** "Net value  1,234,567.89 USD  (broker valuation)", or why the account is not valued. */
export function netValueLines(value: AccountValue, paint: ChalkInstance, width: number): string[] {
  if (value.amount === null) {
    return withNote(`${paint.bold('Net value')}  ${paint.yellow(`not valued in ${value.currency}:`)}`, value.reason, (text) => text, width, ' ');
  }
  return withNote(`${paint.bold('Net value')}  ${money(value.amount, paint)} ${value.currency}`, `(${describeSource(value)})`, paint.dim, width);
}

/** `line` and a note after it when both fit the width; else the note wrapped on indented lines below. */
function withNote(line: string, note: string, paint: (text: string) => string, width: number, gap = '  ', indent = '  '): string[] {
  if (visibleWidth(line) + gap.length + visibleWidth(note) <= width) return [`${line}${gap}${paint(note)}`];
  return [line, ...wrapWords(note, Math.max(1, width - indent.length)).map((text) => `${indent}${paint(text)}`)];
}

/** "broker valuation", or "OKX valuation: trading 55,837.44 · funding 1,000 · earn 0". */
export function describeSource(value: Extract<AccountValue, { amount: object }>): string {
  const parts = value.parts.flatMap((part) => (part.value === null ? [] : [`${part.label} ${toGrouped(part.value)}`]));
  return parts.length === 0 ? value.label : `${value.label}: ${parts.join(' · ')}`;
}

/**
 * "All accounts: 25,000.10 USD", then a row per account with its value and
 * share. Incomplete: "All accounts: ≥ N USD (2 of 5 accounts not valued: …)"
 * and no shares, which would be shares of a partial sum.
 */
export function valuationBlock(valuation: Valuation, paint: ChalkInstance, width: number): string[] {
  const { currency, complete, accounts } = valuation;
  const missing = accounts.filter(({ value }) => value.amount === null);
  const total = `${complete ? '' : '≥ '}${toGrouped(valuation.total)} ${currency}`;
  const why =
    missing.length === 0
      ? ''
      : ` (${missing.length} of ${accounts.length} account${accounts.length === 1 ? '' : 's'} not valued: ${missing
          .map(({ provider, profile, value }) => `${provider}/${profile}: ${value.amount === null ? value.reason : ''}`)
          .join('; ')})`;
  const lines = wrapWords(`${paint.bold('All accounts:')} ${complete ? paint.bold(total) : paint.yellow(total)}${why}`, width, '  ');

  const names = accounts.map(({ provider, profile }) => `${provider}/${profile}`);
  const amounts = accounts.map(({ value }) => (value.amount === null ? paint.dim('not valued') : `${money(value.amount, paint)} ${currency}`));
  const nameWidth = Math.max(...names.map((name) => visibleWidth(name)));
  const amountWidth = Math.max(...amounts.map((amount) => visibleWidth(amount)));
  accounts.forEach(({ value }, index) => {
    const parts = [`  ${padEndTo(names[index]!, nameWidth)}`, padStartTo(amounts[index]!, amountWidth)];
    if (value.amount !== null && complete && valuation.total.isPositive() && !valuation.total.isZero()) {
      parts.push(padStartTo(`${value.amount.div(valuation.total).times(100).toFixed(1)} %`, 7));
    }
    const row = packParts(parts, '  ', width);
    if (value.amount === null) lines.push(...row);
    else lines.push(...row.slice(0, -1), ...withNote(row.at(-1) ?? '', describeSource(value), paint.dim, width, '  ', '    '));
  });
  return lines;
}
