// The HTTP client over node:http against a local server: what a user would
// notice of the transport — the answer as sent, redirects refused, a server
// that does not answer, a compressed or BOM-prefixed body.
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { BalanceError } from '../../../src/core/errors.js';
import { createHttpClient, type HttpRequest } from '../../../src/core/http.js';
import { BodyTooLarge, exchange } from '../../../src/core/transport.js';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

async function serve(answer: (res: ServerResponse, seen: Seen) => void): Promise<{ url: URL; seen: Seen[] }> {
  const seen: Seen[] = [];
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const entry = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(entry);
      answer(res, entry);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: new URL(`http://127.0.0.1:${(server!.address() as AddressInfo).port}/base`), seen };
}

const request = (baseUrl: URL, extra: Partial<HttpRequest> = {}): HttpRequest => ({
  provider: 'Test',
  method: 'GET',
  baseUrl,
  path: '/v1/thing',
  query: 'a=1,2',
  headers: () => ({ 'X-Test': 'yes' }),
  ...extra,
});

async function failure(promise: Promise<unknown>): Promise<BalanceError> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (error instanceof BalanceError) return error;
  throw new Error(`expected a BalanceError, got ${String(error)}`);
}

describe('createHttpClient', () => {
  it('sends the path, query and headers as given and returns status, headers and body', async () => {
    const { url, seen } = await serve((res) => {
      res.writeHead(418, { 'content-type': 'application/json', 'x-answer': 'here' });
      res.end('{"a":1.10}');
    });
    const response = await createHttpClient({ timeoutMs: 5000 }).send(request(url));
    expect(response).toMatchObject({ status: 418, body: '{"a":1.10}' });
    expect(response.headers.get('X-Answer')).toBe('here');
    expect(response.headers.get('missing')).toBeNull();
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/base/v1/thing?a=1,2', headers: { 'x-test': 'yes' } });
  });

  it('sends a body with its length', async () => {
    const { url, seen } = await serve((res) => res.end('{}'));
    await createHttpClient({ timeoutMs: 5000 }).send(request(url, { method: 'POST', body: '{"ü":1}' }));
    expect(seen[0]).toMatchObject({ method: 'POST', body: '{"ü":1}', headers: { 'content-length': '8' } });
  });

  it('refuses to follow a redirect and names where it pointed', async () => {
    const { url, seen } = await serve((res) => {
      res.writeHead(302, { location: 'https://elsewhere.example/' });
      res.end();
    });
    const error = await failure(createHttpClient({ timeoutMs: 5000 }).send(request(url)));
    expect(error).toMatchObject({ kind: 'response', message: 'Test redirected the request to https://elsewhere.example/; redirects are not followed.' });
    expect(seen).toHaveLength(1);
  });

  it('gives up on a server that does not answer within the timeout', async () => {
    const { url } = await serve(() => {
      // never answers
    });
    const error = await failure(createHttpClient({ timeoutMs: 300 }).send(request(url)));
    expect(error).toMatchObject({ kind: 'network', retryable: true, message: `Test did not answer within 0.3 s (${url.host}).` });
  });

  it('gives up on an answer whose body stops coming', async () => {
    const { url } = await serve((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"partial":');
    });
    const error = await failure(createHttpClient({ timeoutMs: 300 }).send(request(url)));
    expect(error.message).toBe(`Test did not answer within 0.3 s (${url.host}).`);
  });

  it('names the failure when nothing listens', async () => {
    const { url } = await serve(() => undefined);
    server!.closeAllConnections();
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    const error = await failure(createHttpClient({ timeoutMs: 5000 }).send(request(url)));
    expect(error).toMatchObject({ kind: 'network', message: `Could not reach Test at ${url.host}: ECONNREFUSED.` });
  });

  it('reads a gzip body a server sends unasked, and drops a byte-order mark', async () => {
    const { url } = await serve((res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' });
      res.end(gzipSync(Buffer.from('\uFEFF{"amount":"1.50"}', 'utf8')));
    });
    const response = await createHttpClient({ timeoutMs: 5000 }).send(request(url));
    expect(response.body).toBe('{"amount":"1.50"}');
  });
});

describe('exchange', () => {
  const big = 'x'.repeat(64 * 1024);

  it('refuses a body larger than the cap, whether or not its length is declared', async () => {
    const { url } = await serve((res, seen) => {
      if (seen.url.endsWith('declared')) res.writeHead(200, { 'content-length': String(big.length) });
      else res.writeHead(200); // chunked: the size shows only while reading
      res.end(big);
    });
    for (const path of ['declared', 'chunked']) {
      const attempt = exchange(new URL(path, url), { method: 'GET', headers: {}, maxBodyBytes: 1024 });
      await expect(attempt, path).rejects.toBeInstanceOf(BodyTooLarge);
    }
    const within = await exchange(new URL('chunked', url), { method: 'GET', headers: {}, maxBodyBytes: big.length });
    expect(within.body).toHaveLength(big.length);
  });

  it('ends with the reason of an abort signal, also while the body is coming', async () => {
    const { url } = await serve((res) => {
      res.writeHead(200);
      res.write('{"partial":');
    });
    const controller = new AbortController();
    const attempt = exchange(url, { method: 'GET', headers: {}, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stopped by the caller')), 100);
    await expect(attempt).rejects.toThrow('stopped by the caller');
  });
});
