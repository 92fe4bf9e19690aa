// TLS for the test servers: a certificate authority made at test time with the
// `openssl` command (nothing checked in, nothing that expires in the
// repository), and the certificates it signs. `balance` trusts the CA the way
// a user trusts a company CA: NODE_EXTRA_CA_CERTS. Also a self-signed
// certificate nothing trusts, one for another host name and an expired one,
// for the certificate-error tests. Made once per test process, in a temporary
// directory.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A certificate and its key, PEM. */
export interface TlsIdentity {
  readonly cert: string;
  readonly key: string;
}

export interface TestPki {
  /** The CA's certificate file: give it to `balance` in NODE_EXTRA_CA_CERTS. */
  readonly caFile: string;
  /** For 127.0.0.1, ::1, localhost and the made-up hosts okx.test and longport.test, signed by the CA. */
  readonly server: TlsIdentity;
  /** Signed by the CA, for another host name only (elsewhere.test). */
  readonly wrongHost: TlsIdentity;
  /** Signed by the CA, for the right names, expired yesterday. */
  readonly expired: TlsIdentity;
  /** For the right names, signed by itself: nothing trusts it. */
  readonly selfSigned: TlsIdentity;
}

/** The host names (besides 127.0.0.1, ::1 and localhost) the server certificate is for. */
export const MADE_UP_HOSTS = ['okx.test', 'longport.test'] as const;

const NAMES = `DNS:localhost,${MADE_UP_HOSTS.map((host) => `DNS:${host}`).join(',')},IP:127.0.0.1,IP:::1`;

let made: TestPki | undefined;

export function testPki(): TestPki {
  if (made !== undefined) return made;
  const dir = mkdtempSync(join(tmpdir(), 'balance-pki-'));
  const file = (name: string): string => join(dir, name);
  const openssl = (...args: string[]): void => void execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...newKey, '-keyout', file('ca.key'), '-out', file('ca.crt'), '-days', '2', '-subj', '/CN=balance test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');

  const signed = (name: string, altNames: string, days: string): TlsIdentity => {
    writeFileSync(file(`${name}.ext`), `subjectAltName=${altNames}\nextendedKeyUsage=serverAuth\n`);
    openssl('req', ...newKey, '-keyout', file(`${name}.key`), '-out', file(`${name}.csr`), '-subj', `/CN=${name}`);
    openssl('x509', '-req', '-in', file(`${name}.csr`), '-CA', file('ca.crt'), '-CAkey', file('ca.key'), '-CAcreateserial',
      '-out', file(`${name}.crt`), '-days', days, '-extfile', file(`${name}.ext`));
    return { cert: readFileSync(file(`${name}.crt`), 'utf8'), key: readFileSync(file(`${name}.key`), 'utf8') };
  };
  const server = signed('server', NAMES, '2');
  const wrongHost = signed('elsewhere', 'DNS:elsewhere.test', '2');
  // A negative validity: it ended a day before it began, so it has expired.
  const expired = signed('expired', NAMES, '-1');
  openssl('req', '-x509', ...newKey, '-keyout', file('self.key'), '-out', file('self.crt'), '-days', '2', '-subj', '/CN=127.0.0.1',
    '-addext', `subjectAltName=${NAMES}`);
  const selfSigned = { cert: readFileSync(file('self.crt'), 'utf8'), key: readFileSync(file('self.key'), 'utf8') };
  made = { caFile: file('ca.crt'), server, wrongHost, expired, selfSigned };
  return made;
}

/** Which certificate a test server presents: `true` is the CA-signed one. */
export type TlsOption = boolean | keyof Omit<TestPki, 'caFile'>;

/** The identity a TlsOption stands for, or null for plain HTTP. */
export function tlsIdentity(option: TlsOption | undefined): TlsIdentity | null {
  if (option === undefined || option === false) return null;
  const pki = testPki();
  return option === true ? pki.server : pki[option];
}

/** The environment that makes `balance` trust the test CA. */
export function trustTestCa(): Record<string, string> {
  return { NODE_EXTRA_CA_CERTS: testPki().caFile };
}

/** Counts what a server saw: TLS handshakes (new sessions) and TCP connections. */
export interface ConnectionCounts {
  handshakes: number;
  connections: number;
}

/**
 * An HTTP or HTTPS server for a request handler. Idle connections are kept
 * for a minute (as real API front ends do), so a client's keep-alive shows.
 */
export function createTestServer(
  handler: Parameters<typeof createHttpsServer>[1],
  tls: TlsOption | undefined,
  createPlain: (handler: Parameters<typeof createHttpsServer>[1]) => HttpServer,
): { server: HttpServer | HttpsServer; counts: ConnectionCounts; scheme: 'http' | 'https' } {
  const identity = tlsIdentity(tls);
  const counts: ConnectionCounts = { handshakes: 0, connections: 0 };
  const server = identity === null ? createPlain(handler) : createHttpsServer({ cert: identity.cert, key: identity.key }, handler);
  server.keepAliveTimeout = 60_000;
  server.on('connection', () => counts.connections++);
  // Every handshake counts, a resumed session's too: reuse means none at all.
  server.on('secureConnection', () => counts.handshakes++);
  return { server, counts, scheme: identity === null ? 'http' : 'https' };
}
