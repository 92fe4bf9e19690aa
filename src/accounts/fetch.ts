// Fetching balances for one or more targets (provider + profile + settings +
// credentials) into a report. A failing target becomes an entry in `errors`;
// the others are still reported. Knows nothing of the terminal.
import { CLOCK_WARN_MS, describeOffset, ServerClocks, watchDateHeaders } from '../net/clock.js';
import { BalanceError, ExitCode, isBalanceError, type ExitCodeValue } from '../base/errors.js';
import { filterCurrencies, type Account, type AccountSet, type AccountValue, type BalanceReport, type ReportError } from '../base/model.js';
import type { HttpClient } from '../net/http.js';
import type { ProxyRoute } from '../net/proxy.js';
import type { Provider, SignedRequestContext } from '../providers/types.js';
import type { ConnectionSettings, Credentials, SecretSource } from '../base/settings.js';
import type { StoredProfile } from '../store/profiles.js';
import { credentialFacts, expiredError, hasExpired } from './credential-life.js';

export interface FetchTarget {
  readonly provider: Provider;
  readonly profile: string;
  readonly settings: ConnectionSettings;
  readonly credentials: Credentials;
  /** The stored profile used, or null for the environment's credentials (see ResolvedTarget). */
  readonly stored?: StoredProfile | null;
  /** Where each secret came from, by SecretSpec.key. */
  readonly sources?: Readonly<Record<string, SecretSource>>;
  readonly environmentOverride?: boolean;
  /** The proxy its requests go through (flag > environment > profile); direct when null or absent. */
  readonly proxy?: ProxyRoute | null;
}

/** The client every request of a target is sent with: through its proxy, if it has one. */
export function targetHttp(target: Pick<FetchTarget, 'proxy'>, http: HttpClient): HttpClient {
  const proxy = target.proxy ?? null;
  if (proxy === null) return http;
  return { send: (request, read) => http.send({ ...request, proxy }, read) };
}

/** The provider's code for an expired token. */
const TOKEN_EXPIRED = '401003';

export interface FetchOptions {
  readonly currencies: readonly string[];
  readonly http: HttpClient;
  /** The local clock; Date.now unless given. */
  readonly now?: () => number;
  /** Clock offsets per server; pass one instance to keep them across fetches. */
  readonly clocks?: ServerClocks;
  /** Writes a warning for the user (a clock that is off). */
  readonly warn?: (message: string) => void;
  /**
   * --value-in: values each provider/profile once its accounts are fetched
   * (./valuation.ts, loaded only then). Never rejects: a failure is a value
   * that says why it is unknown.
   */
  readonly value?: (target: FetchTarget, request: SignedRequestContext, accounts: readonly Account[]) => Promise<AccountValue>;
  /** Refreshes OAuth sessions about to expire before their request (SessionRefresher); none when absent. */
  readonly sessions?: FreshCredentials;
}

/** A target's credentials as they should be sent now (a session renewed first when due). */
export interface FreshCredentials {
  credentialsFor(target: FetchTarget, http: HttpClient): Promise<Credentials>;
}

export async function fetchReport(targets: readonly FetchTarget[], options: FetchOptions): Promise<BalanceReport> {
  const shared = { ...options, clocks: options.clocks ?? new ServerClocks() };
  const results = await Promise.allSettled(targets.map((target) => fetchAccountSet(target, shared)));
  const balances: AccountSet[] = [];
  const errors: ReportError[] = [];
  results.forEach((result, index) => {
    const target = targets[index]!;
    if (result.status === 'fulfilled') balances.push(result.value);
    else errors.push(toReportError(target, result.reason));
  });
  return { fetchedAt: new Date(), balances, errors };
}

