// A provider-neutral server for tests of the HTTP client: each request gets
// the next scripted answer (status, body, headers) delivered with the next
// scripted transport fault; when the script runs out, 200 `{"ok":true}`.
// Over HTTPS with a certificate of ./tls.ts when asked (`tls: true` is the
// self-signed one nothing trusts).
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deliver, type TransportFault } from './faults.js';
import { createTestServer, type TlsOption } from './tls.js';

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

export async function startScriptedServer(options: { tls?: TlsOption; clockOffsetMs?: number } = {}): Promise<ScriptedServer> {
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
  const { server, scheme } = createTestServer(handler, options.tls === true ? 'selfSigned' : options.tls, createHttpServer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    requests,
    script: (...more) => void answers.push(...more),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
