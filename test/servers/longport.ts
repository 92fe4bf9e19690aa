// A fake Longport/Longbridge OpenAPI server for end-to-end tests.
//
// It checks every request the way the real server does — app key, token,
// timestamp, signature over the literal header text and the query exactly as
// received, duplicate timestamps — with code written independently of
// src/providers/longport, so a signing bug cannot hide by being on both sides.
//
// Routes: GET /v1/asset/account (envelope, seed 000 data; `currency` echoed as
// the account currency) and GET /v1/trade/asset/GetAccountCashInfo (the bare
// 2022 `{"list":[…]}` of seed 001). Queued replies override the answer to the
// next requests, for error and fault tests: a status, a body (or one from the
// corpus of broken bodies) and any transport fault of ./faults.ts — delay,
// hang, reset, dribble, a huge body, headers such as Retry-After.
// `shiftClock()` moves the server's clock (timestamp window and Date header).
// The OAuth 2.0 endpoints (/oauth2/…) and bearer calls are ./longbridge-oauth.ts's.
//
//
// Tokens: `accessToken()` makes an "m_"+JWT token with a chosen exp/iat/ak/ac
// (and data-center prefix); the server refuses one whose `exp` has passed
// (401003). GET /v1/token/refresh?expired_at=… (signed like every call) issues
// a new token of the same ak/ac/prefix valid until expired_at (at most 90 days)
// and invalidates the old one at once: a later call with it is 401004. A
// queued reply makes the refresh fail on demand. With `dataCenter`, a request
// whose x-dc-region is not that one (absent is "ap") is refused (401004).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestServer, type ConnectionCounts, type TlsOption } from './tls.js';
import { join } from 'node:path';
import { corpusBody, deliver, type TransportFault } from './faults.js';
import { createLongbridgeOAuth, type LongbridgeOAuthOptions, type LongbridgeOAuthServer } from './longbridge-oauth.js';
import { LONGPORT_TOKEN_SIGNATURE } from '../secrets.js';

export interface TokenClaims {
  /** Unix seconds. */
  readonly exp: number;
  readonly iat?: number;
  readonly ak?: string;
  /** "lb", or "lb_papertrading". */
  readonly ac?: string;
  /** "us_" or "ap_" before the "m_". */
  readonly prefix?: '' | 'us_' | 'ap_';
  /** Told apart from other tokens of the same claims (the signature part). */
  readonly serial?: number;
}

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * An "m_"+JWT access token as Longport issues them. Its signature part carries
 * LONGPORT_TOKEN_SIGNATURE, so the suite's grep finds the token in any output.
 */
export function accessToken(claims: TokenClaims): string {
  const payload = {
    iss: 'longbridge',
    sub: 'access_token',
    exp: claims.exp,
    iat: claims.iat ?? claims.exp - 90 * 86_400,
    ...(claims.ak === undefined ? {} : { ak: claims.ak }),
    aaid: 13,
    ac: claims.ac ?? 'lb',
    mid: 123,
    sid: 'e2e',
  };
  return `${claims.prefix ?? ''}m_${b64url({ alg: 'RS256', typ: 'JWT' })}.${b64url(payload)}.${LONGPORT_TOKEN_SIGNATURE}${claims.serial ?? 0}`;
}

/** The claims of a token accessToken() made, or null for another token. */
export function tokenClaims(token: string): { exp: number; iat: number; ak?: string; ac: string; prefix: '' | 'us_' | 'ap_' } | null {
  const match = /^((?:us|ap)_)?m_[^.]+\.([^.]+)\.[^.]*$/.exec(token);
  if (match === null) return null;
  try {
    const payload = JSON.parse(Buffer.from(match[2]!, 'base64url').toString('utf8')) as { exp: number; iat: number; ak?: string; ac: string };
    return { ...payload, prefix: (match[1] ?? '') as '' | 'us_' | 'ap_' };
  } catch {
    return null;
  }
}

