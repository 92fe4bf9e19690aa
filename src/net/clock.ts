// The local clock against the providers' clocks. Signed requests carry a
// timestamp the server compares with its own time, so a drifting system clock
// makes every request fail. Offsets are measured from the server's time (an
// endpoint, or the HTTP Date header), kept per server, and applied to the
// timestamps of later requests; a clock off by more than a few seconds gets
// one warning per server.
import type { HttpClient, HttpRequest } from './http.js';

/** A local clock off by more than this is worth a warning. */
export const CLOCK_WARN_MS = 5_000;

/**
 * The server's clock minus ours, from a server time read between `sentAt` and
 * `receivedAt` (both local): the server is assumed to have read its clock
 * half-way.
 */
export function offsetFromServerTime(serverMs: number, sentAt: number, receivedAt: number): number {
  return Math.round(serverMs - (sentAt + receivedAt) / 2);
}

/**
 * The same from an HTTP `Date` header, which has whole seconds: the server's
 * time lies in [date, date + 1 s), so the middle of that second is used. null
 * when the header is missing or unreadable.
 */
export function offsetFromDateHeader(value: string | null, sentAt: number, receivedAt: number): number | null {
  if (value === null) return null;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  return offsetFromServerTime(at + 500, sentAt, receivedAt);
}

/** "62 s behind" or "3.5 s ahead of": how our clock stands to the server's. */
export function describeOffset(offsetMs: number): string {
  const seconds = Math.abs(offsetMs) / 1000;
  const amount = seconds >= 10 ? Math.round(seconds).toString() : seconds.toFixed(1).replace(/\.0$/, '');
  // offset = server − local: a positive offset means our clock is behind.
  return offsetMs > 0 ? `${amount} s behind` : `${amount} s ahead of`;
}

interface ServerClock {
  offsetMs: number;
  warned: boolean;
}

/**
 * Offsets learned per server (origin). One instance serves a whole process,
 * so a watch loop or several profiles on one host measure once.
 */
export class ServerClocks {
  readonly #clocks = new Map<string, ServerClock>();

  /** Server time minus local time for `origin`, 0 until measured. */
  offset(origin: string): number {
    return this.#clocks.get(origin)?.offsetMs ?? 0;
  }

  /** Adds `deltaMs` to the offset of `origin`. */
  correct(origin: string, deltaMs: number): void {
    this.#clock(origin).offsetMs += deltaMs;
  }

  /** True the first time it is asked for `origin`: warn once per server. */
  firstWarning(origin: string): boolean {
    const clock = this.#clock(origin);
    if (clock.warned) return false;
    clock.warned = true;
    return true;
  }

  #clock(origin: string): ServerClock {
    let clock = this.#clocks.get(origin);
    if (clock === undefined) {
      clock = { offsetMs: 0, warned: false };
      this.#clocks.set(origin, clock);
    }
    return clock;
  }
}

/**
 * Wraps an HttpClient so that the Date header of every answer is compared with
 * the local clock (`local`, uncorrected), reporting an offset beyond
 * CLOCK_WARN_MS to `onSkew`.
 */
export function watchDateHeaders(http: HttpClient, local: () => number, onSkew: (offsetMs: number) => void): HttpClient {
  return {
    send(request, read) {
      let sentAt = local();
      const watched: HttpRequest = {
        ...request,
        headers: () => {
          sentAt = local();
          return request.headers();
        },
      };
      return http.send(watched, (response) => {
        const offset = offsetFromDateHeader(response.headers.get('date'), sentAt, local());
        if (offset !== null && Math.abs(offset) > CLOCK_WARN_MS) onSkew(offset);
        return read(response);
      });
    },
  };
}

/**
 * Runs `attempt`; if it fails in a way a wrong clock explains and `measure`
 * finds the offset (server − `now`), corrects the clock with it and runs
 * `attempt` once more. Any other failure, or a failed measurement, is thrown
 * as it was.
 */
export async function withClockCorrection<T>(
  attempt: () => Promise<T>,
  measure: (error: unknown) => Promise<number | null> | number | null,
  correct: (deltaMs: number) => void,
): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    let offset: number | null;
    try {
      offset = await measure(error);
    } catch {
      offset = null;
    }
    if (offset === null) throw error;
    correct(offset);
    return attempt();
  }
}
