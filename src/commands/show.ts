// `balance show`: resolve which account to query, fetch it, render it — once,
// or with --watch again and again (./watch.ts).
import { parseCurrencyList } from '../base/currencies.js';
import { ServerClocks } from '../net/clock.js';
import { startDeadline } from '../net/deadline.js';
import { usageError } from '../base/errors.js';
import { exitCodeFor, fetchReport, reportError } from '../accounts/fetch.js';
import { createHttpClient } from '../net/http.js';
import { filterCurrencies, type BalanceReport, type ReportError } from '../base/model.js';
import { RateLimiter } from '../net/rate-limit.js';
import type { ReportSource } from '../accounts/report-source.js';
import { resolveAllTargets, resolveTarget, type ResolvedTarget } from '../accounts/targets.js';
import { SessionRefresher } from '../accounts/session-refresh.js';
import type { Io } from '../terminal/io.js';
import { resolveColorLevel } from '../output/colour.js';
import { parseFields } from '../output/fields.js';
import { chooseFormat, renderReport } from '../output/render.js';
import { reportErrors, reportUnvalued } from './report-errors.js';
import { environmentVariables } from '../base/settings.js';
import { checkProxyFlag } from '../net/proxy.js';
import { credentialsBeforeUse } from '../accounts/before-use.js';
import type { ProfileStore } from '../store/profile-store.js';

export interface ShowOptions {
  provider?: string;
  profile?: string;
  allProfiles?: boolean;
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
  /** --proxy: a URL, or "none". */
  proxy?: string;
  timeout?: string;
  debug?: boolean;
  fields?: string;
  /** --watch alone is true; --watch 60 is "60". */
  watch?: string | true;
  /** --value-in CUR: every account valued in CUR by its provider, and the total. */
  valueIn?: string;
}

/** What says which account to query and how: shared by show and check. */
export type SourceOptions = Pick<
  ShowOptions,
  'provider' | 'profile' | 'allProfiles' | 'baseUrl' | 'site' | 'region' | 'demoTrading' | 'legacyApi' | 'funding' | 'proxy' | 'debug'
>;

export const DEFAULT_TIMEOUT_MS = 15_000;

export async function runShow(options: ShowOptions, io: Io): Promise<number> {
  // Everything the user typed is checked before any request is made.
  const format = chooseFormat({ format: options.format, json: options.json, fields: options.fields, isTTY: io.stdoutIsTTY });
  const currencies = parseCurrencyList(options.currency);
  const timeoutMs = parseTimeout(options.timeout);
  const colorLevel = resolveColorLevel({ flag: options.color, env: io.env, isTTY: io.stdoutIsTTY });
  // The valuation code is loaded only when asked for.
  const valueIn = options.valueIn === undefined ? null : (await import('../accounts/valuation.js')).parseValueCurrency(options.valueIn);
  if (options.watch !== undefined) {
    const { prepareWatch } = await import('./watch.js');
    const watch = prepareWatch(
      { interval: options.watch, format: options.format, json: options.json, fields: options.fields, colorLevel, debug: options.debug, totals: options.allProfiles },
      io,
    );
    // watch.io: on the watch screen, the source's notes, warnings and --debug lines are shown in it.
    let source: ReportSource;
    try {
      source = await reportSource(options, watch.io, { currencies, timeoutMs, valueIn });
    } catch (error) {
      watch.release();
      throw error;
    }
    return watch.run(source);
  }
  const fields = parseFields(options.fields, format, { valueIn });
  const report = await (await reportSource(options, io, { currencies, timeoutMs, valueIn })).fetch();

  // With nothing fetched, a table or TSV would be empty; JSON still carries `errors`.
  if (report.balances.length > 0 || format === 'json') {
    io.out(
      await renderReport(report, format, { isTTY: io.stdoutIsTTY, width: io.columns, colorLevel, fields, overview: options.allProfiles === true, currencies }),
    );
  }
  reportErrors(report, io, options.debug === true);
  // The tables show why an account is not valued; elsewhere stderr says it.
  if (format !== 'table') reportUnvalued(report, io);
  return exitCodeFor(report);
}

