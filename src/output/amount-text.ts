// An amount as the tables show it: exact, grouped, negative in red, a dash for
// a figure the provider does not report.
import type { ChalkInstance } from 'chalk';
import { toGrouped, type Amount } from '../base/money.js';

export const NULL_MARK = '—';

export function money(amount: Amount, paint: ChalkInstance): string {
  if (amount === null) return paint.dim(NULL_MARK);
  const text = toGrouped(amount);
  return amount.isNegative() ? paint.red(text) : text;
}
