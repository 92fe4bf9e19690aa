// A local fake of the OKX API v5 endpoints `balance` uses, for end-to-end
// tests. It checks every private request the way OKX does — written from the
// reference (../shared/reference/okx.md), not from src/, so a signing bug in
// the client cannot hide behind the same bug here — and answers like OKX.
//
// Faults are queued with `fail()` (or `options.faults`) for the next matching
// request(s): a forced OKX code, HTTP status, raw body or a body from the
// corpus of broken bodies, and any transport fault of ./faults.ts — delay,
// hang, reset, dribble, a huge body, extra headers such as Retry-After.
// `shiftClock()` moves the server's clock (signature window, Date header and
// /api/v5/public/time alike).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestServer, type ConnectionCounts, type TlsOption } from './tls.js';
import { OKX_KEY } from '../secrets.js';
import { corpusBody, deliver, type TransportFault } from './faults.js';

/** The key the server accepts unless told otherwise. */
export const OKX_TEST_KEY = OKX_KEY;

/** The environment that points `balance` at a server with the test key. */
export function okxTestEnv(server: { readonly url: string }, extra: Record<string, string> = {}): Record<string, string> {
  return {
    OKX_API_KEY: OKX_TEST_KEY.apiKey,
    OKX_API_SECRET: OKX_TEST_KEY.apiSecret,
    OKX_API_PASSPHRASE: OKX_TEST_KEY.passphrase,
    OKX_BASE_URL: server.url,
    ...extra,
  };
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface OkxFault extends TransportFault {
  /** Applies only to this path (no query), e.g. "/api/v5/account/balance"; any path when absent. */
  path?: string;
  /** OKX error code to answer with (a number sends `code` as a JSON number, like older servers). */
  code?: string | number;
  msg?: string;
  /** HTTP status; by default the one OKX uses for the code, else 200. */
  status?: number;
  /** A raw body instead of the JSON envelope, e.g. an HTML error page or a hand-written answer. */
  body?: string;
  /** A body from the corpus (test/fixtures/broken/), by file name. */
  corpus?: string;
  contentType?: string;
  /** How many matching requests it applies to; default 1. */
  times?: number;
}

export interface OkxServerOptions {
  apiKey?: string;
  apiSecret?: string;
  passphrase?: string;
  /** The key is a demo-trading key: requests must carry `x-simulated-trading: 1`. */
  demo?: boolean;
  /** `data[0]` of /account/balance; default: the docs' example (test/fixtures/okx/account-balance.json). */
  balance?: JsonObject;
  /** `data` of /account/max-withdrawal; default: maxWd = availBal for each currency of the balance. */
  maxWithdrawal?: JsonObject[];
  /** `data` of /asset/balances (the funding account); default: the docs' example, 37.11827078 ETH. */
  funding?: JsonObject[];
  /** /account/config answer fields. */
  config?: { acctLv?: string; uid?: string; perm?: string };
  faults?: OkxFault[];
  /** The server's clock in ms; default Date.now. */
  now?: () => number;
  /** Delay before every answer, for timing tests and benchmarks. */
  latencyMs?: number;
  /**
   * More endpoints (path → the `data` answered), for a benchmark's third-party
   * client that calls more than `balance` does. Private ones pass the same checks.
   */
  extraRoutes?: Record<string, { data: Json; public?: boolean }>;
  /** Enforce OKX's rate limits with 50011, as OKX does (default true). */
  rateLimits?: boolean;
  /**
   * `data[0]` of /asset/asset-valuation by `ccy` (--value-in); default: USD
   * 56837.43556134779 (trading: the example's totalEq, funding 1000, earn and
   * classic 0). Another currency OKX values in answers the same digits; one it
   * does not (HKD) answers 51000, as OKX does.
   */
  valuation?: Record<string, JsonObject>;
  /** Serve HTTPS with a certificate of ./tls.ts (true: the one the test CA signed). */
  tls?: TlsOption;
  /** Listen on 127.0.0.1 (default) or the IPv6 loopback ::1. */
  host?: '127.0.0.1' | '::1';
}

export interface RecordedRequest {
  readonly method: string;
  /** The request target exactly as received, query included. */
  readonly target: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** When it arrived (real clock, ms). */
  readonly at: number;
  /** How many other requests were being answered when this one arrived. */
  readonly concurrent: number;
  /** What the server answered. */
  status: number;
  code: string;
}

export interface OkxServer {
  /** Base URL, e.g. http://127.0.0.1:41234 — for OKX_BASE_URL. */
  readonly url: string;
  readonly port: number;
  /** TLS handshakes and TCP connections it has seen. */
  readonly counts: ConnectionCounts;
  readonly requests: RecordedRequest[];
  /** Mutable: tests may change the data or the key between requests. */
  readonly options: OkxServerOptions;
  fail(fault: OkxFault): void;
  /** Moves the server's clock this far from the real one. */
  shiftClock(ms: number): void;
  close(): Promise<void>;
}

const FIXTURE_URL = new URL('../fixtures/okx/account-balance.json', import.meta.url);

/** The docs' example account (`data[0]`), parsed afresh for every call. */
export function fixtureBalance(): JsonObject {
  const body = JSON.parse(readFileSync(FIXTURE_URL, 'utf8')) as { data: JsonObject[] };
  const account = body.data[0];
  if (account === undefined) throw new Error('fixture has no account');
  return account;
}

/** HTTP status OKX uses for each error code. */
const STATUS_FOR_CODE: Record<string, number> = {
  '50001': 503,
  '50011': 429,
  '50013': 429,
  '50101': 401,
  '50102': 401,
  '50103': 401,
  '50104': 401,
  '50105': 401,
  '50106': 401,
  '50107': 401,
  '50110': 401,
  '50111': 401,
  '50112': 401,
  '50113': 401,
  '50114': 401,
  '50119': 401,
  '50120': 200,
};

const MESSAGES: Record<string, string> = {
  '50101': 'APIKey does not match current environment.',
  '50102': 'Timestamp request expired.',
  '50103': 'Request header "OK-ACCESS-KEY" cannot be empty.',
  '50104': 'Request header "OK-ACCESS-PASSPHRASE" cannot be empty.',
  '50105': 'Request header "OK-ACCESS-PASSPHRASE" incorrect.',
  '50106': 'Request header "OK-ACCESS-SIGN" cannot be empty.',
  '50107': 'Request header "OK-ACCESS-TIMESTAMP" cannot be empty.',
  '50112': 'Invalid OK-ACCESS-TIMESTAMP',
  '50113': 'Invalid Sign',
  '50119': "API key doesn't exist",
};

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const MAX_SKEW_MS = 30_000;

interface Answer {
  status: number;
  code: string;
  body: string | Buffer;
  contentType: string;
}

const okAnswer = (data: Json): Answer => ({
  status: 200,
  code: '0',
  body: JSON.stringify({ code: '0', msg: '', data }),
  contentType: 'application/json',
});

function errorAnswer(code: string | number, msg?: string, status?: number): Answer {
  const text = String(code);
  return {
    status: status ?? STATUS_FOR_CODE[text] ?? 200,
    code: text,
    // Real error bodies leave `data` out.
    body: JSON.stringify({ msg: msg ?? MESSAGES[text] ?? `error ${text}`, code }),
    contentType: 'application/json',
  };
}

const header = (headers: IncomingHttpHeaders, name: string): string => {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
};

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The authentication checks of a private endpoint, in OKX's order. null: accepted. */
function checkAuth(options: OkxServerOptions, req: IncomingMessage, body: string): Answer | null {
  const { headers } = req;
  const method = req.method ?? '';
  const target = req.url ?? '';
  const key = header(headers, 'ok-access-key');
  const passphrase = header(headers, 'ok-access-passphrase');
  const signature = header(headers, 'ok-access-sign');
  const timestamp = header(headers, 'ok-access-timestamp');
  if (key === '') return errorAnswer('50103');
  if (passphrase === '') return errorAnswer('50104');
  if (signature === '') return errorAnswer('50106');
  if (timestamp === '') return errorAnswer('50107');
  const sent = Date.parse(timestamp);
  if (!ISO_MS.test(timestamp) || Number.isNaN(sent)) return errorAnswer('50112');
  const now = (options.now ?? Date.now)();
  if (Math.abs(now - sent) > MAX_SKEW_MS) return errorAnswer('50102');
  if (!sameText(key, options.apiKey ?? OKX_TEST_KEY.apiKey)) return errorAnswer('50119');
  if (!sameText(passphrase, options.passphrase ?? OKX_TEST_KEY.passphrase)) return errorAnswer('50105');
  const expected = createHmac('sha256', options.apiSecret ?? OKX_TEST_KEY.apiSecret)
    .update(`${timestamp}${method}${target}${body}`)
    .digest('base64');
  if (!sameText(signature, expected)) return errorAnswer('50113', 'Invalid Sign');
  const simulated = header(headers, 'x-simulated-trading') === '1';
  if (simulated !== (options.demo ?? false)) return errorAnswer('50101');
  return null;
}

function currencyFilter(query: URLSearchParams): Set<string> | null {
  const raw = query.get('ccy');
  if (raw === null || raw === '') return null;
  return new Set(raw.split(',').map((code) => code.trim().toUpperCase()));
}

function details(options: OkxServerOptions): JsonObject[] {
  const list = (options.balance ?? fixtureBalance()).details;
  return Array.isArray(list) ? list.filter((item): item is JsonObject => typeof item === 'object' && item !== null && !Array.isArray(item)) : [];
}

const wanted = (filter: Set<string> | null, entry: JsonObject): boolean =>
  filter === null || filter.has(String(entry.ccy).toUpperCase());

function route(options: OkxServerOptions, path: string, query: URLSearchParams): Answer {
  const filter = currencyFilter(query);
  switch (path) {
    case '/api/v5/account/balance': {
      const account = options.balance ?? fixtureBalance();
      return okAnswer([{ ...account, details: details(options).filter((entry) => wanted(filter, entry)) }]);
    }
    case '/api/v5/account/max-withdrawal': {
      const list =
        options.maxWithdrawal ??
        details(options).map((entry) => ({ ccy: entry.ccy ?? '', maxWd: entry.availBal ?? '', maxWdEx: entry.availBal ?? '' }));
      return okAnswer(list.filter((entry) => wanted(filter, entry)));
    }
    case '/api/v5/asset/balances': {
      const list = options.funding ?? [{ availBal: '37.11827078', bal: '37.11827078', ccy: 'ETH', frozenBal: '0' }];
      return okAnswer(list.filter((entry) => wanted(filter, entry)));
    }
    case '/api/v5/account/config':
      return okAnswer([
        {
          acctLv: options.config?.acctLv ?? '2',
          uid: options.config?.uid ?? '44705892343619584',
          perm: options.config?.perm ?? 'read_only',
          ip: '',
          label: 'balance e2e',
        },
      ]);
    case '/api/v5/asset/asset-valuation': {
      const ccy = query.get('ccy') ?? 'BTC';
      if (!VALUATION_UNITS.has(ccy)) return errorAnswer('51000', 'Parameter ccy error', 400);
      return okAnswer([options.valuation?.[ccy] ?? { ...DEFAULT_VALUATION, ts: String(Date.now()) }]);
    }
    default: {
      const extra = options.extraRoutes?.[path];
      return extra === undefined ? errorAnswer('50000', `Not found: ${path}`, 404) : okAnswer(extra.data);
    }
  }
}

/** The valuation units OKX documents for /asset/asset-valuation (reference: okx.md). */
const VALUATION_UNITS = new Set('BTC USDT USD CNY JPY KRW RUB EUR VND IDR INR PHP THB TRY AUD SGD ARS SAR AED IQD'.split(' '));
const DEFAULT_VALUATION: JsonObject = {
  totalBal: '56837.43556134779',
  details: { trading: '55837.43556134779', funding: '1000', earn: '0', classic: '0' },
};

const PUBLIC_PATHS = new Set(['/api/v5/public/time']);

/** OKX's limits (reference: "Endpoints a balance inspector uses"): per user, or per IP for public ones. */
const RATE_LIMITS: Record<string, { limit: number; windowMs: number }> = {
  '/api/v5/account/balance': { limit: 10, windowMs: 2_000 },
  '/api/v5/account/max-withdrawal': { limit: 20, windowMs: 2_000 },
  '/api/v5/asset/balances': { limit: 6, windowMs: 1_000 },
  '/api/v5/account/config': { limit: 5, windowMs: 2_000 },
  '/api/v5/public/time': { limit: 10, windowMs: 2_000 },
  '/api/v5/asset/asset-valuation': { limit: 1, windowMs: 1_000 },
};

/** Counts requests per user and endpoint over a sliding window; true when one is over the limit. */
function rateCounter(): (who: string, path: string, at: number) => boolean {
  const seen = new Map<string, number[]>();
  return (who, path, at) => {
    const rule = RATE_LIMITS[path];
    if (rule === undefined) return false;
    const key = `${who} ${path}`;
    const recent = (seen.get(key) ?? []).filter((time) => at - time < rule.windowMs);
    recent.push(at);
    seen.set(key, recent);
    return recent.length > rule.limit;
  };
}

export async function startOkxServer(options: OkxServerOptions = {}): Promise<OkxServer> {
  const requests: RecordedRequest[] = [];
  let inFlight = 0;
  const faults: OkxFault[] = [...(options.faults ?? [])];

  function takeFault(path: string): OkxFault | undefined {
    const index = faults.findIndex((fault) => fault.path === undefined || fault.path === path);
    const fault = faults[index];
    if (fault === undefined) return undefined;
    const left = (fault.times ?? 1) - 1;
    if (left <= 0) faults.splice(index, 1);
    else faults[index] = { ...fault, times: left };
    return fault;
  }

  const clock = (): number => (options.now ?? Date.now)();
  const overLimit = rateCounter();

  function answer(req: IncomingMessage, body: string, fault: OkxFault | undefined): Answer {
    const target = req.url ?? '/';
    const url = new URL(target, 'http://okx.invalid');
    const method = req.method ?? 'GET';
    if (fault?.corpus !== undefined) {
      return { status: fault.status ?? 200, code: '', body: corpusBody(fault.corpus), contentType: fault.contentType ?? 'application/json' };
    }
    if (fault?.body !== undefined) {
      return { status: fault.status ?? 200, code: '', body: fault.body, contentType: fault.contentType ?? 'text/html' };
    }
    if (fault?.code !== undefined) return errorAnswer(fault.code, fault.msg, fault.status);
    if (fault?.status !== undefined) return { status: fault.status, code: '', body: '', contentType: 'text/plain' };
    if (method !== 'GET') return errorAnswer('405', 'Method not allowed', 405);
    const limited = (who: string): boolean => (options.rateLimits ?? true) && overLimit(who, url.pathname, Date.now());
    if (PUBLIC_PATHS.has(url.pathname)) {
      return limited(req.socket.remoteAddress ?? 'ip') ? errorAnswer('50011', 'Too Many Requests', 429) : okAnswer([{ ts: String(clock()) }]);
    }
    const extra = options.extraRoutes?.[url.pathname];
    if (extra?.public === true) return okAnswer(extra.data);
    const refused = checkAuth(options, req, body);
    if (refused !== null) return refused;
    if (limited(header(req.headers, 'ok-access-key'))) return errorAnswer('50011', 'Too Many Requests', 429);
    return route(options, url.pathname, url.searchParams);
  }

  const { server, counts, scheme } = createTestServer((req: IncomingMessage, res: ServerResponse) => {
    const target = req.url ?? '/';
    const url = new URL(target, 'http://okx.invalid');
    const record: RecordedRequest = {
      at: Date.now(),
      method: req.method ?? '',
      target,
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      concurrent: inFlight,
      status: 0,
      code: '',
    };
    requests.push(record);
    inFlight++;
    // Answered, hung up on or reset: no longer in flight.
    res.on('close', () => inFlight--);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const fault = takeFault(url.pathname);
      const latency = options.latencyMs ?? 0;
      const transport = latency === 0 ? fault : { ...fault, delayMs: (fault?.delayMs ?? 0) + latency };
      let result: Answer;
      try {
        result = answer(req, Buffer.concat(chunks).toString('utf8'), fault);
      } catch (error) {
        result = { status: 500, code: '', body: `fake OKX server error: ${String(error)}`, contentType: 'text/plain' };
      }
      record.status = result.status;
      record.code = result.code;
      const delivery = { status: result.status, contentType: result.contentType, body: result.body, clock };
      deliver(req, res, delivery, transport).catch(() => res.destroy());
    });
  }, options.tls, createServer);

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    counts,
    requests,
    options,
    fail(fault) {
      faults.push(fault);
    },
    shiftClock(ms) {
      options.now = () => Date.now() + ms;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
