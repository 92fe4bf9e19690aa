// `balance check`: fetch, evaluate the conditions (src/accounts/check.ts), print
// one line per breach (or JSON), and exit 0 / 5, or 1, 2, 4 when the check
// itself could not be made.
import { evaluateChecks, parseConditions, valueCurrency } from '../accounts/check.js';
import type { Io } from '../terminal/io.js';
import { renderBreaches, renderCheckJson } from '../output/check.js';
import { reportErrors } from './report-errors.js';
import { parseTimeout, reportSource, type SourceOptions } from './show.js';

export interface CheckOptions extends SourceOptions {
  maxRisk?: string;
  minAvailable?: string[];
  minValue?: string[];
  minTokenDays?: string;
  json?: boolean;
  timeout?: string;
}

export async function runCheck(options: CheckOptions, io: Io): Promise<number> {
  // Everything the user typed is checked before any request is made.
  const conditions = parseConditions({ maxRisk: options.maxRisk, minAvailable: options.minAvailable, minValue: options.minValue, minTokenDays: options.minTokenDays });
  const timeoutMs = parseTimeout(options.timeout);
  // Every currency is fetched: risk can depend on currencies a filter would leave out.
  // --min-value: the accounts valued in its currency, as show --value-in does.
  const report = await (await reportSource(options, io, { currencies: [], timeoutMs, valueIn: valueCurrency(conditions) })).fetch();
  const outcome = evaluateChecks(report, conditions);
  io.out(options.json === true ? renderCheckJson(outcome, { checkedAt: report.fetchedAt, pretty: io.stdoutIsTTY }) : renderBreaches(outcome));
  reportErrors(report, io, options.debug === true);
  if (outcome.verdict === 'ok' && options.json !== true && io.stderrIsTTY) {
    io.err(`All ${outcome.results.length} checks hold.\n`);
  }
  return outcome.exitCode;
}
