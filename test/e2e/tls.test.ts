// HTTPS end to end, the way every real run goes: the fake provider servers
// serve TLS with a certificate from a CA made at test time (test/servers/tls.ts),
// which the binary trusts through NODE_EXTRA_CA_CERTS like a company CA.
// Each provider, --all-profiles, check, auth login and --watch over TLS;
// certificates that must be refused; network failures in words; IPv6; and
// connections kept alive between --watch refreshes (the server counts handshakes).
import { mkdtempSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startLongportServer, type LongportServer } from '../servers/longport.js';
import { okxTestEnv, startOkxServer, type OkxServer, type OkxServerOptions } from '../servers/okx.js';
import { trustTestCa, type TlsOption } from '../servers/tls.js';
import { LONGPORT_KEY, OKX_KEY } from '../secrets.js';
import { closeAfterEach } from './cleanup.js';
import { runBalance } from './harness.js';
import { streamBalance, type StreamingRun } from './stream.js';

const closeLater = closeAfterEach();

async function okx(options: OkxServerOptions = {}): Promise<OkxServer> {
  const server = await startOkxServer({ tls: true, ...options });
  closeLater(() => server.close());
  return server;
}

async function longport(tls: TlsOption = true): Promise<LongportServer> {
  const server = await startLongportServer({ credentials: [LONGPORT_KEY], tls });
  closeLater(() => server.close());
  return server;
}

const longportEnv = (prefix: 'LONGPORT_' | 'LONGBRIDGE_', server: LongportServer): Record<string, string> => ({
  [`${prefix}APP_KEY`]: LONGPORT_KEY.appKey,
  [`${prefix}APP_SECRET`]: LONGPORT_KEY.appSecret,
  [`${prefix}ACCESS_TOKEN`]: LONGPORT_KEY.accessToken,
  [`${prefix}HTTP_URL`]: server.url,
});

const trusted = (env: Record<string, string>): Record<string, string> => ({ ...env, ...trustTestCa() });

function watching(args: string[], env: Record<string, string>): StreamingRun {
  const run = streamBalance(args, env);
  closeLater(async () => {
    run.child.kill('SIGKILL');
    await run.exited();
  });
  return run;
}

describe('every provider over HTTPS, trusting the test CA like a company CA', () => {
  it('OKX: show --json', async () => {
    const server = await okx();
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const result = await runBalance(['show', '--provider', 'okx', '--json'], { env: trusted(okxTestEnv(server)) });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(document.balances[0].provider).toBe('okx');
    expect(server.counts.handshakes).toBeGreaterThanOrEqual(1);
    // The signature checks passed: every request was answered with OKX code 0.
    expect(server.requests.every((request) => request.code === '0')).toBe(true);
  });

  it.each(['LONGPORT_', 'LONGBRIDGE_'] as const)('%s: show --json', async (prefix) => {
    const server = await longport();
    const provider = prefix === 'LONGPORT_' ? 'longport' : 'longbridge';
    const result = await runBalance(['show', '--provider', provider, '--json'], { env: trusted(longportEnv(prefix, server)) });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).balances[0].provider).toBe(provider);
    expect(server.requests.map((request) => request.status)).toEqual([200]);
    expect(server.counts.handshakes).toBe(1);
  });

  it('auth login checks over TLS, then --all-profiles and check read both accounts', async () => {
    const [okxServer, longportServer] = [await okx(), await longport()];
    const root = mkdtempSync(join(tmpdir(), 'balance-tls-'));
    const home = { HOME: root, BALANCE_CONFIG_DIR: join(root, 'config'), XDG_CONFIG_HOME: join(root, '.config'), ...trustTestCa() };
    const okxLogin = await runBalance(['auth', 'login', '--provider', 'okx', '--profile', 'main', '--with-stdin', '--base-url', okxServer.url], {
      env: home,
      input: `${OKX_KEY.apiKey}\n${OKX_KEY.apiSecret}\n${OKX_KEY.passphrase}\n`,
    });
    expect(okxLogin.stderr).toContain('Saved profile main (okx)');
    expect(okxLogin.code).toBe(0);
    const longportLogin = await runBalance(['auth', 'login', '--provider', 'longport', '--profile', 'hk', '--with-stdin', '--base-url', longportServer.url], {
      env: home,
      input: `${LONGPORT_KEY.appKey}\n${LONGPORT_KEY.appSecret}\n${LONGPORT_KEY.accessToken}\n`,
    });
    expect(longportLogin.code).toBe(0);

    const all = await runBalance(['show', '--all-profiles', '--json'], { env: home });
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout).balances.map((set: { profile: string }) => set.profile).sort()).toEqual(['hk', 'main']);

    const check = await runBalance(['check', '--all-profiles', '--max-risk', 'danger', '--json'], { env: home });
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout).verdict).toBe('ok');
  });
});

