// Prints the failures of a report to stderr: one or two lines each.
import type { ReportError } from '../core/model.js';
import type { Io } from '../io.js';

export function reportErrors(errors: readonly ReportError[], io: Io, debug: boolean): void {
  const many = errors.length > 1;
  for (const error of errors) {
    const prefix = many ? `${error.provider}/${error.profile}: ` : '';
    io.err(`balance: ${prefix}${error.message}\n`);
    if (error.hint !== undefined) io.err(`  ${error.hint}\n`);
    if (debug && error.cause instanceof Error && error.cause.stack !== undefined) io.err(`${error.cause.stack}\n`);
  }
}