/** Unix seconds, this many days from now. */
export const daysFromNow = (days: number): number => Math.floor(Date.now() / 1000 + days * 86_400);

export interface LongportTestCredentials {
  readonly appKey: string;
  readonly appSecret: string;
  readonly accessToken: string;
}

/** The reference's test-vector credentials. */
export const TEST_CREDENTIALS: LongportTestCredentials = {
  appKey: 'testkey',
  appSecret: 'testsecret',
  accessToken: 'testtoken',
};

export interface ReplyOverride extends TransportFault {
  /** HTTP status; 200 unless given. */
  readonly status?: number;
  /** An object is sent as JSON; a string is sent verbatim (for raw numbers, HTML, bad JSON). */
  readonly body?: unknown;
  /** A body from the corpus (test/fixtures/broken/), by file name. */
  readonly corpus?: string;
  /** Answer before any check (a proxy in front of the API); by default the request must pass them first. */
  readonly beforeChecks?: boolean;
  /** Only a transport fault: the answer is the server's own (checks and route). */
  readonly transportOnly?: boolean;
}

export interface LongportServerOptions {
  /** Serve HTTPS with a certificate of ./tls.ts (true: the one the test CA signed). */
  readonly tls?: TlsOption;
  /** Known keys; the test-vector credentials unless given. */
  readonly credentials?: readonly LongportTestCredentials[];
  /** A token the server knows but considers expired (401003). */
  readonly expiredToken?: string;
  /** Server clock in ms; Date.now unless given. */
  readonly now?: () => number;
  /** How far X-Timestamp may be from the server clock, in seconds (default 300). */
  readonly timestampWindowSeconds?: number;
  /** Write `msg` instead of `message` (older servers). */
  readonly useMsg?: boolean;
  /** Full body of GET /v1/asset/account instead of the seed 000 data. */
  readonly accountBody?: unknown;
  /** Full body of GET /v1/trade/asset/GetAccountCashInfo instead of seed 001. */
  readonly legacyBody?: unknown;
  /** Replies for the next requests, in order. */
  readonly replies?: readonly ReplyOverride[];
  /** Keep a record of every request (default true; off for benchmarks). */
  readonly record?: boolean;
  /** Wait this long before every answer (a slow provider). */
  readonly latencyMs?: number;
  /** Enforce the trade rate limit (30 in 30 s, 20 ms apart) with 429002 (default true). */
  readonly rateLimits?: boolean;
  /** net_assets answered for `?currency=CUR` (--value-in), by currency; the seed's figure otherwise. */
  readonly netAssetsIn?: Readonly<Record<string, string>>;
  /** The OAuth side: how it answers sign-ins and refreshes. */
  readonly oauth?: LongbridgeOAuthOptions;
  /** Refuse (401004) requests whose x-dc-region is not this data center (absent counts as "ap"). */
  readonly dataCenter?: 'us' | 'ap';
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  /** Raw query string as received, without "?". */
  readonly query: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** When it arrived (real clock, ms). */
  readonly at: number;
  /** HTTP status answered. */
  readonly status: number;
  /** Longport code answered: 0 for success, null when a queued reply answered. */
  readonly code: number | null;
}

export interface LongportServer {
  /** Base URL, e.g. http://127.0.0.1:40123 */
  readonly url: string;
  readonly port: number;
  /** TLS handshakes and TCP connections it has seen. */
  readonly counts: ConnectionCounts;
  readonly requests: RecordedRequest[];
  /** The OAuth side: its record, and approval or denial on demand. */
  readonly oauth: LongbridgeOAuthServer;
  /** Queues replies for the next requests. */
  enqueue(...replies: ReplyOverride[]): void;
  /** Moves the server's clock this far from the real one. */
  shiftClock(ms: number): void;
  /** The token the server accepts now for an app key (a refresh replaces it). */
  currentToken(appKey: string): string | undefined;
  /** Requests to /v1/token/refresh that were answered with a new token. */
  readonly refreshes: () => number;
  close(): Promise<void>;
}

