// A provider-neutral server for tests of the HTTP client: each request gets
// the next scripted answer (status, body, headers) delivered with the next
// scripted transport fault; when the script runs out, 200 `{"ok":true}`.
// Over HTTPS with the test-only self-signed certificate when asked.
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { deliver, type TransportFault } from './faults.js';

export interface ScriptedAnswer extends TransportFault {
  readonly status?: number;
  readonly body?: string;
  readonly contentType?: string;
}

export interface ScriptedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  /** Arrival time (real clock, ms). */
  readonly at: number;
}

export interface ScriptedServer {
  readonly url: string;
  readonly requests: ScriptedRequest[];
  script(...answers: ScriptedAnswer[]): void;
  close(): Promise<void>;
}

const TLS_DIR = join(import.meta.dirname, '../fixtures/tls');

export async function startScriptedServer(options: { tls?: boolean; clockOffsetMs?: number } = {}): Promise<ScriptedServer> {
  const answers: ScriptedAnswer[] = [];
  const requests: ScriptedRequest[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, at: Date.now() });
    req.resume();
    req.on('end', () => {
      const answer = answers.shift() ?? {};
      const delivery = {
        status: answer.status ?? 200,
        contentType: answer.contentType ?? 'application/json',
        body: answer.body ?? '{"ok":true}',
        clock: () => Date.now() + (options.clockOffsetMs ?? 0),
      };
      deliver(req, res, delivery, answer).catch(() => res.destroy());
    });
  };
  const server =
    options.tls === true
      ? createHttpsServer({ key: readFileSync(join(TLS_DIR, 'self-signed.key')), cert: readFileSync(join(TLS_DIR, 'self-signed.crt')) }, handler)
      : createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls === true ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    script: (...more) => void answers.push(...more),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