export async function fetchAccountSet(target: FetchTarget, options: FetchOptions): Promise<AccountSet> {
  const local = options.now ?? Date.now;
  const clocks = options.clocks ?? new ServerClocks();
  const origin = target.settings.baseUrl.origin;
  const warnClock = (offsetMs: number, corrected: boolean): void => {
    if (Math.abs(offsetMs) <= CLOCK_WARN_MS || !clocks.firstWarning(origin)) return;
    options.warn?.(
      `the system clock is ${describeOffset(offsetMs)} ${target.provider.title}'s` +
        `${corrected ? '; request times were corrected for this run' : ''}. Synchronise it (enable NTP).`,
    );
  };
  const facts = credentialFacts(target);
  // A token known to be expired is not sent: the answer is known, and it says less.
  if (hasExpired(facts, local())) throw expiredError(target, facts?.expiresAt ?? null);
  const credentials = options.sessions === undefined ? target.credentials : await options.sessions.credentialsFor(target, targetHttp(target, options.http));
  const context: SignedRequestContext = {
    settings: target.settings,
    credentials,
    http: watchDateHeaders(targetHttp(target, options.http), local, (offsetMs) => warnClock(offsetMs, false)),
    now: () => local() + clocks.offset(origin),
    correctClock: (deltaMs) => {
      clocks.correct(origin, deltaMs);
      warnClock(clocks.offset(origin), true);
    },
  };
  const accounts = await target.provider.fetchAccounts({ ...context, currencies: options.currencies }).catch((error: unknown) => {
    if (isBalanceError(error) && error.code === TOKEN_EXPIRED) throw expiredError(target, facts?.expiresAt ?? null, error);
    if (isBalanceError(error) && error.kind === 'auth' && target.stored?.auth === 'oauth') throw sessionRefused(target, error);
    throw error;
  });
  const value = options.value === undefined ? undefined : await options.value(target, context, accounts);
  return {
    provider: target.provider.name,
    profile: target.profile,
    sample: false,
    accounts: accounts.map((account) => filterCurrencies(account, options.currencies)),
    ...(value === undefined ? {} : { value }),
    ...(facts?.paperTrading === true ? { paperTrading: true } : {}),
    ...(facts === null ? {} : { credentialsExpireAt: facts.expiresAt }),
  };
}

/** A signed-in session the provider refuses: the fix is to sign in again, not to re-issue keys. */
function sessionRefused(target: FetchTarget, error: BalanceError): BalanceError {
  return new BalanceError('auth', error.message, {
    ...(error.provider === undefined ? {} : { provider: error.provider }),
    ...(error.code === undefined ? {} : { code: error.code }),
    ...(error.status === undefined ? {} : { status: error.status }),
    hint: `The ${target.provider.title} session of profile ${target.profile} was refused; sign in again: balance auth login --profile ${target.profile}`,
    cause: error,
  });
}

function toReportError(target: FetchTarget, reason: unknown): ReportError {
  return reportError(target.provider.name, target.profile, reason);
}

/** A failure of one provider/profile as a report entry; the original error stays reachable for --debug. */
export function reportError(provider: string, profile: string, reason: unknown): ReportError {
  const known = isBalanceError(reason);
  return {
    provider,
    profile,
    kind: known ? reason.kind : 'internal',
    code: known ? (reason.code ?? null) : null,
    message: known ? reason.message : `Unexpected error: ${reason instanceof Error ? reason.message : String(reason)}`,
    hint: known ? reason.hint : 'Run again with --debug and report it.',
    cause: reason,
  };
}

/** 0 when nothing failed; 4 when every failure is about credentials, 2 when every one is about usage; else 1. */
export function exitCodeFor(report: BalanceReport): ExitCodeValue {
  const errors = [...report.errors, ...valuationFailures(report)];
  if (errors.length === 0) return ExitCode.ok;
  if (errors.every((error) => error.kind === 'auth')) return ExitCode.credentials;
  if (errors.every((error) => error.kind === 'usage')) return ExitCode.usage;
  return ExitCode.provider;
}

/** Valuation requests that failed (--value-in): errors too, though the balances were fetched. */
export function valuationFailures(report: Pick<BalanceReport, 'balances'>): ReportError[] {
  return report.balances.flatMap((set) => (set.value?.amount === null && set.value.failure !== undefined ? [set.value.failure] : []));
}