export const ACCOUNT_PATH = '/v1/asset/account';
export const LEGACY_PATH = '/v1/trade/asset/GetAccountCashInfo';
export const REFRESH_PATH = '/v1/token/refresh';

const FIXTURES = join(import.meta.dirname, '../fixtures/longport');
const SIGNED_HEADERS = 'authorization;x-api-key;x-timestamp';
const SIGNATURE_HEADER = /^HMAC-SHA256 SignedHeaders=([a-z;-]+), Signature=([0-9a-f]{64})$/;
const TIMESTAMP = /^\d{9,11}(?:\.\d{1,9})?$/;

export function readSeedFixture(name: 'seed-000-account.json' | 'seed-001-get-account-cash-info.json'): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

/** The answer to one request: status, code and the body text. */
interface Answer {
  readonly status: number;
  readonly code: number | null;
  readonly body: string | Buffer;
  readonly headers?: Readonly<Record<string, string>>;
}

interface Decision {
  readonly answer: Answer;
  /** The queued reply used, if any. */
  readonly reply?: ReplyOverride;
}

class Rejection {
  constructor(
    readonly status: number,
    readonly code: number,
    readonly message: string,
  ) {}
}

export async function startLongportServer(options: LongportServerOptions = {}): Promise<LongportServer> {
  const credentials = options.credentials ?? [TEST_CREDENTIALS];
  let now = options.now ?? Date.now;
  const windowSeconds = options.timestampWindowSeconds ?? 300;
  const messageKey = options.useMsg ? 'msg' : 'message';
  const record = options.record ?? true;
  const replies: ReplyOverride[] = [...(options.replies ?? [])];
  const requests: RecordedRequest[] = [];
  const seenTimestamps = new Set<string>();
  /** The token each app key has now; a refresh replaces it and the old one is dead. */
  const tokens = new Map(credentials.map((entry) => [entry.appKey, entry.accessToken]));
  let refreshes = 0;

  const seedAccount = JSON.parse(readSeedFixture('seed-000-account.json')) as { data: { list: Record<string, unknown>[] } };
  const legacyText =
    options.legacyBody === undefined ? readSeedFixture('seed-001-get-account-cash-info.json') : toText(options.legacyBody);

  const errorBody = (code: number, message: string): string => JSON.stringify({ code, [messageKey]: message, data: null });

  /** Throws a Rejection for the first check the request fails. */
  function authenticate(method: string, path: string, query: string, headers: IncomingHttpHeaders, body: string): void {
    if (single(headers['authorization'])?.startsWith('Bearer ') === true) {
      const rejection = oauth.verifyBearer(headers, now());
      if (rejection !== null) throw new Rejection(rejection.status, rejection.code, rejection.message);
      if (options.rateLimits ?? true) checkRateLimit(single(headers['authorization'])!);
      return;
    }
    const appKey = single(headers['x-api-key']);
    const token = single(headers['authorization']);
    const timestamp = single(headers['x-timestamp']);
    const signatureHeader = single(headers['x-api-signature']);
    const known = credentials.find((entry) => entry.appKey === appKey);
    if (appKey === undefined || known === undefined) throw new Rejection(403, 403203, 'app key illegal');
    if (token !== undefined && token === options.expiredToken) throw new Rejection(401, 401003, 'token expired');
    if (token === undefined || token !== tokens.get(known.appKey)) throw new Rejection(401, 401004, 'token invalid');
    const claims = tokenClaims(token);
    if (claims !== null && claims.exp * 1000 <= now()) throw new Rejection(401, 401003, 'token expired');
    if (options.dataCenter !== undefined && (single(headers['x-dc-region']) ?? 'ap') !== options.dataCenter) {
      throw new Rejection(401, 401004, 'token invalid');
    }
    if (timestamp === undefined || !TIMESTAMP.test(timestamp)) throw new Rejection(403, 403201, 'signature invalid');
    if (Math.abs(Number(timestamp) - now() / 1000) > windowSeconds) throw new Rejection(403, 403201, 'signature invalid');
    const parsed = signatureHeader === undefined ? null : SIGNATURE_HEADER.exec(signatureHeader);
    if (parsed === null || parsed[1] !== SIGNED_HEADERS || parsed[2] === undefined) {
      throw new Rejection(403, 403201, 'signature invalid');
    }
    const expected = expectedSignature(method, path, query, known.appKey, known.appSecret, token, timestamp, body);
    if (!sameHex(parsed[2], expected)) throw new Rejection(403, 403201, 'signature invalid');
    const seenKey = `${appKey}\n${timestamp}`;
    if (seenTimestamps.has(seenKey)) throw new Rejection(403, 403202, 'duplicate request');
    seenTimestamps.add(seenKey);
    if (options.rateLimits ?? true) checkRateLimit(appKey);
  }

  /** 30 calls in 30 s per key, at least 20 ms apart, counted on arrival. */
  const calls = new Map<string, number[]>();
  function checkRateLimit(appKey: string): void {
    const at = Date.now();
    const recent = (calls.get(appKey) ?? []).filter((time) => at - time < 30_000);
    const last = recent.at(-1);
    recent.push(at);
    calls.set(appKey, recent);
    if (recent.length > 30 || (last !== undefined && at - last < 20)) {
      throw new Rejection(429, 429002, 'api rate limit exceeded');
    }
  }

  function route(method: string, path: string, query: string, headers: IncomingHttpHeaders): Answer {
    if (method !== 'GET') return { status: 405, code: 405, body: errorBody(405, 'method not allowed') };
    if (path === REFRESH_PATH) return refresh(query, headers);
    if (path === ACCOUNT_PATH) {
      const body = options.accountBody === undefined ? accountBody(new URLSearchParams(query).get('currency')) : toText(options.accountBody);
      return { status: 200, code: 0, body };
    }
    if (path === LEGACY_PATH) return { status: 200, code: 0, body: legacyText };
    return { status: 404, code: 404, body: errorBody(404, 'not found') };
  }

  /** A new token valid until expired_at (at most 90 days), of the old one's ak/ac/prefix; the old one dies. */
  function refresh(query: string, headers: IncomingHttpHeaders): Answer {
    const appKey = single(headers['x-api-key'])!;
    const old = tokenClaims(single(headers['authorization']) ?? '');
    const asked = Date.parse(new URLSearchParams(query).get('expired_at') ?? '');
    if (Number.isNaN(asked) || asked <= now()) return { status: 400, code: 400001, body: errorBody(400001, 'invalid expired_at') };
    const exp = Math.floor(Math.min(asked, now() + 90 * 86_400_000) / 1000);
    const iat = Math.floor(now() / 1000);
    refreshes += 1;
    const token = accessToken({ exp, iat, ak: old?.ak ?? appKey, ac: old?.ac ?? 'lb', prefix: old?.prefix ?? '', serial: 1000 + refreshes });
    tokens.set(appKey, token);
    const data = {
      token,
      expired_at: new Date(exp * 1000).toISOString(),
      issued_at: new Date(iat * 1000).toISOString(),
      account_info: { member_id: 123, aaid: 13, account_channel: old?.ac ?? 'lb' },
    };
    return { status: 200, code: 0, body: JSON.stringify({ code: 0, [messageKey]: '', data }) };
  }

  function accountBody(currency: string | null): string {
    const netAssets = currency === null ? undefined : options.netAssetsIn?.[currency];
    const list = seedAccount.data.list.map((item) =>
      currency === null ? item : { ...item, currency, ...(netAssets === undefined ? {} : { net_assets: netAssets }) },
    );
    return JSON.stringify({ code: 0, [messageKey]: 'success', data: { list } });
  }

  /** Picks the answer: a queued reply, a rejection, or the route's own. */
  function decide(method: string, path: string, query: string, headers: IncomingHttpHeaders, body: string): Decision {
    const early = replies[0]?.beforeChecks === true ? replies.shift() : undefined;
    if (early !== undefined) return { answer: overrideAnswer(early), reply: early };
    try {
      authenticate(method, path, query, headers, body);
    } catch (error) {
      if (!(error instanceof Rejection)) throw error;
      return { answer: { status: error.status, code: error.code, body: errorBody(error.code, error.message) } };
    }
    const reply = replies.shift();
    if (reply === undefined) return { answer: route(method, path, query, headers) };
    return { answer: reply.transportOnly === true ? route(method, path, query, headers) : overrideAnswer(reply), reply };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrived = Date.now();
    const body = await readBody(req);
    const method = req.method ?? 'GET';
    const [path, query] = splitTarget(req.url ?? '/');
    const signIn = oauth.route(method, path, req.headers, body);
    if (signIn !== null) {
      if (record) requests.push({ method, path, query, headers: req.headers, body, at: arrived, status: signIn.status, code: null });
      if (signIn.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, signIn.delayMs));
      await deliver(req, res, { status: signIn.status, contentType: signIn.contentType ?? 'application/json', body: signIn.body, clock: now });
      return;
    }
    const { answer, reply } = decide(method, path, query, req.headers, body);
    if (record) requests.push({ method, path, query, headers: req.headers, body, at: arrived, status: answer.status, code: answer.code });
    const delivery = {
      status: answer.status,
      contentType: 'application/json; charset=utf-8',
      body: answer.body,
      clock: now,
      ...(answer.headers === undefined ? {} : { headers: answer.headers }),
    };
    if (options.latencyMs !== undefined) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
    await deliver(req, res, delivery, reply);
  }

  let url = '';
  const oauth = createLongbridgeOAuth(() => url, options.oauth, () => now());

  const { server, counts, scheme } = createTestServer(
    (req, res) => {
      handle(req, res).catch(() => {
        res.statusCode = 500;
        res.end();
      });
    },
    options.tls,
    createServer,
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  url = `${scheme}://127.0.0.1:${port}`;

  return {
    url,
    port,
    counts,
    requests,
    oauth,
    enqueue: (...more) => void replies.push(...more),
    shiftClock: (ms) => {
      now = () => Date.now() + ms;
    },
    currentToken: (appKey) => tokens.get(appKey),
    refreshes: () => refreshes,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function overrideAnswer(reply: ReplyOverride): Answer {
  const body = reply.corpus !== undefined ? corpusBody(reply.corpus) : reply.body === undefined ? '' : toText(reply.body);
  return { status: reply.status ?? 200, code: null, body, ...(reply.headers === undefined ? {} : { headers: reply.headers }) };
}

/** The signature the server expects, over the literal header text and raw query. */
function expectedSignature(
  method: string,
  path: string,
  query: string,
  appKey: string,
  appSecret: string,
  token: string,
  timestamp: string,
  body: string,
): string {
  const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');
  const signedHeaderLines = [`authorization:${token}`, `x-api-key:${appKey}`, `x-timestamp:${timestamp}`]
    .map((line) => `${line}\n`)
    .join('');
  let canonical = [method, path, query, signedHeaderLines, SIGNED_HEADERS, ''].join('|');
  if (body.length > 0) canonical += sha1(body);
  return createHmac('sha256', appSecret).update(`HMAC-SHA256|${sha1(canonical)}`).digest('hex');
}

function sameHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function splitTarget(target: string): [string, string] {
  const at = target.indexOf('?');
  return at === -1 ? [target, ''] : [target.slice(0, at), target.slice(at + 1)];
}

function toText(body: unknown): string {
  return typeof body === 'string' ? body : JSON.stringify(body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}
