// The one place that talks HTTP. Providers describe a request; this sends it,
// reads the body as text (parsing is the provider's, losslessly) and turns
// transport failures into BalanceErrors that name the provider.
import { BalanceError } from './errors.js';
import { exchange, type ResponseHeaders } from './transport.js';

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
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: ResponseHeaders;
  readonly body: string;
}

export interface HttpClient {
  send(request: HttpRequest): Promise<HttpResponse>;
}

export interface HttpClientOptions {
  /** Per-request timeout in milliseconds. */
  readonly timeoutMs: number;
  /** Writes a diagnostic line (only with --debug). Never given secrets. */
  readonly debug?: (line: string) => void;
  readonly signal?: AbortSignal;
}

/** Full URL of a request: base URL path + request path + query. */
export function requestUrl(request: HttpRequest): string {
  const base = request.baseUrl.href.replace(/\/+$/, '');
  return `${base}${request.path}${request.query === '' ? '' : `?${request.query}`}`;
}

/** The request path as the server sees it (base path included), for signing. */
export function requestTarget(request: Pick<HttpRequest, 'baseUrl' | 'path'>): string {
  return `${request.baseUrl.pathname.replace(/\/+$/, '')}${request.path}`;
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  return {
    async send(request) {
      const url = requestUrl(request);
      const started = Date.now();
      options.debug?.(`→ ${request.method} ${url}`);
      let response;
      try {
        response = await exchange(new URL(url), {
          method: request.method,
          headers: request.headers(),
          body: request.body,
          timeoutMs: options.timeoutMs,
          signal: options.signal,
        });
      } catch (error) {
        throw networkError(request, url, error, options.timeoutMs);
      }
      const body = response.body;
      options.debug?.(`← ${response.status} ${url} (${Date.now() - started} ms, ${body.length} bytes)`);
      if (response.status >= 300 && response.status < 400) {
        const location = response.headers.get('location') ?? '(no location)';
        throw new BalanceError('response', `${request.provider} redirected the request to ${location}; redirects are not followed.`, {
          provider: request.provider,
          status: response.status,
          hint: 'Check the base URL (--base-url or the *_HTTP_URL / OKX_BASE_URL variable).',
        });
      }
      return { status: response.status, headers: response.headers, body };
    },
  };
}

function networkError(request: HttpRequest, url: string, error: unknown, timeoutMs: number): BalanceError {
  const host = new URL(url).host;
  const text = describe(error);
  if (/timeout|aborted due to timeout|TimeoutError/i.test(text)) {
    return new BalanceError('network', `${request.provider} did not answer within ${timeoutMs / 1000} s (${host}).`, {
      provider: request.provider,
      retryable: true,
      hint: 'Check your network, or try again later.',
      cause: error,
    });
  }
  return new BalanceError('network', `Could not reach ${request.provider} at ${host}: ${text}.`, {
    provider: request.provider,
    retryable: true,
    hint: 'Check your network connection and the base URL.',
    cause: error,
  });
}

function describe(error: unknown): string {
  // A wrapped error's innermost cause names the real problem.
  let current: unknown = error;
  let text = 'unknown error';
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as Error & { code?: unknown }).code;
    text = typeof code === 'string' ? `${code}` : current.message;
    current = current.cause;
  }
  return text;
}
