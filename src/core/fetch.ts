// Fetching balances for one or more targets (provider + profile + settings +
// credentials) into a report. A failing target becomes an entry in `errors`;
// the others are still reported. Knows nothing of the terminal.
import { ExitCode, isBalanceError, type ExitCodeValue } from './errors.js';
import { filterCurrencies, type AccountSet, type BalanceReport, type ReportError } from './model.js';
import type { HttpClient } from './http.js';
import type { ConnectionSettings, Credentials, Provider } from '../providers/types.js';

export interface FetchTarget {
  readonly provider: Provider;
  readonly profile: string;
  readonly settings: ConnectionSettings;
  readonly credentials: Credentials;
}

export interface FetchOptions {
  readonly currencies: readonly string[];
  readonly http: HttpClient;
  readonly now?: () => number;
}

export async function fetchReport(targets: readonly FetchTarget[], options: FetchOptions): Promise<BalanceReport> {
  const results = await Promise.allSettled(targets.map((target) => fetchAccountSet(target, options)));
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
  const accounts = await target.provider.fetchAccounts({
    settings: target.settings,
    credentials: target.credentials,
    currencies: options.currencies,
    http: options.http,
    now: options.now ?? Date.now,
  });
  return {
    provider: target.provider.name,
    profile: target.profile,
    sample: false,
    accounts: accounts.map((account) => filterCurrencies(account, options.currencies)),
  };
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

/** 0 when nothing failed; 4 when every failure is about credentials; else 1. */
export function exitCodeFor(report: BalanceReport): ExitCodeValue {
  if (report.errors.length === 0) return ExitCode.ok;
  return report.errors.every((error) => error.kind === 'auth') ? ExitCode.credentials : ExitCode.provider;
}
