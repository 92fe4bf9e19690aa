// Spacing requests to the providers' documented limits, in process. One
// limiter is shared by everything a process sends (several profiles, every
// round of a watch), so together they stay under the limit.
//
// Limits are counted per key. Providers key them by endpoint and by the
// credential's identity (a hash of the API key, never the key itself): OKX and
// Longport count per user or account, so two profiles with different keys have
// a budget each, and two with the same key share one.
//
// The server counts requests when they arrive, which is some time after they
// are sent and before their answer is back. So, to be sure: a request holds
// its place in the window from when it is sent until `windowMs` after its
// answer came back, and the next one waits `minIntervalMs` after the answer of
// the one before.
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
  /** What shares the budget, e.g. "okx /api/v5/account/balance 3f9a1c…". */
  readonly key: string;
  readonly rule: RateRule;
}

/** A place taken under a limit; release it when the answer is in (or the request has failed). */
export interface RateSlot {
  /** How long the caller waited for it, in ms. */
  readonly waitedMs: number;
  release(): void;
}

/** Added to windows and intervals: clocks and networks are not exact. */
const WINDOW_MARGIN_MS = 100;
const INTERVAL_MARGIN_MS = 5;

export interface RateLimiterOptions {
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

interface Use {
  /** When the answer came back; undefined while the request is in flight. */
  endedAt: number | undefined;
  /** Settles when the request is released. */
  readonly ended: Promise<void>;
}

interface KeyState {
  /** The latest requests, oldest first, at most `limit` of them. */
  readonly uses: Use[];
  /** The end of the queue: each caller waits for the one before it. */
  tail: Promise<unknown>;
}

/** What a request must wait for: a time, or a request still in flight. */
type Blocker = { readonly until: number } | { readonly inFlight: Promise<void> } | null;

export class RateLimiter {
  readonly #now: () => number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #keys = new Map<string, KeyState>();

  constructor(options: RateLimiterOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? sleep;
  }

  /**
   * Waits until a request under `limit` may be sent, and takes a place for it.
   * Callers are served in order. Rejects with the signal's reason as soon as
   * it aborts, taking no place.
   */
  acquire(limit: RateLimit, signal?: AbortSignal): Promise<RateSlot> {
    const state = this.#state(limit.key);
    const queued = this.#now();
    const turn = state.tail.then(async (): Promise<RateSlot> => {
      for (;;) {
        if (signal?.aborted) throw signal.reason;
        const blocker = this.#blocker(state, limit.rule);
        if (blocker === null) break;
        if ('until' in blocker) await this.#sleep(blocker.until - this.#now(), signal);
        else await (signal === undefined ? blocker.inFlight : raceAbort(blocker.inFlight, signal));
      }
      return this.#take(state, limit.rule, this.#now() - queued);
    });
    state.tail = turn.catch(() => undefined);
    return signal === undefined ? turn : raceAbort(turn, signal);
  }

  #take(state: KeyState, rule: RateRule, waitedMs: number): RateSlot {
    let release!: () => void;
    const use: Use = { endedAt: undefined, ended: new Promise((resolve) => (release = resolve)) };
    state.uses.push(use);
    if (state.uses.length > rule.limit) state.uses.splice(0, state.uses.length - rule.limit);
    return {
      waitedMs,
      release: () => {
        if (use.endedAt !== undefined) return;
        use.endedAt = this.#now();
        release();
      },
    };
  }

  #blocker(state: KeyState, rule: RateRule): Blocker {
    const now = this.#now();
    const last = state.uses.at(-1);
    if (rule.minIntervalMs !== undefined && last !== undefined) {
      if (last.endedAt === undefined) return { inFlight: last.ended };
      const until = last.endedAt + rule.minIntervalMs + INTERVAL_MARGIN_MS;
      if (until > now) return { until };
    }
    if (state.uses.length >= rule.limit) {
      const oldest = state.uses[state.uses.length - rule.limit];
      if (oldest !== undefined) {
        if (oldest.endedAt === undefined) return { inFlight: oldest.ended };
        const until = oldest.endedAt + rule.windowMs + WINDOW_MARGIN_MS;
        if (until > now) return { until };
      }
    }
    return null;
  }

  #state(key: string): KeyState {
    let state = this.#keys.get(key);
    if (state === undefined) {
      state = { uses: [], tail: Promise.resolve() };
      this.#keys.set(key, state);
    }
    return state;
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
