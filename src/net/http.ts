// src/net/ sends requests and reads answers: this client, the transport
// beneath it (node:http/https), deadlines, retries, rate limits, the provider's
// clock and base URLs. It knows no provider, no file and no command; it imports
// only src/base/.
//
// The one place that talks HTTP. Providers describe a request and how to read
// its answer; this sends it within the command's deadline and the provider's
// rate limit, reads at most MAX_BODY_BYTES of the body, repeats an idempotent
// read that failed for a passing reason (with backoff, honouring Retry-After),
// and turns transport failures into BalanceErrors that name the provider
// (./failures.ts). A request may go through a proxy (./proxy.ts chooses it;
// its agent is loaded only then).
//
// Sent with node:http (./transport.ts), not fetch, which costs a fresh process
// some 150 ms: AbortSignals end a request, a body read and every wait alike,
// and the body is counted as it arrives, so a cap costs nothing.
import { anySignal, sleep, TimeUp, type Deadline } from './deadline.js';
import { BalanceError, isBalanceError } from '../base/errors.js';
import { RateLimiter, type RateLimit, type RateSlot } from './rate-limit.js';
import { backoffDelay, DEFAULT_RETRY_POLICY, parseRetryAfter, type RetryPolicy } from './retry.js';
import { BodyTooLarge, exchange, type ResponseHeaders } from './transport.js';
import { connectionFailure, hostPort } from './failures.js';
import { describeProxy, type ProxyRoute } from './proxy.js';

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface HttpRequest {
  /** Provider title for messages, e.g. "OKX". */
  readonly provider: string;
  readonly method: HttpMethod;
  readonly baseUrl: URL;
  /** Path below the base URL, e.g. "/v1/asset/account". */
  readonly path: string;
  /** The query string exactly as sent and signed, without "?"; "" for none. */
  readonly query: string;
  readonly body?: string;
  /**
   * Builds the headers, signature included. Called once per attempt, so a
   * retry is signed afresh with a new timestamp.
   */
  readonly headers: () => Record<string, string>;
  /** The provider's limit this request counts against. */
  readonly rateLimit?: RateLimit;
  /** Ends the request early, e.g. when a request it goes with has failed. */
  readonly signal?: AbortSignal;
  /** The proxy it goes through; direct when null or absent. */
  readonly proxy?: ProxyRoute | null;
  /**
   * Whether sending it twice does no harm: a GET, unless it says otherwise
   * (a token refresh, which replaces the token it is sent with). One that is
   * not is never repeated, whatever the failure.
   */
  readonly idempotent?: boolean;
  /** Said after the request line with --debug, e.g. "data center us"; never a secret. */
  readonly debugNote?: string;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: ResponseHeaders;
  readonly body: string;
}

/**
 * Reads an answer: returns the data, or throws a BalanceError; one marked
 * `retryable` makes an idempotent request be sent again.
 */
export type ReadResponse<T> = (response: HttpResponse) => T;

export interface HttpClient {
  send<T>(request: HttpRequest, read: ReadResponse<T>): Promise<T>;
}

/** One attempt's limit without a deadline. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/**
 * What one more try needs, kept back from an attempt under a deadline: a fifth
 * of it, at least 1 s and at most 3 s (never more than half). A slow server
 * gets all the rest: under --timeout 60 an attempt may take 57 s.
 */
export function retryReserveMs(totalMs: number): number {
  return Math.min(3_000, Math.max(1_000, Math.round(totalMs / 5)), Math.floor(totalMs / 2));
}

/**
 * One attempt's limit under a deadline, from the time left: all of it but the
 * retry reserve, so that an attempt that hangs still leaves one short try on a
 * fresh connection; all of it for the last try (after a hang, the last attempt
 * allowed, or when less than twice the reserve is left), whose end is then the
 * deadline itself. Infinity: no limit of its own, the deadline ends it.
 */
export function attemptLimitWithin(totalMs: number, remainingMs: number, lastTry: boolean): number {
  const reserve = retryReserveMs(totalMs);
  if (lastTry || remainingMs < 2 * reserve) return Number.POSITIVE_INFINITY;
  return remainingMs - reserve;
}
/** No balance answer comes near this; a body beyond it is not read. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface HttpClientOptions {
  /** The command's total time limit; none when absent. */
  readonly deadline?: Deadline;
  /** One attempt's limit, body included (default: attemptLimitWithin(deadline), or 10 s; the deadline still wins). */
  readonly requestTimeoutMs?: number;
  readonly retry?: RetryPolicy;
  /** Shared by every client of the process that should share the budget. */
  readonly limiter?: RateLimiter;
  readonly maxBodyBytes?: number;
  /** Writes a diagnostic line (only with --debug). Never given secrets. */
  readonly debug?: (line: string) => void;
  /** For backoff jitter; Math.random unless given. */
  readonly random?: () => number;
  /** Ends every request and wait of this client early (a watch stopping). */
  readonly signal?: AbortSignal;
}