/** Resolves which accounts to query (no request yet) and how to fetch them. */
export async function reportSource(
  options: SourceOptions,
  io: Io,
  { currencies, timeoutMs, valueIn = null }: { currencies: readonly string[]; timeoutMs: number; valueIn?: string | null },
): Promise<ReportSource> {
  // --value-in: the valuation code, loaded only then, and its currency.
  const valuing = valueIn === null ? null : { currency: valueIn, ...(await import('../accounts/valuation.js')) };
  if (options.provider === 'sample') {
    if (options.profile !== undefined || options.allProfiles === true) {
      throw usageError('Sample data has no profiles: leave out --profile and --all-profiles with --provider sample.');
    }
    const { sampleAccountSets } = await import('../providers/sample/index.js');
    await valuing?.checkSampleValueCurrency(valuing.currency);
    io.err('Showing built-in sample data from the providers’ documentation; no request was made.\n');
    return {
      targets: [],
      async fetch() {
        const sets = await sampleAccountSets();
        const report: BalanceReport = {
          fetchedAt: new Date(),
          balances: sets.map((set) => ({
            ...set,
            accounts: set.accounts.map((account) => filterCurrencies(account, currencies)),
          })),
          errors: [],
        };
        if (valuing === null) return report;
        return valuing.withValuation({ ...report, balances: await valuing.valueSampleSets(report.balances, valuing.currency) }, valuing.currency);
      },
    };
  }

  checkProxyFlag(options.proxy);
  const resolved = await resolveTargets(options, io);
  const { unresolved, sessions } = resolved;
  await valuing?.checkValueCurrency(valuing.currency, resolved.targets);
  const value = valuing?.valueWith(valuing.currency);
  const debug = options.debug === true ? (line: string) => io.err(`[debug] ${line}\n`) : undefined;
  // Shared by every fetch of this source (a watch makes many): rate limits and measured clock offsets.
  const limiter = new RateLimiter();
  const clocks = new ServerClocks();
  const warn = (message: string): void => io.err(`balance: warning: ${message}\n`);
  let targets: readonly ResolvedTarget[] = resolved.targets;
  let expirySaid = false;
  return {
    get targets() {
      return targets;
    },
    valuing: valuing !== null,
    async fetch(signal) {
      // --timeout bounds each fetch; the caller's signal (a watch stopping) ends it sooner.
      const deadline = startDeadline(timeoutMs);
      try {
        const http = createHttpClient({ deadline, limiter, ...(debug === undefined ? {} : { debug }), ...(signal === undefined ? {} : { signal }) });
        // Before every fetch (a watch runs for days): --auto-refresh profiles renewed when
        // due; tokens that expire within 14 days said once per run.
        targets = await credentialsBeforeUse(targets, {
          store: resolved.store,
          http: () => http,
          say: (message) => io.err(`${message}\n`),
          warn,
          warnOfExpiry: !expirySaid,
        });
        expirySaid = true;
        const fetched = await fetchReport(targets, { currencies, http, clocks, warn, sessions, ...(value === undefined ? {} : { value }) });
        // Profiles that could not even be resolved (missing secrets…) are failures too.
        const report = unresolved.length === 0 ? fetched : { ...fetched, errors: [...unresolved, ...fetched.errors] };
        return valuing === null ? report : valuing.withValuation(report, valuing.currency);
      } finally {
        deadline.dispose();
      }
    },
  };
}

/** One target (--profile, --provider, the environment or the default profile), or every account with --all-profiles. */
async function resolveTargets(
  options: SourceOptions,
  io: Io,
): Promise<{ targets: ResolvedTarget[]; unresolved: ReportError[]; store: ProfileStore; sessions: SessionRefresher }> {
  const { openStoredProfiles } = await import('../accounts/stored-profiles.js');
  const store = openStoredProfiles(io.env, { warn: (message) => io.err(`balance: warning: ${message}\n`) });
  const context = { env: io.env, profiles: store };
  const sessions = new SessionRefresher(store, Date.now, (message) => io.err(`balance: warning: ${message}\n`));
  if (options.debug === true) io.err(`[debug] profiles in ${store.settingsFile}\n`);
  if (options.allProfiles !== true) {
    const target = await resolveTarget({ provider: options.provider, profile: options.profile, flags: options }, context);
    if (target.environmentOverride) {
      const variables = environmentVariables(Object.values(target.sources)).join(', ');
      io.err(`balance: note: ${variables} from the environment replace the stored credentials of profile ${target.profile}.\n`);
    }
    return { targets: [target], unresolved: [], store, sessions };
  }
  if (options.profile !== undefined || options.provider !== undefined) {
    throw usageError('--all-profiles queries every account; leave out --profile and --provider.');
  }
  const { outcomes, notes } = await resolveAllTargets(options, context);
  // Accounts found twice: worth a line to a person, not to cron, which mails every line of stderr.
  if (io.stderrIsTTY || options.debug === true) for (const note of notes) io.err(`balance: note: ${note}\n`);
  if (outcomes.length === 0) {
    throw usageError(
      `No profiles are stored${context.profiles.settingsFile === undefined ? '' : ` (in ${context.profiles.settingsFile})`} and no provider credentials are in the environment.`,
      'Log in with `balance auth login --provider <name>`, or set LONGPORT_*, LONGBRIDGE_* or OKX_* variables.',
    );
  }
  const targets: ResolvedTarget[] = [];
  const unresolved: ReportError[] = [];
  for (const outcome of outcomes) {
    if (outcome.ok) targets.push(outcome.target);
    else unresolved.push(reportError(outcome.provider, outcome.profile, outcome.error));
  }
  return { targets, unresolved, store, sessions };
}

export function parseTimeout(value: string | undefined): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600) {
    throw usageError(`--timeout takes seconds between 0 and 600; got "${value}".`);
  }
  return Math.round(seconds * 1000);
}