describe('connections are kept alive between --watch refreshes', () => {
  it('OKX: five refreshes, at most two TLS handshakes (its two requests at once)', async () => {
    const server = await okx();
    const run = watching(['show', '--provider', 'okx', '--watch', '1'], trusted(okxTestEnv(server)));
    for (let refresh = 0; refresh < 5; refresh++) expect(JSON.parse(await run.nextLine()).errors).toEqual([]);
    expect(server.requests.length).toBeGreaterThanOrEqual(10);
    expect(server.counts.handshakes).toBeLessThanOrEqual(2);
    expect(server.counts.handshakes).toBeGreaterThanOrEqual(1);
  });

  it('Longport: five refreshes, one TLS handshake', async () => {
    const server = await longport();
    const run = watching(['show', '--provider', 'longport', '--watch', '2'], trusted(longportEnv('LONGPORT_', server)));
    for (let refresh = 0; refresh < 5; refresh++) expect(JSON.parse(await run.nextLine()).errors).toEqual([]);
    expect(server.requests).toHaveLength(5);
    expect(server.counts.handshakes).toBe(1);
  });

  it('a one-shot show exits as soon as it is done: a kept-alive connection does not hold it open', async () => {
    // The server would keep an idle connection for a minute.
    const server = await okx();
    // Held open, it would run until the harness kills it (SIGKILL after 20 s), far beyond 10 s.
    const result = await runBalance(['show', '--provider', 'okx'], { env: trusted(okxTestEnv(server)) });
    expect(result.signal).toBeNull();
    expect(result.code).toBe(0);
    expect(result.ms).toBeLessThan(10_000);
  });
});

describe('certificates balance must refuse: exit 1 at once, no retry, no request sent', () => {
  const cases: { tls: TlsOption; words: RegExp; hint: RegExp }[] = [
    { tls: 'selfSigned', words: /is self-signed, so nothing vouches for it; nothing was sent to OKX\. \(DEPTH_ZERO_SELF_SIGNED_CERT\)/, hint: /NODE_EXTRA_CA_CERTS/ },
    { tls: 'wrongHost', words: /is for another host name \(DNS:elsewhere\.test\); nothing was sent to OKX\. \(ERR_TLS_CERT_ALTNAME_INVALID\)/, hint: /Check the base URL/ },
    { tls: 'expired', words: /has expired; nothing was sent to OKX\. \(CERT_HAS_EXPIRED\)/, hint: /date and time/ },
  ];
  it.each(cases)('$tls', async ({ tls, words, hint }) => {
    const server = await okx({ tls });
    const result = await runBalance(['show', '--provider', 'okx'], { env: trusted(okxTestEnv(server)) });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const [message, advice, ...rest] = result.stderr.trimEnd().split('\n');
    expect(message).toMatch(new RegExp(`^balance: The TLS certificate of 127\\.0\\.0\\.1:${server.port} ${words.source}$`));
    expect(advice).toMatch(hint);
    expect(rest).toEqual([]);
    // One handshake per request OKX's client makes at once, none repeated; the server saw no HTTP request.
    expect(server.counts.handshakes).toBeLessThanOrEqual(2);
    expect(server.requests).toEqual([]);
    // No retry, no backoff: well within the "second or two" even on a loaded machine.
    expect(result.ms).toBeLessThan(5_000);
  });

  it('without NODE_EXTRA_CA_CERTS, the test CA’s certificate is not trusted either', async () => {
    const server = await okx();
    const result = await runBalance(['show', '--provider', 'okx'], { env: okxTestEnv(server) });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/is issued by a certificate authority this computer does not trust; nothing was sent to OKX\. \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/);
    expect(server.requests).toEqual([]);
  });

  it('NODE_TLS_REJECT_UNAUTHORIZED=0 is refused before anything is sent: exit 2', async () => {
    const server = await okx({ tls: 'selfSigned' });
    const result = await runBalance(['show', '--provider', 'okx'], { env: { ...okxTestEnv(server), NODE_TLS_REJECT_UNAUTHORIZED: '0' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^balance: NODE_TLS_REJECT_UNAUTHORIZED=0 turns off TLS certificate checks; balance does not send credentials without them\.\n/);
    expect(server.counts.handshakes).toBe(0);
  });
});

describe('network failures in words, naming host and port', () => {
  it('nothing listening: refused, with what to check', async () => {
    const port = await closedPort();
    const result = await runBalance(['show', '--provider', 'okx'], { env: okxTestEnv({ url: `https://127.0.0.1:${port}` }) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`balance: 127.0.0.1:${port} refused the connection: nothing is listening there for OKX. (ECONNREFUSED)\n`);
    expect(result.stderr).toContain('Check the base URL and its port');
  });

  it('a server that never answers: the time limit, naming host and port', async () => {
    const server = await okx({ faults: [{ hang: true, times: 20 }] });
    const result = await runBalance(['show', '--provider', 'okx', '--timeout', '2'], { env: trusted(okxTestEnv(server)) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`(127.0.0.1:${server.port})`);
    expect(result.stderr).toMatch(/did not answer within/);
  });

  it('TLS to a server that speaks plain HTTP: a failed handshake, not a certificate', async () => {
    const server = await okx({ tls: false });
    const result = await runBalance(['show', '--provider', 'okx'], { env: okxTestEnv({ url: server.url.replace('http:', 'https:') }) });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^balance: The TLS handshake with 127\\.0\\.0\\.1:${server.port} failed; nothing was sent to OKX\\. \\(`));
    expect(result.stderr).toContain('must point at a server that speaks TLS');
  });
});

describe('IPv6', () => {
  it('a base URL http://[::1]:PORT works', async () => {
    const server = await okx({ tls: false, host: '::1' });
    expect(server.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
    const result = await runBalance(['show', '--provider', 'okx', '--json'], { env: okxTestEnv(server) });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(server.requests.length).toBeGreaterThan(0);
  });

  it('https://[::1]:PORT, its certificate naming the IPv6 address', async () => {
    const server = await okx({ host: '::1' });
    const result = await runBalance(['show', '--provider', 'okx', '--json'], { env: trusted(okxTestEnv(server)) });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