/** Full URL of a request: base URL path + request path + query. */
export function requestUrl(request: Pick<HttpRequest, 'baseUrl' | 'path' | 'query'>): string {
  const base = request.baseUrl.href.replace(/\/+$/, '');
  return `${base}${request.path}${request.query === '' ? '' : `?${request.query}`}`;
}

/** The request path as the server sees it (base path included), for signing. */
export function requestTarget(request: Pick<HttpRequest, 'baseUrl' | 'path'>): string {
  return `${request.baseUrl.pathname.replace(/\/+$/, '')}${request.path}`;
}

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const { deadline } = options;
  const policy = options.retry ?? DEFAULT_RETRY_POLICY;
  const limiter = options.limiter ?? new RateLimiter();
  /** The limit of an attempt starting now; Infinity when only the deadline ends it. */
  const attemptLimit = (lastTry: boolean): number => {
    if (options.requestTimeoutMs !== undefined) return options.requestTimeoutMs;
    if (deadline === undefined) return DEFAULT_REQUEST_TIMEOUT_MS;
    return attemptLimitWithin(deadline.totalMs, deadline.remaining(), lastTry);
  };
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const random = options.random ?? Math.random;
  const debug = options.debug ?? (() => undefined);

  /** One attempt: a rate-limit slot, then the request and its whole body. */
  async function sendOnce(request: HttpRequest, url: string, attempt: number, lastTry: boolean): Promise<HttpResponse> {
    const outer = anySignal([deadline?.signal, options.signal, request.signal]);
    let slot: RateSlot | undefined;
    if (request.rateLimit !== undefined) {
      try {
        slot = await limiter.acquire(request.rateLimit, outer);
      } catch (reason) {
        throw interrupted(request, url, reason);
      }
      if (slot.waitedMs >= 10) debug(`  waited ${slot.waitedMs} ms for the rate limit (${request.rateLimit.key.split(' ').slice(0, 2).join(' ')})`);
    }
    const headers = request.headers();
    try {
      checkHeaderValues(request.provider, headers);
    } catch (error) {
      slot?.release();
      throw error;
    }
    const controller = new AbortController();
    // Measured after the rate-limit wait: the time left is what the attempt may use.
    const limitMs = attemptLimit(lastTry);
    const timer = Number.isFinite(limitMs) ? setTimeout(() => controller.abort(new TimeUp('request', limitMs)), limitMs) : undefined;
    const signal = anySignal([controller.signal, outer]) ?? controller.signal;
    const started = Date.now();
    const proxy = request.proxy ?? null;
    const via = proxy === null ? '' : ` via ${describeProxy(proxy.url)} (${proxy.source})`;
    const notes = [
      ...(attempt > 1 ? [`attempt ${attempt} of ${policy.maxAttempts}`] : []),
      ...(request.debugNote === undefined ? [] : [request.debugNote]),
      ...(Number.isFinite(limitMs) && deadline !== undefined ? [`up to ${formatSeconds(limitMs)} s`] : []),
    ];
    debug(`→ ${request.method} ${url}${via}${notes.length === 0 ? '' : ` (${notes.join(', ')})`}`);
    try {
      const agent = proxy === null ? undefined : await (await import('./proxy-agent.js')).proxyAgent(proxy.url);
      const response = await exchange(new URL(url), {
        agent,
        connectTunnel: proxy !== null && (proxy.url.protocol === 'http:' || proxy.url.protocol === 'https:'),
        method: request.method,
        headers,
        body: request.body,
        // node:http follows no redirect: credentials must never follow one, to another host or not.
        signal,
        maxBodyBytes,
      });
      if (response.status >= 300 && response.status < 400) throw redirected(request, response);
      debug(`← ${response.status} ${url} (${Date.now() - started} ms, ${Buffer.byteLength(response.body)} bytes)`);
      return response;
    } catch (error) {
      if (isBalanceError(error)) throw error;
      if (error instanceof BodyTooLarge) throw tooLarge(request, maxBodyBytes);
      if (signal.aborted) throw interrupted(request, url, signal.reason);
      throw connectionFailure(error, { provider: request.provider, target: new URL(url), proxy });
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      slot?.release();
    }
  }

  return {
    async send(request, read) {
      refuseUnverifiedTls(request);
      const url = requestUrl(request);
      const idempotent = request.idempotent ?? request.method === 'GET';
      const waitSignal = anySignal([deadline?.signal, options.signal, request.signal]);
      let hung = false;
      for (let attempt = 1; ; attempt++) {
        let response: HttpResponse | undefined;
        try {
          // A request that cannot be repeated, the last attempt and the one try after a hang get all the time left.
          response = await sendOnce(request, url, attempt, !idempotent || hung || attempt >= policy.maxAttempts);
          return read(response);
        } catch (error) {
          if (!isBalanceError(error)) throw error;
          // A hung connection gets one more try, in the time kept for it, never a second full wait.
          if (!idempotent || !error.retryable || attempt >= policy.maxAttempts || (hung && timedOut(error))) throw afterAttempts(error, attempt);
          hung ||= timedOut(error);
          const asked = response === undefined ? null : parseRetryAfter(response.headers.get('retry-after'), Date.now());
          // After a hang at once (on a fresh connection): the time kept for the retry is short.
          const delay = asked ?? (timedOut(error) ? 0 : backoffDelay(policy, attempt, random));
          if (deadline !== undefined && delay >= deadline.remaining()) {
            throw asked === null ? afterAttempts(error, attempt) : waitBeyondDeadline(error, request, asked);
          }
          debug(`  ${error.message} Retrying in ${delay} ms${asked === null ? '' : ' (Retry-After)'}.`);
          try {
            await sleep(delay, waitSignal);
          } catch (reason) {
            throw reason instanceof TimeUp ? afterAttempts(error, attempt) : interrupted(request, url, reason);
          }
        }
      }
    },
  };
}

