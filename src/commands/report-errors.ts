// Prints the failures of a report to stderr: one or two lines each.
import type { BalanceReport, ReportError } from '../base/model.js';
import type { Io } from '../terminal/io.js';

/**
 * Each failure says which account it belongs to whenever the report covers
 * more than one (--all-profiles), so "which one failed?" never needs asking.
 */
export function reportErrors(report: Pick<BalanceReport, 'balances' | 'errors'>, io: Io, debug: boolean): void {
  const { errors } = report;
  const named = report.balances.length + errors.length > 1;
  const print = (error: ReportError, what = ''): void => {
    const prefix = named ? `${error.provider}/${error.profile}: ` : '';
    io.err(`balance: ${prefix}${what}${error.message}\n`);
    if (error.hint !== undefined) io.err(`  ${error.hint}\n`);
    if (debug && error.cause instanceof Error && error.cause.stack !== undefined) io.err(`${error.cause.stack}\n`);
  };
  for (const error of errors) print(error);
  // --value-in: a valuation request that failed, while the balance was fetched.
  for (const set of report.balances) {
    const value = set.value;
    if (value?.amount === null && value.failure !== undefined) print(value.failure, `could not value in ${value.currency}: `);
  }
}

/** --value-in, outside the tables: each account not valued for a reason other than a failure (already reported), on stderr. */
export function reportUnvalued(report: Pick<BalanceReport, 'valuation'>, io: Io): void {
  for (const { provider, profile, value } of report.valuation?.accounts ?? []) {
    if (value.amount === null && value.failure === undefined) {
      io.err(`balance: note: ${provider}/${profile} is not valued in ${value.currency}: ${value.reason}.\n`);
    }
  }
}
