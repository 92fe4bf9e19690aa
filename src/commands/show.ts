// `balance show`: resolve which account to query, fetch it, render it.
import { parseCurrencyList } from '../core/currencies.js';
import { credentialsFromEnv, hasOwnEnvCredentials, requireComplete } from '../core/credentials.js';
import { startDeadline } from '../core/deadline.js';
import { usageError } from '../core/errors.js';
import { exitCodeFor, fetchReport, type FetchTarget } from '../core/fetch.js';
import { createHttpClient } from '../core/http.js';
import { filterCurrencies, PROVIDER_NAMES, type BalanceReport } from '../core/model.js';
import { isRealProviderName, loadAllProviders, loadProvider } from '../providers/registry.js';
import type { Provider } from '../providers/types.js';
import type { Io } from '../io.js';
import { resolveColorLevel } from '../output/colour.js';
import { chooseFormat, renderReport } from '../output/render.js';
import { reportErrors } from './report-errors.js';

export interface ShowOptions {
  provider?: string;
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
    const provider = await chooseProvider(options.provider, io.env);
    const target: FetchTarget = {
      provider,
      profile: 'default',
      settings: provider.resolveSettings(options, io.env),
      credentials: requireComplete(provider, credentialsFromEnv(provider, io.env)),
    };
    const debug = options.debug === true ? (line: string) => io.err(`[debug] ${line}\n`) : undefined;
    const deadline = startDeadline(timeoutMs);
    try {
      const http = createHttpClient({ deadline, ...(debug === undefined ? {} : { debug }) });
      report = await fetchReport([target], { currencies, http, warn: (message) => io.err(`balance: warning: ${message}\n`) });
    } finally {
      deadline.dispose();
    }
  }

  const colorLevel = resolveColorLevel({ flag: options.color, env: io.env, isTTY: io.stdoutIsTTY });
  // With nothing fetched, a table or TSV would be empty; JSON still carries `errors`.
  if (report.balances.length > 0 || format === 'json') {
    io.out(await renderReport(report, format, { isTTY: io.stdoutIsTTY, width: io.columns, colorLevel }));
  }
  reportErrors(report.errors, io, options.debug === true);
  return exitCodeFor(report);
}

async function chooseProvider(name: string | undefined, env: Io['env']): Promise<Provider> {
  if (name !== undefined) {
    if (!isRealProviderName(name)) {
      throw usageError(`Unknown provider "${name}".`, `Choose one of: ${PROVIDER_NAMES.join(', ')}.`);
    }
    return loadProvider(name);
  }
  const detected = (await loadAllProviders()).filter((provider) => hasOwnEnvCredentials(provider, env));
  if (detected.length === 1) return detected[0]!;
  if (detected.length === 0) {
    throw usageError(
      'No provider chosen and no provider credentials in the environment (LONGPORT_*, LONGBRIDGE_*, OKX_*).',
      `Pass --provider (${PROVIDER_NAMES.join(', ')}); try \`balance show --provider sample\` for sample data.`,
    );
  }
  const names = detected.map((provider) => provider.name).join(', ');
  throw usageError(`Credentials for several providers are set (${names}).`, `Choose one with --provider ${detected[0]!.name}.`);
}

function parseTimeout(value: string | undefined): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600) {
    throw usageError(`--timeout takes seconds between 0 and 600; got "${value}".`);
  }
  return Math.round(seconds * 1000);
}
