// The HTTP client against a scripted local server: retries and what is never
// retried, Retry-After, time limits, the body cap, redirects, cancellation,
// rate limits and TLS.
import { afterEach, describe, expect, it } from 'vitest';
import { startDeadline, type Deadline } from '../../../src/net/deadline.js';
import { BalanceError } from '../../../src/base/errors.js';
import { attemptLimitWithin, createHttpClient, type HttpClientOptions, type HttpRequest, type HttpResponse } from '../../../src/net/http.js';
import { RateLimiter } from '../../../src/net/rate-limit.js';
import { isRetryableStatus } from '../../../src/net/retry.js';
import { startScriptedServer, type ScriptedServer } from '../../servers/scripted.js';

const servers: ScriptedServer[] = [];
const deadlines: Deadline[] = [];
afterEach(async () => {
  deadlines.splice(0).forEach((deadline) => deadline.dispose());
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(options: { tls?: boolean } = {}): Promise<ScriptedServer> {
  const server = await startScriptedServer(options);
  servers.push(server);
  return server;
}

function deadline(ms: number): Deadline {
  const made = startDeadline(ms);
  deadlines.push(made);
  return made;
}

/** Quick, predictable backoff: these tests are about behaviour, not patience. */
const QUICK: HttpClientOptions = { retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 40 }, random: () => 0 };

let headerCalls = 0;
function get(server: ScriptedServer, extra: Partial<HttpRequest> = {}): HttpRequest {
  return {
    provider: 'Test',
    method: 'GET',
    baseUrl: new URL(server.url),
    path: '/thing',
    query: '',
    headers: () => {
      headerCalls++;
      return { 'X-Attempt': String(headerCalls) };
    },
    ...extra,
  };
}

/** Reads like a provider: 2xx is data, 429/5xx a retryable error, anything else a plain one. */
function read(response: HttpResponse): string {
  if (response.status < 300) return response.body;
  throw new BalanceError('provider', `Test answered HTTP ${response.status}.`, { status: response.status, retryable: isRetryableStatus(response.status) });
}

async function failure(promise: Promise<unknown>): Promise<BalanceError> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (error instanceof BalanceError) return error;
  throw new Error(`expected a BalanceError, got ${String(error)}`);
}

describe('retries', () => {
  it('repeats a GET after a 503, building the headers afresh for each attempt', async () => {
    const server = await serve();
    server.script({ status: 503, body: '' });
    headerCalls = 0;
    expect(await createHttpClient(QUICK).send(get(server), read)).toBe('{"ok":true}');
    expect(server.requests.map((request) => request.headers['x-attempt'])).toEqual(['1', '2']);
  });

  it('gives up after the last attempt, saying how many were made', async () => {
    const server = await serve();
    server.script({ status: 502 }, { status: 502 }, { status: 502 }, { status: 502 });
    const error = await failure(createHttpClient(QUICK).send(get(server), read));
    expect(error.message).toBe('Test answered HTTP 502.');
    expect(error.hint).toContain('3 attempts');
    expect(server.requests).toHaveLength(3);
  });

  it('never repeats an error that is not retryable (a rejected key, a bad request)', async () => {
    const server = await serve();
    server.script({ status: 401 }, { status: 401 });
    await failure(createHttpClient(QUICK).send(get(server), read));
    expect(server.requests).toHaveLength(1);
  });

  it('never repeats a POST, whatever the failure', async () => {
    const server = await serve();
    server.script({ status: 503 }, { status: 503 });
    await failure(createHttpClient(QUICK).send(get(server, { method: 'POST', body: '{}' }), read));
    expect(server.requests).toHaveLength(1);
  });

  it('repeats a request whose connection was reset, and a closed one', async () => {
    const server = await serve();
    server.script({ reset: true }, { hangUp: true });
    expect(await createHttpClient(QUICK).send(get(server), read)).toBe('{"ok":true}');
    expect(server.requests).toHaveLength(3);
  });

  it('names the provider and the host when the network keeps failing', async () => {
    const server = await serve();
    server.script({ reset: true }, { reset: true }, { reset: true });
    const error = await failure(createHttpClient(QUICK).send(get(server), read));
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(/^127\.0\.0\.1:\d+ closed the connection before Test answered\. \(ECONNRESET\)$/);
    expect(error.exitCode).toBe(1);
  });
});

