// `balance show`: resolve which account to query, fetch it, render it.
import { environmentVariables } from '../core/credentials.js';
import { parseCurrencyList } from '../core/currencies.js';
import { usageError } from '../core/errors.js';
import { exitCodeFor, fetchReport } from '../core/fetch.js';
import { createHttpClient } from '../core/http.js';
import { filterCurrencies, type BalanceReport } from '../core/model.js';
import { openProfileStore } from '../core/profile-store.js';
import { resolveTarget } from '../core/targets.js';
import type { Io } from '../io.js';
import { resolveColorLevel } from '../output/colour.js';
import { chooseFormat, renderReport } from '../output/render.js';
import { reportErrors } from './report-errors.js';

export interface ShowOptions {
  provider?: string;
  profile?: string;
  currency?: string;
  json?: boolean;
  format?: string;
  color?: boolean;
  baseUrl?: string;
  site?: string;
  region?: string;
  demoTrading?: boolean;
  legacyApi?: boolean;
  timeout?: string;
  debug?: boolean;
}

export const DEFAULT_TIMEOUT_MS = 15_000;

export async function runShow(options: ShowOptions, io: Io): Promise<number> {
  // Everything the user typed is checked before any request is made.
  const format = chooseFormat({ format: options.format, json: options.json, isTTY: io.stdoutIsTTY });
  const currencies = parseCurrencyList(options.currency);
  const timeoutMs = parseTimeout(options.timeout);

  let report: BalanceReport;
  if (options.provider === 'sample') {
    if (options.profile !== undefined) throw usageError('--profile does not apply to sample data.');
    const { sampleAccountSets } = await import('../providers/sample/index.js');
    const sets = await sampleAccountSets();
    io.err('Showing built-in sample data from the providers’ documentation; no request was made.\n');
    report = {
      fetchedAt: new Date(),
      balances: sets.map((set) => ({
        ...set,
        accounts: set.accounts.map((account) => filterCurrencies(account, currencies)),
      })),
      errors: [],
    };
  } else {
    const target = await resolveTarget(
      { provider: options.provider, profile: options.profile, flags: options },
      { env: io.env, profiles: openProfileStore(io.env) },
    );
    if (target.environmentOverride) {
      const variables = environmentVariables(Object.values(target.sources)).join(', ');
      io.err(`balance: note: ${variables} from the environment replace the stored credentials of profile ${target.profile}.\n`);
    }
    const debug = options.debug === true ? (line: string) => io.err(`[debug] ${line}\n`) : undefined;
    const http = createHttpClient({ timeoutMs, ...(debug === undefined ? {} : { debug }) });
    report = await fetchReport([target], { currencies, http });
  }

  const colorLevel = resolveColorLevel({ flag: options.color, env: io.env, isTTY: io.stdoutIsTTY });
  // With nothing fetched, a table or TSV would be empty; JSON still carries `errors`.
  if (report.balances.length > 0 || format === 'json') {
    io.out(await renderReport(report, format, { isTTY: io.stdoutIsTTY, width: io.columns, colorLevel }));
  }
  reportErrors(report.errors, io, options.debug === true);
  return exitCodeFor(report);
}

export function parseTimeout(value: string | undefined): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600) {
    throw usageError(`--timeout takes seconds between 0 and 600; got "${value}".`);
  }
  return Math.round(seconds * 1000);
}
