// Spacing requests to the providers' documented limits, in process. One
// limiter is shared by everything a process sends (several profiles, every
// round of a watch), so together they stay under the limit.
//
// Limits are counted per key. Providers key them by endpoint and by the
// credential's identity (a hash of the API key, never the key itself): OKX and
// Longport count per user or account, so two profiles with different keys have
// a budget each, and two with the same key share one.
import { createHash } from 'node:crypto';
import { sleep } from './deadline.js';

export interface RateRule {
  /** Requests allowed in any window of `windowMs`. */
  readonly limit: number;
  readonly windowMs: number;
  /** Least time between two requests, if the provider asks for one. */
  readonly minIntervalMs?: number;
}

export interface RateLimit {
  /** What shares the budget, e.g. "okx balance 3f9a1c…". */
  readonly key: string;
  readonly rule: RateRule;
}

/**
 * Added to each window and each interval: the server counts arrivals, and two
 * requests do not take exactly as long to get there.
 */
const WINDOW_MARGIN_MS = 100;
const INTERVAL_MARGIN_MS = 5;

export interface RateLimiterOptions {
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

interface KeyState {
  /** Start times of the latest requests, oldest first, at most `limit` of them. */
  readonly starts: number[];
  /** The end of the queue: each caller waits for the one before it. */
  tail: Promise<unknown>;
}

export class RateLimiter {
  readonly #now: () => number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #keys = new Map<string, KeyState>();

  constructor(options: RateLimiterOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? sleep;
  }

  /**
   * Waits until a request under `limit` may start, and counts it as started.
   * Callers are served in order. Resolves with the time waited in ms; rejects
   * with the signal's reason as soon as it aborts (taking no slot).
   */
  acquire(limit: RateLimit, signal?: AbortSignal): Promise<number> {
    const state = this.#state(limit.key);
    const queued = this.#now();
    const turn = state.tail.then(async () => {
      if (signal?.aborted) throw signal.reason;
      const wait = this.#waitFor(state, limit.rule);
      if (wait > 0) await this.#sleep(wait, signal);
      state.starts.push(this.#now());
      if (state.starts.length > limit.rule.limit) state.starts.splice(0, state.starts.length - limit.rule.limit);
      return this.#now() - queued;
    });
    state.tail = turn.catch(() => undefined);
    return signal === undefined ? turn : raceAbort(turn, signal);
  }

  #state(key: string): KeyState {
    let state = this.#keys.get(key);
    if (state === undefined) {
      state = { starts: [], tail: Promise.resolve() };
      this.#keys.set(key, state);
    }
    return state;
  }

  #waitFor(state: KeyState, rule: RateRule): number {
    const now = this.#now();
    let wait = 0;
    const last = state.starts.at(-1);
    if (last !== undefined && rule.minIntervalMs !== undefined) wait = Math.max(wait, last + rule.minIntervalMs + INTERVAL_MARGIN_MS - now);
    if (state.starts.length >= rule.limit) {
      const oldest = state.starts[state.starts.length - rule.limit] ?? now;
      wait = Math.max(wait, oldest + rule.windowMs + WINDOW_MARGIN_MS - now);
    }
    return wait;
  }
}

/** A short, one-way tag of a credential for rate-limit keys: never the key itself. */
export function credentialTag(identity: string): string {
  return createHash('sha256').update(identity, 'utf8').digest('hex').slice(0, 16);
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