describe('Retry-After', () => {
  it('waits the seconds a 429 asks for', async () => {
    const server = await serve();
    server.script({ status: 429, headers: { 'Retry-After': '1' } });
    await createHttpClient(QUICK).send(get(server), read);
    const [first, second] = server.requests;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
  });

  it('waits until the HTTP date a 503 names', async () => {
    const server = await serve();
    // Whole seconds: at least one, at most two from now.
    const at = new Date(Math.ceil(Date.now() / 1000) * 1000 + 1000);
    server.script({ status: 503, headers: { 'Retry-After': at.toUTCString() } });
    await createHttpClient(QUICK).send(get(server), read);
    expect(server.requests[1]!.at).toBeGreaterThanOrEqual(at.getTime() - 50);
  });

  it('gives up at once when the wait would pass the deadline, and says so', async () => {
    const server = await serve();
    server.script({ status: 503, headers: { 'Retry-After': '30' } });
    const started = Date.now();
    const error = await failure(createHttpClient({ ...QUICK, deadline: deadline(5_000) }).send(get(server), read));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(error.hint).toBe('Test asked to retry after 30 s, beyond the time limit; try again later, or allow more time with --timeout.');
    expect(server.requests).toHaveLength(1);
  });
});

describe('time limits', () => {
  it('ends an attempt that hangs after the request timeout, and tries again', async () => {
    const server = await serve();
    server.script({ hang: true });
    const started = Date.now();
    expect(await createHttpClient({ ...QUICK, requestTimeoutMs: 300 }).send(get(server), read)).toBe('{"ok":true}');
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(server.requests).toHaveLength(2);
  });

  it('ends everything at the deadline, naming the provider and the limit', async () => {
    const server = await serve();
    server.script({ hang: true }, { hang: true }, { hang: true });
    const started = Date.now();
    const error = await failure(createHttpClient({ ...QUICK, deadline: deadline(800) }).send(get(server), read));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(750);
    expect(elapsed).toBeLessThan(2_000);
    expect(error.message).toMatch(/^Test did not answer within the 0\.8 s time limit \(127\.0\.0\.1:\d+\)\.$/);
    expect(error.hint).toContain('--timeout');
  });

  it('counts the body: a server that dribbles it forever is cut off', async () => {
    const server = await serve();
    server.script({ dribbleMs: 50 }, { dribbleMs: 50 }, { dribbleMs: 50 });
    const started = Date.now();
    const error = await failure(createHttpClient({ ...QUICK, deadline: deadline(700) }).send(get(server), read));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error.kind).toBe('network');
    expect(error.message).toContain('did not answer within');
  });

  it('gives an attempt all the time left but what one more try needs; the last try gets all of it', () => {
    expect(attemptLimitWithin(15_000, 15_000, false)).toBe(12_000);
    expect(attemptLimitWithin(60_000, 60_000, false)).toBe(57_000);
    expect(attemptLimitWithin(5_000, 5_000, false)).toBe(4_000);
    expect(attemptLimitWithin(5_000, 1_500, false)).toBe(Number.POSITIVE_INFINITY);
    expect(attemptLimitWithin(60_000, 60_000, true)).toBe(Number.POSITIVE_INFINITY);
  });

  it('lets a slow server use most of the deadline: an answer after 1.8 s under a 3 s limit', async () => {
    const server = await serve();
    server.script({ delayMs: 1_800 });
    expect(await createHttpClient({ ...QUICK, deadline: deadline(3_000) }).send(get(server), read)).toBe('{"ok":true}');
    expect(server.requests).toHaveLength(1);
  });
});

