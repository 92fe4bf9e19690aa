// Proxies for the end-to-end tests, all on 127.0.0.1: the real tinyproxy
// (HTTP CONNECT, open or with basic auth) and microsocks (SOCKS5, open or with
// a user and password) from Debian packages, and two small ones of our own for
// what those cannot show — an https:// proxy (TLS to the proxy, then CONNECT)
// and a SOCKS5 proxy that alone knows the made-up host names of ./tls.ts, so a
// socks5h:// name is resolved by the proxy and a socks5:// one is not.
// Each records what it tunnelled, as its own log says it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MADE_UP_HOSTS, tlsIdentity, type TlsOption } from './tls.js';

export interface TestProxy {
  /** The proxy's URL without credentials, e.g. http://127.0.0.1:41234. */
  readonly url: string;
  readonly port: number;
  /** The proxy's URL with the credentials it wants, if any. */
  readonly authUrl: string;
  /** "host:port" of every tunnel it opened (from its log or its own record). */
  tunnels(): string[];
  close(): Promise<void>;
}

export interface ProxyCredentials {
  readonly user: string;
  readonly password: string;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resolves once something listens on the port (the Debian proxies say nothing when ready). */
async function listening(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const until = Date.now() + 5_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the proxy ended at start (exit ${child.exitCode}): ${output()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the proxy did not listen on ${port} within 5 s: ${output()}`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function withCredentials(url: string, credentials: ProxyCredentials | undefined): string {
  if (credentials === undefined) return url;
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(credentials.user);
  parsed.password = encodeURIComponent(credentials.password);
  return parsed.href.replace(/\/$/, '');
}

/** tinyproxy: CONNECT to any port (or only to `connectPorts`), basic auth when credentials are given. */
export async function startTinyproxy(options: { credentials?: ProxyCredentials; connectPorts?: readonly number[] } = {}): Promise<TestProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'balance-tinyproxy-'));
  const port = await freePort();
  const log = join(dir, 'tinyproxy.log');
  const lines = [
    `Port ${port}`,
    'Listen 127.0.0.1',
    'Timeout 60',
    `LogFile "${log}"`,
    'LogLevel Info',
    'MaxClients 50',
    'Allow 127.0.0.1',
    'DisableViaHeader Yes',
    // Without a ConnectPort line every port may be tunnelled to; with one, only those.
    ...(options.connectPorts ?? []).map((allowed) => `ConnectPort ${allowed}`),
    ...(options.credentials === undefined ? [] : [`BasicAuth ${options.credentials.user} ${options.credentials.password}`]),
  ];
  writeFileSync(join(dir, 'tinyproxy.conf'), `${lines.join('\n')}\n`);
  let output = '';
  const child = spawn('tinyproxy', ['-d', '-c', join(dir, 'tinyproxy.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await listening(port, child, () => output);
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    authUrl: withCredentials(url, options.credentials),
    tunnels: () => {
      let text = '';
      try {
        text = readFileSync(log, 'utf8');
      } catch {
        return [];
      }
      return [...text.matchAll(/Request \(file descriptor \d+\): CONNECT (\S+) HTTP/g)].map((match) => match[1]!);
    },
    close: () => stop(child),
  };
}

/** microsocks: SOCKS5, names resolved by the proxy when asked (socks5h), a user and password when given. */
export async function startMicrosocks(options: { credentials?: ProxyCredentials } = {}): Promise<TestProxy> {
  const port = await freePort();
  const auth = options.credentials === undefined ? [] : ['-u', options.credentials.user, '-P', options.credentials.password];
  let output = '';
  const child = spawn('microsocks', ['-i', '127.0.0.1', '-p', String(port), ...auth], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await listening(port, child, () => output);
  const url = `socks5h://127.0.0.1:${port}`;
  return {
    url,
    port,
    authUrl: withCredentials(url, options.credentials),
    // "client[4] 127.0.0.1: connected to 127.0.0.1:41234"
    tunnels: () => [...output.matchAll(/connected to (\S+)/g)].map((match) => match[1]!),
    close: () => stop(child),
  };
}

/** Joins two sockets both ways, and ends both when either ends. */
function pipeBoth(a: Socket, b: Socket): void {
  a.pipe(b);
  b.pipe(a);
  const end = (): void => {
    a.destroy();
    b.destroy();
  };
  a.on('error', end).on('close', end);
  b.on('error', end).on('close', end);
}

/**
 * An https:// proxy: TLS to the proxy (the test CA's certificate), then
 * CONNECT; basic auth when credentials are given (407 without them). Every
 * TLS handshake with the proxy itself is counted.
 */
export async function startHttpsProxy(options: { credentials?: ProxyCredentials; tls?: TlsOption } = {}): Promise<TestProxy & { handshakes(): number }> {
  const identity = tlsIdentity(options.tls ?? true)!;
  const tunnels: string[] = [];
  let handshakes = 0;
  const open = new Set<Socket>();
  const server = createHttpsServer({ cert: identity.cert, key: identity.key });
  server.on('secureConnection', () => handshakes++);
  server.on('connect', (req, client: Socket, head: Buffer) => {
    open.add(client);
    const expected = options.credentials === undefined ? undefined : `Basic ${Buffer.from(`${options.credentials.user}:${options.credentials.password}`).toString('base64')}`;
    if (expected !== undefined && req.headers['proxy-authorization'] !== expected) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const target = req.url ?? '';
    const [host, port] = [target.slice(0, target.lastIndexOf(':')).replace(/^\[|\]$/g, ''), Number(target.slice(target.lastIndexOf(':') + 1))];
    tunnels.push(target);
    const upstream = connect(port, host, () => {
      client.write('HTTP/1.1 200 Connection established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      pipeBoth(client, upstream);
    });
    open.add(upstream);
    upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `https://127.0.0.1:${port}`;
  return {
    url,
    port,
    authUrl: withCredentials(url, options.credentials),
    tunnels: () => [...tunnels],
    handshakes: () => handshakes,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A SOCKS5 proxy (no authentication) that resolves the made-up host names of
 * ./tls.ts (okx.test, longport.test) to 127.0.0.1 — names no DNS knows, so
 * only a client that hands the name to the proxy (socks5h://) gets through.
 * It connects to loopback addresses only, and answers "host unreachable" for
 * any other name; with `allowedPorts`, "not allowed by ruleset" for any other
 * port. `requests()` says how each target was asked for.
 */
export async function startNameResolvingSocks(options: { allowedPorts?: readonly number[] } = {}): Promise<TestProxy & { requests(): { kind: 'name' | 'ipv4' | 'ipv6'; host: string; port: number }[] }> {
  const requests: { kind: 'name' | 'ipv4' | 'ipv6'; host: string; port: number }[] = [];
  const open = new Set<Socket>();
  const server = createServer((client) => {
    open.add(client);
    client.on('error', () => client.destroy());
    let buffer = Buffer.alloc(0);
    let stage: 'greeting' | 'request' | 'done' = 'greeting';
    client.on('data', (chunk: Buffer) => {
      if (stage === 'done') return;
      buffer = Buffer.concat([buffer, chunk]);
      if (stage === 'greeting') {
        if (buffer.length < 2 || buffer.length < 2 + buffer[1]!) return;
        buffer = buffer.subarray(2 + buffer[1]!);
        client.write(Buffer.from([5, 0])); // version 5, no authentication
        stage = 'request';
      }
      if (stage === 'request') {
        if (buffer.length < 5) return;
        const type = buffer[3]!;
        const length = type === 1 ? 4 : type === 4 ? 16 : 1 + buffer[4]!;
        if (buffer.length < 4 + length + 2) return;
        const address = buffer.subarray(4, 4 + length);
        const port = buffer.readUInt16BE(4 + length);
        const rest = buffer.subarray(4 + length + 2);
        stage = 'done';
        const reply = (code: number): Buffer => Buffer.from([5, code, 0, 1, 0, 0, 0, 0, 0, 0]);
        let host: string;
        let kind: 'name' | 'ipv4' | 'ipv6';
        if (type === 1) [kind, host] = ['ipv4', [...address].join('.')];
        else if (type === 4) [kind, host] = ['ipv6', (address.toString('hex').match(/.{4}/g) ?? []).join(':')];
        else [kind, host] = ['name', address.subarray(1).toString('latin1')];
        requests.push({ kind, host, port });
        const resolved = kind === 'name' ? ((MADE_UP_HOSTS as readonly string[]).includes(host.toLowerCase()) ? '127.0.0.1' : null) : host;
        if (options.allowedPorts !== undefined && !options.allowedPorts.includes(port)) {
          client.end(reply(2)); // connection not allowed by ruleset
          return;
        }
        if (resolved === null || !/^127\./.test(resolved)) {
          client.end(reply(4)); // host unreachable
          return;
        }
        const upstream = connect(port, resolved, () => {
          client.write(reply(0));
          if (rest.length > 0) upstream.write(rest);
          pipeBoth(client, upstream);
        });
        open.add(upstream);
        upstream.on('error', () => client.end(reply(5)));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `socks5h://127.0.0.1:${port}`;
  return {
    url,
    port,
    authUrl: url,
    tunnels: () => requests.map((request) => `${request.host}:${request.port}`),
    requests: () => [...requests],
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
