// `balance show`: resolve which account to query, fetch it, render it — once,
// or with --watch again and again (./watch.ts).
import { parseCurrencyList } from '../core/currencies.js';
import { ServerClocks } from '../core/clock.js';
import { credentialsFromEnv, hasOwnEnvCredentials, requireComplete } from '../core/credentials.js';
import { startDeadline } from '../core/deadline.js';
import { usageError } from '../core/errors.js';
import { exitCodeFor, fetchReport, type FetchTarget } from '../core/fetch.js';
import { createHttpClient } from '../core/http.js';
import { filterCurrencies, PROVIDER_NAMES } from '../core/model.js';
import { RateLimiter } from '../core/rate-limit.js';
import type { ReportSource } from '../core/report-source.js';
import { isRealProviderName, loadAllProviders, loadProvider } from '../providers/registry.js';
import type { Provider } from '../providers/types.js';
import type { Io } from '../io.js';
import { resolveColorLevel } from '../output/colour.js';
import { parseFields } from '../output/fields.js';
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
  funding?: boolean;
  timeout?: string;
  debug?: boolean;
  fields?: string;
  /** --watch alone is true; --watch 60 is "60". */
  watch?: string | true;
}

/** What says which account to query and how: shared by show and check. */
export type SourceOptions = Pick<
  ShowOptions,
  'provider' | 'baseUrl' | 'site' | 'region' | 'demoTrading' | 'legacyApi' | 'funding' | 'debug'
>;

export const DEFAULT_TIMEOUT_MS = 15_000;

export async function runShow(options: ShowOptions, io: Io): Promise<number> {
  // Everything the user typed is checked before any request is made.
  const format = chooseFormat({ format: options.format, json: options.json, fields: options.fields, isTTY: io.stdoutIsTTY });
  const currencies = parseCurrencyList(options.currency);
  const timeoutMs = parseTimeout(options.timeout);
  const colorLevel = resolveColorLevel({ flag: options.color, env: io.env, isTTY: io.stdoutIsTTY });
  if (options.watch !== undefined) {
    const { prepareWatch } = await import('./watch.js');
    const watch = prepareWatch(
      { interval: options.watch, format: options.format, json: options.json, fields: options.fields, colorLevel, debug: options.debug },
      io,
    );
    return watch.run(await reportSource(options, io, { currencies, timeoutMs }));
  }
  const fields = parseFields(options.fields, format);
  const report = await (await reportSource(options, io, { currencies, timeoutMs })).fetch();

  // With nothing fetched, a table or TSV would be empty; JSON still carries `errors`.
  if (report.balances.length > 0 || format === 'json') {
    io.out(await renderReport(report, format, { isTTY: io.stdoutIsTTY, width: io.columns, colorLevel, fields }));
  }
  reportErrors(report.errors, io, options.debug === true);
  return exitCodeFor(report);
}

/** Resolves which accounts to query (no request yet) and how to fetch them. */
export async function reportSource(
  options: SourceOptions,
  io: Io,
  { currencies, timeoutMs }: { currencies: readonly string[]; timeoutMs: number },
): Promise<ReportSource> {
  if (options.provider === 'sample') {
    const { sampleAccountSets } = await import('../providers/sample/index.js');
    io.err('Showing built-in sample data from the providers’ documentation; no request was made.\n');
    return {
      targets: [],
      async fetch() {
        const sets = await sampleAccountSets();
        return {
          fetchedAt: new Date(),
          balances: sets.map((set) => ({
            ...set,
            accounts: set.accounts.map((account) => filterCurrencies(account, currencies)),
          })),
          errors: [],
        };
      },
    };
  }
  const provider = await chooseProvider(options.provider, io.env);
  const target: FetchTarget = {
    provider,
    profile: 'default',
    settings: provider.resolveSettings(options, io.env),
    credentials: requireComplete(provider, credentialsFromEnv(provider, io.env)),
  };
  const debug = options.debug === true ? (line: string) => io.err(`[debug] ${line}\n`) : undefined;
  // Shared by every fetch of this source (a watch makes many): rate limits and measured clock offsets.
  const limiter = new RateLimiter();
  const clocks = new ServerClocks();
  const warn = (message: string): void => io.err(`balance: warning: ${message}\n`);
  return {
    targets: [target],
    async fetch(signal) {
      // --timeout bounds each fetch; the caller's signal (a watch stopping) ends it sooner.
      const deadline = startDeadline(timeoutMs);
      try {
        const http = createHttpClient({ deadline, limiter, ...(debug === undefined ? {} : { debug }), ...(signal === undefined ? {} : { signal }) });
        return await fetchReport([target], { currencies, http, clocks, warn });
      } finally {
        deadline.dispose();
      }
    },
  };
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

export function parseTimeout(value: string | undefined): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600) {
    throw usageError(`--timeout takes seconds between 0 and 600; got "${value}".`);
  }
  return Math.round(seconds * 1000);
}