describe('what is read', () => {
  it('refuses a body over the cap while streaming it', async () => {
    const server = await serve();
    server.script({ hugeBytes: 5_000 });
    const error = await failure(createHttpClient({ ...QUICK, maxBodyBytes: 4_096 }).send(get(server), read));
    expect(error.kind).toBe('response');
    expect(error.message).toMatch(/^Test sent an answer larger than [\d.]+ MB; it was not read\.$/);
  });

  it('refuses a declared Content-Length over the cap before reading', async () => {
    const server = await serve();
    server.script({ hugeBytes: 50 * 1024 * 1024, declareLength: true });
    const started = Date.now();
    const error = await failure(createHttpClient(QUICK).send(get(server), read));
    expect(error.message).toBe('Test sent an answer larger than 10 MB; it was not read.');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('reads a body right at the cap', async () => {
    const server = await serve();
    server.script({ hugeBytes: 4_096 });
    expect(await createHttpClient({ ...QUICK, maxBodyBytes: 4_096 }).send(get(server), read)).toHaveLength(4_096);
  });

  it('never follows a redirect, to another host or its own', async () => {
    const server = await serve();
    const elsewhere = await serve();
    server.script({ status: 302, headers: { Location: `${elsewhere.url}/thing` } });
    const error = await failure(createHttpClient(QUICK).send(get(server), read));
    expect(error.message).toBe(`Test redirected the request to ${elsewhere.url}/thing; redirects are not followed.`);
    expect(elsewhere.requests).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });
});

describe('cancellation', () => {
  it('ends a request at once when its signal aborts, without retrying', async () => {
    const server = await serve();
    server.script({ hang: true });
    const cancel = new AbortController();
    setTimeout(() => cancel.abort(), 100);
    const started = Date.now();
    const error = await failure(createHttpClient(QUICK).send(get(server, { signal: cancel.signal }), read));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(error.message).toBe('The request to Test was cancelled.');
    expect(server.requests).toHaveLength(1);
  });
});

describe('rate limits', () => {
  it('spaces requests under one key to the rule, shared by every client given the limiter', async () => {
    const server = await serve();
    const limiter = new RateLimiter();
    const rateLimit = { key: 'test thing', rule: { limit: 2, windowMs: 400 } };
    const first = createHttpClient({ ...QUICK, limiter });
    const second = createHttpClient({ ...QUICK, limiter });
    await Promise.all([
      first.send(get(server, { rateLimit }), read),
      second.send(get(server, { rateLimit }), read),
      first.send(get(server, { rateLimit }), read),
    ]);
    const times = server.requests.map((request) => request.at).sort((a, b) => a - b);
    expect(times[2]! - times[0]!).toBeGreaterThanOrEqual(400);
  });
});

describe('TLS', () => {
  it('refuses a certificate it cannot verify, and does not try again', async () => {
    const server = await serve({ tls: true });
    const error = await failure(createHttpClient(QUICK).send(get(server), read));
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(/^The TLS certificate of 127\.0\.0\.1:\d+ is self-signed, so nothing vouches for it; nothing was sent to Test\. \(DEPTH_ZERO_SELF_SIGNED_CERT\)$/);
    expect(error.retryable).toBe(false);
    expect(error.hint).toContain('NODE_EXTRA_CA_CERTS');
    // The handshake failed, so no request reached the server.
    expect(server.requests).toEqual([]);
  });

  it('will not send anything over https while NODE_TLS_REJECT_UNAUTHORIZED=0', async () => {
    const server = await serve({ tls: true });
    const saved = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    try {
      const error = await failure(createHttpClient(QUICK).send(get(server), read));
      expect(error.kind).toBe('usage');
      expect(error.exitCode).toBe(2);
      expect(error.message).toContain('NODE_TLS_REJECT_UNAUTHORIZED=0');
    } finally {
      if (saved === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = saved;
    }
    expect(server.requests).toEqual([]);
  });
});
