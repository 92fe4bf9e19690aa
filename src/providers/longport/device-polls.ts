// One round of device-flow polls (RFC 8628) across Longbridge's data centers:
// the device code is replicated to both, so each round asks Asia-Pacific and
// the US, and this decides what the round's answers mean together. Pure: the
// asking is in ./oauth.ts.
import type { DataCenter } from './data-center.js';

/** Polled every round, in this order (a tie is decided by it). */
export const POLLED_DATA_CENTERS: readonly DataCenter[] = ['ap', 'us'];

/** What one data center answered: tokens, an OAuth error ({"error": …}), or no usable answer at all. */
export type DataCenterAnswer<T, E extends { readonly error: string }> =
  | { readonly tokens: T }
  | { readonly error: E }
  | { readonly failure: unknown };

export interface Polled<T, E extends { readonly error: string }> {
  readonly dataCenter: DataCenter;
  readonly answer: DataCenterAnswer<T, E>;
}

export type RoundVerdict<T, E extends { readonly error: string }> =
  | { readonly verdict: 'signed-in'; readonly dataCenter: DataCenter; readonly tokens: T }
  /** Still waiting somewhere. `trouble`: data centers that answered neither pending nor tokens this round. */
  | { readonly verdict: 'poll-again'; readonly slowDown: boolean; readonly trouble: readonly Polled<T, E>[] }
  | { readonly verdict: 'ended'; readonly by: Polled<T, E> };

const PENDING = new Set(['authorization_pending', 'slow_down']);

/**
 * Tokens from either data center sign in. A denial ends the sign-in (only the
 * data center where the user acted can know of one). Otherwise, while any data
 * center still says pending, the others' errors or failures do not end it: a
 * data center that does not hold the account must not fail the user. When none
 * is pending, the most telling answer ends it: an expired code, then an OAuth
 * error, then a failure to answer. slow_down from any data center slows the
 * next round for all (one shared interval, never faster than either asked).
 */
export function judgeRound<T, E extends { readonly error: string }>(round: readonly Polled<T, E>[]): RoundVerdict<T, E> {
  for (const polled of round) {
    if ('tokens' in polled.answer) return { verdict: 'signed-in', dataCenter: polled.dataCenter, tokens: polled.answer.tokens };
  }
  const denied = round.find((polled) => errorOf(polled) === 'access_denied');
  if (denied !== undefined) return { verdict: 'ended', by: denied };
  const pending = round.filter((polled) => PENDING.has(errorOf(polled) ?? ''));
  if (pending.length > 0) {
    return {
      verdict: 'poll-again',
      slowDown: pending.some((polled) => errorOf(polled) === 'slow_down'),
      trouble: round.filter((polled) => !pending.includes(polled)),
    };
  }
  const rank = (polled: Polled<T, E>): number => (errorOf(polled) === 'expired_token' ? 0 : 'error' in polled.answer ? 1 : 2);
  const [first, ...rest] = round;
  if (first === undefined) throw new Error('a polling round without answers');
  return { verdict: 'ended', by: rest.reduce((best, polled) => (rank(polled) < rank(best) ? polled : best), first) };
}

function errorOf<T, E extends { readonly error: string }>(polled: Polled<T, E>): string | null {
  return 'error' in polled.answer ? polled.answer.error.error : null;
}
