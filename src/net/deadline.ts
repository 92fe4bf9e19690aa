// Time limits. A command has one deadline (--timeout); every wait inside it —
// a request, a backoff before a retry, a rate-limit slot — ends when it passes.
// Waits end early through AbortSignals, so nothing is left running.
import { setMaxListeners } from 'node:events';

/** The reason a signal is aborted when a time limit passes. */
export class TimeUp extends Error {
  constructor(
    /** `total`: the command's deadline; `request`: one request's own limit. */
    readonly scope: 'total' | 'request',
    readonly limitMs: number,
  ) {
    super(`time limit of ${limitMs} ms reached (${scope})`);
    this.name = 'TimeUp';
  }
}

export interface Deadline {
  readonly totalMs: number;
  /** Milliseconds left, never negative. */
  remaining(): number;
  /** Aborted with a TimeUp reason when the deadline passes. */
  readonly signal: AbortSignal;
  /** Stops the timer; call once the work is done. */
  dispose(): void;
}

export function startDeadline(totalMs: number, now: () => number = Date.now): Deadline {
  const endsAt = now() + totalMs;
  const controller = new AbortController();
  // Every request of the command waits on this one signal at once (a
  // rate-limit turn each): as many listeners as requests in flight, which is
  // no leak. Node would warn on stderr from the 11th (`--all-profiles` over
  // many accounts).
  setMaxListeners(0, controller.signal);
  const timer = setTimeout(() => controller.abort(new TimeUp('total', totalMs)), totalMs);
  // A pending request keeps the process alive; the timer alone must not.
  timer.unref();
  return {
    totalMs,
    remaining: () => Math.max(0, endsAt - now()),
    signal: controller.signal,
    dispose: () => clearTimeout(timer),
  };
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** One signal that aborts when any of the given ones does, with its reason. */
export function anySignal(signals: readonly (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  if (present.length <= 1) return present[0];
  return AbortSignal.any(present);
}
