// One HTTP exchange over node:http / node:https: the request sent, the whole
// answer read as UTF-8 text. Not fetch: in a fresh process Node's fetch costs
// some 150 ms before the first answer is read — loading undici and compiling
// its WebAssembly HTTP parser, which Node then waits for at exit — more than
// all the rest of `balance show`. node:http parses with the parser built into
// Node. Redirects are not followed; connections are kept alive, one agent per
// scheme for the whole process (a proxy's own agent when one is given), and
// idle ones never hold the process open.
import type { Agent, IncomingMessage } from 'node:http';

/** Response headers, read by name (case-insensitive). */
export interface ResponseHeaders {
  get(name: string): string | null;
}

export interface Exchange {
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | undefined;
  /** Ends the exchange (time limits, cancelling); it then fails with the signal's reason. */
  readonly signal?: AbortSignal | undefined;
  /** A body larger than this is not read: the exchange fails with BodyTooLarge. */
  readonly maxBodyBytes?: number | undefined;
  /** How to connect: a proxy's agent; the process's keep-alive agent when absent. */
  readonly agent?: Agent | undefined;
  /** The agent opens a CONNECT tunnel: a failure before the proxy has answered is the proxy's (ProxyFailed). */
  readonly connectTunnel?: boolean | undefined;
}

export interface ExchangeResult {
  readonly status: number;
  readonly headers: ResponseHeaders;
  readonly body: string;
}

/** Thrown when a proxy answers a CONNECT with anything but 200: its own status, not the server's. */
export class ProxyRefused extends Error {
  override readonly name = 'ProxyRefused';
  constructor(readonly status: number) {
    super(`The proxy answered the CONNECT request with HTTP ${status}`);
  }
}

/** A failure on the way to a CONNECT proxy (refused, its certificate…), before any tunnel: the cause says which. */
export class ProxyFailed extends Error {
  override readonly name = 'ProxyFailed';
  constructor(cause: unknown) {
    super('The connection to the proxy failed', { cause });
  }
}

/** Thrown when the answer's body is larger than `maxBodyBytes`. */
export class BodyTooLarge extends Error {
  override readonly name = 'BodyTooLarge';
  constructor(readonly limit: number) {
    super(`The answer is larger than ${limit} bytes`);
  }
}

export async function exchange(url: URL, request: Exchange): Promise<ExchangeResult> {
  const secure = url.protocol === 'https:';
  const { request: send } = await clientModule(secure);
  const agent = request.agent ?? (await directAgent(secure));
  request.signal?.throwIfAborted();
  const headers: Record<string, string> = { 'User-Agent': 'balance-cli', Accept: '*/*', ...request.headers };
  if (request.body !== undefined) {
    headers['Content-Length'] = String(Buffer.byteLength(request.body));
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['Content-Type'] = 'text/plain;charset=UTF-8';
  }
  return new Promise<ExchangeResult>((resolve, reject) => {
    const outgoing = send(url, { method: request.method, headers, agent });
    // https-proxy-agent hands a refused CONNECT's answer (403, 407…) to the request as if
    // the server had sent it; it is the proxy's, and nothing was sent to the server.
    let refusedBy: number | undefined;
    let proxyAnswered = false;
    outgoing.on('proxyConnect', (connect: { statusCode?: number }) => {
      proxyAnswered = true;
      if (connect.statusCode !== 200) refusedBy = connect.statusCode ?? 0;
    });
    let settled = false;
    const settle = (finish: () => void): void => {
      if (settled) return;
      settled = true;
      request.signal?.removeEventListener('abort', onAbort);
      finish();
    };
    // The first failure is the one reported; destroying the request may raise more.
    const fail = (error: unknown): void => {
      settle(() => reject(error));
      outgoing.destroy();
    };
    const onAbort = (): void => fail(request.signal?.reason);
    request.signal?.addEventListener('abort', onAbort, { once: true });
    outgoing.on('error', (error) => fail(request.connectTunnel === true && !proxyAnswered ? new ProxyFailed(error) : error));
    outgoing.on('response', (incoming) => {
      if (refusedBy !== undefined) {
        incoming.resume();
        fail(new ProxyRefused(refusedBy));
        return;
      }
      readBody(incoming, request.maxBodyBytes ?? Number.POSITIVE_INFINITY).then(
        (body) => settle(() => resolve({ status: incoming.statusCode ?? 0, headers: headersOf(incoming), body })),
        fail,
      );
    });
    outgoing.end(request.body);
  });
}

const clientModules: { http?: Promise<typeof import('node:http')>; https?: Promise<typeof import('node:https')> } = {};

/**
 * node:http or node:https, loaded when first needed (https loads TLS, which a
 * plain-HTTP run never needs) and kept: the promise, so that requests started
 * together share one load.
 */
function clientModule(secure: boolean): Promise<typeof import('node:http') | typeof import('node:https')> {
  return secure ? (clientModules.https ??= import('node:https')) : (clientModules.http ??= import('node:http'));
}

const directAgents: { http?: Agent; https?: Agent } = {};

/**
 * Node's own global agents close an idle connection after 5 s, before a
 * --watch refresh could reuse it: these keep it as long as the server says
 * it will (its Keep-Alive header), and unref it, so it never holds the process.
 */
async function directAgent(secure: boolean): Promise<Agent> {
  const { Agent: ClientAgent } = await clientModule(secure);
  const key = secure ? 'https' : 'http';
  return (directAgents[key] ??= new ClientAgent({ keepAlive: true, scheduling: 'lifo' }));
}

/** The body's bytes as they come; more than `limit` of them fails with BodyTooLarge. (Listeners, not `for await`: a stream's async iterator costs a fresh process a little more.) */
function readChunks(incoming: IncomingMessage, limit: number): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        incoming.destroy();
        reject(new BodyTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    incoming.once('end', () => resolve(chunks));
    incoming.once('error', reject);
    // A connection closed before the whole body came is a failure, as it is for `for await`.
    incoming.once('close', () => {
      if (!incoming.complete) reject(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
    });
  });
}

/** The body as text; a compressed one (never asked for, but possible) is inflated. */
async function readBody(incoming: IncomingMessage, limit: number): Promise<string> {
  if (Number(incoming.headers['content-length'] ?? Number.NaN) > limit) throw new BodyTooLarge(limit);
  let bytes = Buffer.concat(await readChunks(incoming, limit));
  const encoding = (incoming.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (encoding === 'gzip' || encoding === 'deflate' || encoding === 'br') {
    const zlib = await import('node:zlib');
    const options = { maxOutputLength: Math.min(limit, 2 ** 31 - 1) };
    try {
      bytes = encoding === 'gzip' ? zlib.gunzipSync(bytes, options) : encoding === 'deflate' ? zlib.inflateSync(bytes, options) : zlib.brotliDecompressSync(bytes, options);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new BodyTooLarge(limit);
      throw error;
    }
  }
  // As fetch's text(): UTF-8 (a broken sequence becomes U+FFFD), a leading byte-order mark dropped.
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function headersOf(incoming: IncomingMessage): ResponseHeaders {
  return {
    get(name) {
      const value = incoming.headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}
