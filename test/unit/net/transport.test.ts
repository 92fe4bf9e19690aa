// One HTTP exchange over node:http (src/net/transport.ts) against a local
// server. The client's retries, deadlines and caps are tested through
// createHttpClient in http.test.ts; here, what the transport itself does.
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { BodyTooLarge, exchange } from '../../../src/net/transport.js';

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
  return { url: new URL(`http://127.0.0.1:${(server!.address() as AddressInfo).port}/base/v1/thing?a=1,2`), seen };
}

const get = { method: 'GET', headers: { 'X-Test': 'yes' } };

describe('exchange', () => {
  it('sends the path, query and headers as given and returns status, headers and body', async () => {
    const { url, seen } = await serve((res) => {
      res.writeHead(418, { 'content-type': 'application/json', 'x-answer': 'here' });
      res.end('{"a":1.10}');
    });
    const response = await exchange(url, get);
    expect(response).toMatchObject({ status: 418, body: '{"a":1.10}' });
    expect(response.headers.get('X-Answer')).toBe('here');
    expect(response.headers.get('missing')).toBeNull();
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/base/v1/thing?a=1,2', headers: { 'x-test': 'yes' } });
  });

  it('sends a body with its length in bytes', async () => {
    const { url, seen } = await serve((res) => res.end('{}'));
    await exchange(url, { method: 'POST', headers: {}, body: '{"ü":1}' });
    expect(seen[0]).toMatchObject({ method: 'POST', body: '{"ü":1}', headers: { 'content-length': '8' } });
  });

  it('does not follow a redirect: the answer is the redirect itself', async () => {
    const { url, seen } = await serve((res) => {
      res.writeHead(302, { location: 'https://elsewhere.example/' });
      res.end();
    });
    const response = await exchange(url, get);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('https://elsewhere.example/');
    expect(seen).toHaveLength(1);
  });

  it('ends with the reason of an abort signal, before the answer or while the body is coming', async () => {
    const { url } = await serve((res, seen) => {
      if (seen.url.includes('partial')) {
        res.writeHead(200);
        res.write('{"partial":');
      }
    });
    for (const target of [url, new URL('partial', url)]) {
      const controller = new AbortController();
      const attempt = exchange(target, { ...get, signal: controller.signal });
      setTimeout(() => controller.abort(new Error('time is up')), 100);
      await expect(attempt, target.pathname).rejects.toThrow('time is up');
    }
  });

  it('fails with the socket error code when nothing listens', async () => {
    const { url } = await serve(() => undefined);
    server!.closeAllConnections();
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    await expect(exchange(url, get)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('reads a gzip body a server sends unasked, and drops a byte-order mark', async () => {
    const { url } = await serve((res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' });
      res.end(gzipSync(Buffer.from('\uFEFF{"amount":"1.50"}', 'utf8')));
    });
    expect((await exchange(url, get)).body).toBe('{"amount":"1.50"}');
  });

  it('refuses a body over the cap, a compressed one by its inflated size too', async () => {
    const big = '7'.repeat(64 * 1024);
    const { url } = await serve((res, seen) => {
      if (seen.url.includes('gzip')) {
        res.writeHead(200, { 'content-encoding': 'gzip' });
        res.end(gzipSync(Buffer.from(big)));
      } else {
        res.writeHead(200); // chunked: the size shows only while reading
        res.end(big);
      }
    });
    await expect(exchange(url, { ...get, maxBodyBytes: 1024 })).rejects.toBeInstanceOf(BodyTooLarge);
    const gzip = new URL('gzip', url);
    await expect(exchange(gzip, { ...get, maxBodyBytes: 4096 })).rejects.toBeInstanceOf(BodyTooLarge);
    expect((await exchange(gzip, { ...get, maxBodyBytes: big.length })).body).toBe(big);
  });
});
