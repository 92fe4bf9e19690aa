// The real-world shape of a query for rows 7: a relay on 127.0.0.1 that a
// client reaches over TLS, as it reaches a provider, with a fixed delay in
// each direction, and that forwards the decrypted requests to one of the
// end-to-end tests' plain-HTTP servers. It counts the TCP connections and TLS
// handshakes each client made.
//
// The delay: every byte is held half the round trip on its way in and half on
// its way out. A TCP handshake happens in the kernel, where a relay cannot
// hold it, so a new connection's first bytes are held one round trip more:
// a client cannot send before its connection is up, one round trip after it
// asked. TCP + TLS 1.3 + one request thus cost three round trips, as over a
// network.
//
// The certificates are made when the bench starts, with the openssl command:
// a certificate authority of its own, which the clients trust through
// NODE_EXTRA_CA_CERTS (Node reads that file at start, so both sides of a
// comparison pay for it alike), and a certificate for 127.0.0.1 it signed.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect as connectTcp, createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';

export interface Certificates {
  /** The authority's certificate file, for NODE_EXTRA_CA_CERTS. */
  readonly caFile: string;
  readonly key: string;
  readonly cert: string;
}

/** A certificate authority and a certificate for 127.0.0.1 it signed, in `dir`. Throws when openssl fails. */
export function makeCertificates(dir: string): Certificates {
  const file = (name: string): string => join(dir, name);
  const openssl = (...args: string[]): void => void execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.crt'), '-subj', '/CN=balance bench CA', '-days', '2');
  openssl('req', ...ec, '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=127.0.0.1');
  writeFileSync(file('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n');
  openssl('x509', '-req', '-in', file('server.csr'), '-CA', file('ca.crt'), '-CAkey', file('ca.key'), '-CAcreateserial', '-out', file('server.crt'), '-days', '2', '-extfile', file('server.ext'));
  return { caFile: file('ca.crt'), key: readFileSync(file('server.key'), 'utf8'), cert: readFileSync(file('server.crt'), 'utf8') };
}

export interface RelayCounts {
  readonly tcp: number;
  readonly tls: number;
  /** Handshakes that resumed an earlier TLS session. */
  readonly resumed: number;
}

export interface Relay {
  /** https://127.0.0.1:PORT */
  readonly url: string;
  counts(): RelayCounts;
  close(): Promise<void>;
}

/** Starts a relay to `target` (http://127.0.0.1:PORT) with `rttMs` per round trip. */
export async function startRelay(target: string, certificates: Certificates, rttMs: number): Promise<Relay> {
  const counts = { tcp: 0, tls: 0, resumed: 0 };
  const sockets = new Set<Socket>();
  const track = (socket: Socket): void => {
    // No Nagle: a small write held for an ACK that is itself delayed would add
    // tens of milliseconds the round-trip time does not account for.
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  const targetUrl = new URL(target);

  // Inside: TLS ends here, and the plain bytes go on to the test server at once.
  const tls = createTlsServer({ key: certificates.key, cert: certificates.cert }, (secure: TLSSocket) => {
    counts.tls++;
    if (secure.isSessionReused()) counts.resumed++;
    const plain = connectTcp(Number(targetUrl.port), targetUrl.hostname);
    track(secure);
    track(plain);
    secure.pipe(plain).on('error', () => secure.destroy());
    plain.pipe(secure).on('error', () => plain.destroy());
    secure.on('error', () => plain.destroy());
    plain.on('error', () => secure.destroy());
  });
  await listen(tls);

  // Outside: the clients' connections, held up in each direction.
  const outside = createTcpServer((client) => {
    counts.tcp++;
    const inner = connectTcp((tls.address() as AddressInfo).port, '127.0.0.1');
    track(client);
    track(inner);
    delayed(client, inner, rttMs / 2, rttMs);
    delayed(inner, client, rttMs / 2, 0);
  });
  await listen(outside);

  return {
    url: `https://127.0.0.1:${(outside.address() as AddressInfo).port}`,
    counts: () => ({ ...counts }),
    async close() {
      for (const socket of sockets) socket.destroy();
      await Promise.all([outside, tls].map((server) => new Promise((resolve) => server.close(resolve))));
    },
  };
}

/** Copies `from` to `to`, each chunk `delayMs` later, in order; the first `firstExtraMs` more. */
function delayed(from: Socket, to: Socket, delayMs: number, firstExtraMs: number): void {
  let last = 0;
  let first = true;
  const later = (action: () => void): void => {
    const at = Math.max(Date.now() + delayMs + (first ? firstExtraMs : 0), last);
    first = false;
    last = at;
    setTimeout(action, at - Date.now());
  };
  from.on('data', (chunk: Buffer) => later(() => to.destroyed || to.write(chunk)));
  from.on('end', () => later(() => to.end()));
  from.on('error', () => later(() => to.destroy()));
  from.on('close', () => later(() => to.end()));
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
}
