// The clock part of a FetchRequest for provider tests: a local clock (real or
// fixed) that the provider may correct, as fetchReport's own does.
import type { FetchRequest } from '../../../src/providers/types.js';

export interface AdjustableClock extends Pick<FetchRequest, 'now' | 'correctClock'> {
  /** The corrections applied so far, in ms. */
  readonly offsetMs: number;
}

export function adjustableClock(local: () => number = Date.now): AdjustableClock {
  let offsetMs = 0;
  return {
    now: () => local() + offsetMs,
    correctClock: (deltaMs) => {
      offsetMs += deltaMs;
    },
    get offsetMs() {
      return offsetMs;
    },
  };
}