/** An attempt that ended at its own limit (not the deadline's). */
function timedOut(error: BalanceError): boolean {
  return error.cause instanceof TimeUp && error.cause.scope === 'request';
}

/** Node turns TLS checks off for the whole process with this variable; never send credentials that way. */
function refuseUnverifiedTls(request: HttpRequest): void {
  if (request.baseUrl.protocol !== 'https:' || process.env.NODE_TLS_REJECT_UNAUTHORIZED !== '0') return;
  throw new BalanceError('usage', 'NODE_TLS_REJECT_UNAUTHORIZED=0 turns off TLS certificate checks; balance does not send credentials without them.', {
    provider: request.provider,
    hint: 'Unset NODE_TLS_REJECT_UNAUTHORIZED; to trust a proxy’s own CA, give it in NODE_EXTRA_CA_CERTS.',
  });
}

function host(url: string): string {
  return hostPort(new URL(url));
}

function redirected(request: HttpRequest, response: Pick<HttpResponse, 'status' | 'headers'>): BalanceError {
  const location = response.headers.get('location') ?? '(no location)';
  return new BalanceError('response', `${request.provider} redirected the request to ${clipUrl(location)}; redirects are not followed.`, {
    provider: request.provider,
    status: response.status,
    hint: 'Check the base URL (--base-url or the *_HTTP_URL / OKX_BASE_URL variable).',
  });
}

function tooLarge(request: HttpRequest, limit: number): BalanceError {
  return new BalanceError('response', `${request.provider} sent an answer larger than ${limit / 1024 / 1024} MB; it was not read.`, {
    provider: request.provider,
    hint: 'A balance answer is far smaller: check the base URL.',
  });
}

/** A wait or a request ended by a time limit, or cancelled by its caller. */
function interrupted(request: HttpRequest, url: string, reason: unknown): BalanceError {
  if (reason instanceof TimeUp) {
    const seconds = formatSeconds(reason.limitMs);
    return reason.scope === 'total'
      ? new BalanceError('network', `${request.provider} did not answer within the ${seconds} s time limit (${host(url)}).`, {
          provider: request.provider,
          hint: 'Check your network, or allow more time with --timeout SECONDS.',
          cause: reason,
        })
      : new BalanceError('network', `${request.provider} did not answer within ${seconds} s (${host(url)}).`, {
          provider: request.provider,
          retryable: true,
          hint: 'Check your network, or try again later.',
          cause: reason,
        });
  }
  return new BalanceError('network', `The request to ${request.provider} was cancelled.`, { provider: request.provider, cause: reason });
}

/** The last error of several attempts says how many were made. */
function afterAttempts(error: BalanceError, attempts: number): BalanceError {
  if (attempts <= 1) return error;
  return copyWithHint(error, `${error.hint === undefined ? '' : `${error.hint} `}(${attempts} attempts made.)`);
}

function waitBeyondDeadline(error: BalanceError, request: HttpRequest, askedMs: number): BalanceError {
  return copyWithHint(
    error,
    `${request.provider} asked to retry after ${formatSeconds(askedMs)} s, beyond the time limit; try again later, or allow more time with --timeout.`,
  );
}

function copyWithHint(error: BalanceError, hint: string): BalanceError {
  return new BalanceError(error.kind, error.message, {
    hint,
    ...(error.provider === undefined ? {} : { provider: error.provider }),
    ...(error.code === undefined ? {} : { code: error.code }),
    ...(error.status === undefined ? {} : { status: error.status }),
    retryable: error.retryable,
    cause: error.cause ?? error,
  });
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return Number.isInteger(seconds) ? String(seconds) : seconds.toFixed(1);
}

function clipUrl(text: string): string {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
  return flat.length > 120 ? `${flat.slice(0, 120)}…` : flat;
}

/**
 * HTTP header values are Latin-1 text; credentials are printable ASCII. A
 * secret with anything else in it (a pasted curly quote or non-breaking space)
 * cannot be sent, and repeating the request would not help: say so, naming
 * the header but never its value.
 */
function checkHeaderValues(provider: string, headers: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(headers)) {
    if (/^[\t\x20-\x7e]*$/.test(value)) continue;
    throw new BalanceError('auth', `The ${provider} credentials contain a character that cannot be sent (in the ${name} header).`, {
      provider,
      hint: 'Keys, secrets and passphrases are plain ASCII: look for a pasted curly quote, accent or non-breaking space, and enter it again.',
    });
  }
}
