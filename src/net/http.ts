// src/net/ sends requests and reads answers: this client, the transport
// beneath it (node:http/https), deadlines, retries, rate limits, the provider's
// clock and base URLs. It knows no provider, no file and no command; it imports
// only src/base/.
//
// The one place that talks HTTP. Providers describe a request and how to read
// its answer; this sends it within the command's deadline and the provider's
// rate limit, reads at most MAX_BODY_BYTES of the body, repeats an idempotent
// read that failed for a passing reason (with backoff, honouring Retry-After),
// and turns transport failures into BalanceErrors that name the provider.
//
// Sent with node:http (./transport.ts), not fetch, which costs a fresh process
// some 150 ms: AbortSignals end a request, a body read and every wait alike,
// and the body is counted as it arrives, so a cap costs nothing.
import { anySignal, sleep, TimeUp, type Deadline } from './deadline.js';
import { BalanceError, isBalanceError } from '../base/errors.js';
import { RateLimiter, type RateLimit, type RateSlot } from './rate-limit.js';
import { backoffDelay, DEFAULT_RETRY_POLICY, parseRetryAfter, type RetryPolicy } from './retry.js';
import { BodyTooLarge, exchange, type ResponseHeaders } from './transport.js';

export type HttpMethod = 'GET' | 'POST';

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

/** One attempt's limit without a deadline, and its upper bound with one. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/**
 * One attempt's limit under a deadline: half of it (at least 1 s, at most
 * 10 s), so that a request that hangs once still leaves time to try again.
 */
export function requestTimeoutWithin(totalMs: number): number {
  return Math.min(DEFAULT_REQUEST_TIMEOUT_MS, Math.max(1_000, Math.round(totalMs / 2)));
}
/** No balance answer comes near this; a body beyond it is not read. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface HttpClientOptions {
  /** The command's total time limit; none when absent. */
  readonly deadline?: Deadline;
  /** One attempt's limit, body included (default: requestTimeoutWithin(deadline), or 10 s; the deadline still wins). */
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
  const requestTimeoutMs =
    options.requestTimeoutMs ?? (deadline === undefined ? DEFAULT_REQUEST_TIMEOUT_MS : requestTimeoutWithin(deadline.totalMs));
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const random = options.random ?? Math.random;
  const debug = options.debug ?? (() => undefined);

  /** One attempt: a rate-limit slot, then the request and its whole body. */
  async function sendOnce(request: HttpRequest, url: string, attempt: number): Promise<HttpResponse> {
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
    const timer = setTimeout(() => controller.abort(new TimeUp('request', requestTimeoutMs)), requestTimeoutMs);
    const signal = anySignal([controller.signal, outer]) ?? controller.signal;
    const started = Date.now();
    debug(`→ ${request.method} ${url}${attempt > 1 ? ` (attempt ${attempt} of ${policy.maxAttempts})` : ''}${request.debugNote === undefined ? '' : ` (${request.debugNote})`}`);
    try {
      const response = await exchange(new URL(url), {
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
      throw networkError(request, url, error);
    } finally {
      clearTimeout(timer);
      slot?.release();
    }
  }

  return {
    async send(request, read) {
      refuseUnverifiedTls(request);
      const url = requestUrl(request);
      const idempotent = request.idempotent ?? request.method === 'GET';
      const waitSignal = anySignal([deadline?.signal, options.signal, request.signal]);
      for (let attempt = 1; ; attempt++) {
        let response: HttpResponse | undefined;
        try {
          response = await sendOnce(request, url, attempt);
          return read(response);
        } catch (error) {
          if (!isBalanceError(error)) throw error;
          if (!idempotent || !error.retryable || attempt >= policy.maxAttempts) throw afterAttempts(error, attempt);
          const asked = response === undefined ? null : parseRetryAfter(response.headers.get('retry-after'), Date.now());
          const delay = asked ?? backoffDelay(policy, attempt, random);
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

/** Node turns TLS checks off for the whole process with this variable; never send credentials that way. */
function refuseUnverifiedTls(request: HttpRequest): void {
  if (request.baseUrl.protocol !== 'https:' || process.env.NODE_TLS_REJECT_UNAUTHORIZED !== '0') return;
  throw new BalanceError('usage', 'NODE_TLS_REJECT_UNAUTHORIZED=0 turns off TLS certificate checks; balance does not send credentials without them.', {
    provider: request.provider,
    hint: 'Unset NODE_TLS_REJECT_UNAUTHORIZED; to trust a proxy’s own CA, give it in NODE_EXTRA_CA_CERTS.',
  });
}

function host(url: string): string {
  return new URL(url).host;
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

/** Certificate and TLS failures: not a passing problem, and never worked around. */
const TLS_FAILURE = /CERT|SELF_SIGNED|UNABLE_TO_|ERR_TLS|ERR_SSL|HOSTNAME|ALTNAME/;

function networkError(request: HttpRequest, url: string, error: unknown): BalanceError {
  const what = describe(error);
  if (TLS_FAILURE.test(what)) {
    return new BalanceError('network', `The TLS certificate of ${host(url)} could not be verified (${what}); nothing was sent to ${request.provider}.`, {
      provider: request.provider,
      hint: 'Check the base URL. Behind a proxy with its own certificate authority, give its certificate in NODE_EXTRA_CA_CERTS.',
      cause: error,
    });
  }
  return new BalanceError('network', `Could not reach ${request.provider} at ${host(url)}: ${what}.`, {
    provider: request.provider,
    retryable: true,
    hint: 'Check your network connection and the base URL.',
    cause: error,
  });
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

/** A wrapped error's innermost cause names the real problem. */
function describe(error: unknown): string {
  let current: unknown = error;
  let text = 'unknown error';
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as Error & { code?: unknown }).code;
    text = typeof code === 'string' ? code : current.message;
    current = current.cause;
  }
  return text;
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
