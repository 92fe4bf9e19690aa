// How often --watch may refresh: the user's interval, but never faster than
// the providers' rate limits allow for the accounts watched. Rates from
// ../shared/reference: Longport/Longbridge trade endpoints 30 calls in 30 s;
// OKX /account/balance 10 in 2 s (/account/max-withdrawal 20 in 2 s,
// /asset/balances 6 in 1 s). One refresh is one call per endpoint per account.
import { usageError } from '../base/errors.js';
import type { RealProviderName } from '../base/model.js';

export const DEFAULT_WATCH_MS = 30_000;
/** Never faster than this, whatever the providers allow: figures shown for a moment help no one. */
export const MIN_WATCH_MS = 1_000;
export const MAX_WATCH_MS = 86_400_000;

interface Limit {
  /** Shortest time between two refreshes of one account. */
  readonly ms: number;
  readonly rule: string;
}

const LIMITS: Readonly<Record<RealProviderName, Limit>> = {
  longport: { ms: 1_000, rule: 'Longport allows 30 calls in 30 s' },
  longbridge: { ms: 1_000, rule: 'Longbridge allows 30 calls in 30 s' },
  okx: { ms: 200, rule: 'OKX allows 10 balance calls in 2 s' },
};

/**
 * With --value-in: Longport/Longbridge may need a second call per refresh (the
 * valuation in another currency), and OKX values an account once a second.
 */
const VALUING_LIMITS: Readonly<Record<RealProviderName, Limit>> = {
  longport: { ms: 2_000, rule: 'Longport allows 30 calls in 30 s and valuing can take two per refresh' },
  longbridge: { ms: 2_000, rule: 'Longbridge allows 30 calls in 30 s and valuing can take two per refresh' },
  okx: { ms: 1_000, rule: 'OKX values an account once a second' },
};

/** `--watch` alone → the default; `--watch 60` → 60 s; in milliseconds. */
export function parseWatchInterval(value: string | true): number {
  if (value === true) return DEFAULT_WATCH_MS;
  const seconds = Number(value.trim().replace(/s$/i, ''));
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds <= 0 || seconds * 1000 > MAX_WATCH_MS) {
    throw usageError(`--watch takes the seconds between refreshes (at most 86400), e.g. --watch 60; got "${value}".`);
  }
  return Math.round(seconds * 1000);
}

export interface Interval {
  readonly ms: number;
  /** Why the requested interval was lengthened, or null when it was not. */
  readonly reason: string | null;
}

/**
 * The requested interval, lengthened to the shortest one the providers allow.
 * Accounts of one provider share its limits (they may share a key or an IP
 * address), so each one watched adds one provider interval.
 */
export function refreshInterval(requestedMs: number, providers: readonly RealProviderName[], options: { valuing?: boolean } = {}): Interval {
  const limits = options.valuing === true ? VALUING_LIMITS : LIMITS;
  let floor = { ms: MIN_WATCH_MS, reason: `${formatSeconds(MIN_WATCH_MS)} is the shortest interval` };
  const counts = new Map<RealProviderName, number>();
  for (const name of providers) counts.set(name, (counts.get(name) ?? 0) + 1);
  for (const [name, count] of counts) {
    const limit = limits[name];
    const ms = limit.ms * count;
    if (ms > floor.ms) {
      const accounts = count === 1 ? 'per account' : `and ${count} ${name} accounts are watched`;
      floor = { ms, reason: `${limit.rule} ${accounts}` };
    }
  }
  if (requestedMs >= floor.ms) return { ms: requestedMs, reason: null };
  return { ms: floor.ms, reason: floor.reason };
}

/** 30000 → "30 s", 1500 → "1.5 s". */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}
