// Prints the failures of a report to stderr: one or two lines each.
import type { BalanceReport } from '../base/model.js';
import type { Io } from '../terminal/io.js';

/**
 * Each failure says which account it belongs to whenever the report covers
 * more than one (--all-profiles), so "which one failed?" never needs asking.
 */
export function reportErrors(report: Pick<BalanceReport, 'balances' | 'errors'>, io: Io, debug: boolean): void {
  const { errors } = report;
  const named = report.balances.length + errors.length > 1;
  for (const error of errors) {
    const prefix = named ? `${error.provider}/${error.profile}: ` : '';
    io.err(`balance: ${prefix}${error.message}\n`);
    if (error.hint !== undefined) io.err(`  ${error.hint}\n`);
    if (debug && error.cause instanceof Error && error.cause.stack !== undefined) io.err(`${error.cause.stack}\n`);
  }
}
