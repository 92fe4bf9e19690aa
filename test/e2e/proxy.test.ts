// Proxies end to end, through the built binary, over HTTPS to the fake
// providers: the real tinyproxy (HTTP CONNECT, open and with basic auth) and
// microsocks (SOCKS5, open and with a user and password), an https:// proxy
// and a SOCKS5 proxy that alone resolves okx.test (test/servers/proxies.ts).
// Each test proves where the traffic went from the proxy's own record, and the
// provider server still checks every signature through the tunnel.
//
// Loopback rule: with NO_PROXY unset, a loopback base URL (all of them here)
// is not sent to the environment's proxy; these tests set NO_PROXY="" to say
// "proxy loopback too", or name the proxy with --proxy or the profile.
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startLongportServer } from '../servers/longport.js';
import { okxTestEnv, startOkxServer, type OkxServer } from '../servers/okx.js';
import {
  startHttpsProxy,
  startMicrosocks,
  startNameResolvingSocks,
  startTinyproxy,
  type ProxyCredentials,
  type TestProxy,
} from '../servers/proxies.js';
import { trustTestCa } from '../servers/tls.js';
import { LONGPORT_KEY, OKX_KEY, PROXY_CREDENTIALS, PROXY_WRONG_PASSWORD } from '../secrets.js';
import { closeAfterEach } from './cleanup.js';
import { runBalance, type RunResult } from './harness.js';
import { streamBalance } from './stream.js';

const closeLater = closeAfterEach();
const MADE_UP_NAMES = resolve(import.meta.dirname, 'made-up-names.cjs');

async function okx(): Promise<OkxServer> {
  const server = await startOkxServer({ tls: true });
  closeLater(() => server.close());
  return server;
}

async function proxy<T extends TestProxy>(started: Promise<T>): Promise<T> {
  const running = await started;
  closeLater(() => running.close());
  return running;
}

/** OKX over TLS, the test CA trusted; NO_PROXY="" so the environment's proxy applies to loopback too. */
const env = (server: OkxServer, extra: Record<string, string> = {}): Record<string, string> => ({
  ...okxTestEnv(server),
  ...trustTestCa(),
  NO_PROXY: '',
  ...extra,
});

const show = (server: OkxServer, extra: Record<string, string> = {}, args: string[] = []): Promise<RunResult> =>
  runBalance(['show', '--provider', 'okx', '--json', ...args], { env: env(server, extra) });

const withPassword = (url: string, credentials: ProxyCredentials, password = credentials.password): string => {
  const parsed = new URL(url);
  parsed.username = credentials.user;
  parsed.password = password;
  return parsed.href.replace(/\/$/, '');
};

/** It worked, and the server answered every (signed) request with OKX code 0. */
function expectShown(result: RunResult, server: OkxServer): void {
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(JSON.parse(result.stdout).balances[0].provider).toBe('okx');
  expect(server.requests.length).toBeGreaterThan(0);
  expect(server.requests.every((request) => request.code === '0')).toBe(true);
}

/** Exit 1, one or two lines, the first matching. */
function expectFailure(result: RunResult, first: RegExp, code = 1): void {
  expect(result.code).toBe(code);
  // --json still prints the document, its `errors` saying the same.
  if (result.stdout !== '') expect(JSON.parse(result.stdout).balances).toEqual([]);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines[0]).toMatch(first);
  expect(lines.length).toBeLessThanOrEqual(2);
}

const target = (server: OkxServer): string => `127.0.0.1:${server.port}`;

describe('tinyproxy (HTTP CONNECT) from the environment', () => {
  it('HTTPS_PROXY: every request goes through the tunnel, signatures still checked', async () => {
    const [server, tiny] = [await okx(), await proxy(startTinyproxy())];
    expectShown(await show(server, { HTTPS_PROXY: tiny.url }), server);
    expect(tiny.tunnels()).toContain(target(server));
  });

  it('lower case https_proxy wins over HTTPS_PROXY', async () => {
    const [server, tiny] = [await okx(), await proxy(startTinyproxy())];
    expectShown(await show(server, { https_proxy: tiny.url, HTTPS_PROXY: 'http://127.0.0.1:9' }), server);
    expect(tiny.tunnels()).toContain(target(server));
  });

  it('ALL_PROXY when no HTTPS_PROXY is set', async () => {
    const [server, tiny] = [await okx(), await proxy(startTinyproxy())];
    expectShown(await show(server, { ALL_PROXY: tiny.url }), server);
    expect(tiny.tunnels()).toContain(target(server));
  });

  it('NO_PROXY unset: a loopback base URL goes direct', async () => {
    const [server, tiny] = [await okx(), await proxy(startTinyproxy())];
    const result = await runBalance(['show', '--provider', 'okx', '--json'], { env: { ...okxTestEnv(server), ...trustTestCa(), HTTPS_PROXY: tiny.url } });
    expectShown(result, server);
    expect(tiny.tunnels()).toEqual([]);
  });

  it.each(['127.0.0.1', '127.0.0.1:PORT', '127.0.0.0/8', '*', 'example.com, .corp.example ,127.0.0.1'])('NO_PROXY=%s goes direct', async (entry) => {
    const [server, tiny] = [await okx(), await proxy(startTinyproxy())];
    const noProxy = entry.replace('PORT', String(server.port));
    expectShown(await show(server, { HTTPS_PROXY: tiny.url, NO_PROXY: noProxy }), server);
    expect(tiny.tunnels()).toEqual([]);
  });

  it('--proxy none goes direct whatever the environment says', async () => {
    const [server, tiny] = [await okx(), await proxy(startTinyproxy())];
    expectShown(await show(server, { HTTPS_PROXY: tiny.url }, ['--proxy', 'none']), server);
    expect(tiny.tunnels()).toEqual([]);
  });

  it('--proxy beats HTTPS_PROXY (which here names nothing)', async () => {
    const [server, tiny] = [await okx(), await proxy(startTinyproxy())];
    expectShown(await show(server, { HTTPS_PROXY: 'http://127.0.0.1:9' }, ['--proxy', tiny.url]), server);
    expect(tiny.tunnels()).toContain(target(server));
  });

  it('--all-profiles --proxy: every account through it', async () => {
    const [server, tiny] = [await okx(), await proxy(startTinyproxy())];
    const result = await runBalance(['show', '--all-profiles', '--json', '--proxy', tiny.url], { env: { ...okxTestEnv(server), ...trustTestCa() } });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).balances).toHaveLength(1);
    expect(tiny.tunnels()).toContain(target(server));
  });

  it('check and a Longport account go through it too', async () => {
    const tiny = await proxy(startTinyproxy());
    const longport = await startLongportServer({ credentials: [LONGPORT_KEY], tls: true });
    closeLater(() => longport.close());
    const result = await runBalance(['check', '--provider', 'longport', '--max-risk', 'danger', '--proxy', tiny.url], {
      env: {
        LONGPORT_APP_KEY: LONGPORT_KEY.appKey,
        LONGPORT_APP_SECRET: LONGPORT_KEY.appSecret,
        LONGPORT_ACCESS_TOKEN: LONGPORT_KEY.accessToken,
        LONGPORT_HTTP_URL: longport.url,
        ...trustTestCa(),
      },
    });
    expect(result.code).toBe(0);
    expect(tiny.tunnels()).toEqual([`127.0.0.1:${longport.port}`]);
  });
});

describe('tinyproxy with basic auth', () => {
  it('the user and password from HTTPS_PROXY: through, and the password never shown, --debug included', async () => {
    const [server, tiny] = [await okx(), await proxy(startTinyproxy({ credentials: PROXY_CREDENTIALS }))];
    const result = await show(server, { HTTPS_PROXY: withPassword(tiny.url, PROXY_CREDENTIALS) }, ['--debug']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`via http://${PROXY_CREDENTIALS.user}:****@127.0.0.1:${tiny.port} (HTTPS_PROXY)`);
    expect(tiny.tunnels()).toContain(target(server));
  });

  it('DEBUG=* (the agents\' own debug logging) prints no proxy password either', async () => {
    const [server, tiny] = [await okx(), await proxy(startTinyproxy({ credentials: PROXY_CREDENTIALS }))];
    const result = await show(server, { HTTPS_PROXY: withPassword(tiny.url, PROXY_CREDENTIALS), DEBUG: '*' });
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain(PROXY_CREDENTIALS.password);
  });

  it('no credentials: 407 in words, exit 1, no retry', async () => {
    const [server, tiny] = [await okx(), await proxy(startTinyproxy({ credentials: PROXY_CREDENTIALS }))];
    const result = await show(server, { HTTPS_PROXY: tiny.url });
    expectFailure(result, new RegExp(`^balance: The proxy http://127\\.0\\.0\\.1:${tiny.port} \\(HTTPS_PROXY\\) asks for a user name and password \\(HTTP 407\\); nothing was sent to OKX\\.$`));
    expect(result.stderr).toContain('HTTPS_PROXY=http://USER:PASSWORD@HOST:PORT');
    expect(server.requests).toEqual([]);
  });

  it('a wrong password: rejected in words, exit 1', async () => {
    const [server, tiny] = [await okx(), await proxy(startTinyproxy({ credentials: PROXY_CREDENTIALS }))];
    const result = await show(server, { HTTPS_PROXY: withPassword(tiny.url, PROXY_CREDENTIALS, PROXY_WRONG_PASSWORD) });
    expectFailure(result, /^balance: The proxy http:\/\/proxy-e2e-user:\*\*\*\*@127\.0\.0\.1:\d+ \(HTTPS_PROXY\) rejected its user name and password \(HTTP 40[17]\); nothing was sent to OKX\.$/);
    expect(server.requests).toEqual([]);
  });
});

describe('proxy failures', () => {
  it('the proxy refuses the CONNECT (403: port not allowed)', async () => {
    const [server, tiny] = [await okx(), await proxy(startTinyproxy({ connectPorts: [443] }))];
    const result = await show(server, { HTTPS_PROXY: tiny.url });
    expectFailure(result, new RegExp(`^balance: The proxy http://127\\.0\\.0\\.1:${tiny.port} \\(HTTPS_PROXY\\) refused to connect to 127\\.0\\.0\\.1:${server.port} \\(HTTP 403\\)`));
    expect(server.requests).toEqual([]);
  });

  it('the proxy is down: refused, naming it and how to go direct', async () => {
    const server = await okx();
    const tiny = await startTinyproxy();
    await tiny.close();
    const result = await show(server, {}, ['--proxy', tiny.url]);
    expectFailure(result, new RegExp(`^balance: The proxy http://127\\.0\\.0\\.1:${tiny.port} \\(--proxy\\) refused the connection \\(is it running, on that port\\?\\); nothing was sent to OKX\\. \\(ECONNREFUSED\\)$`));
    expect(result.stderr).toContain('or leave out --proxy to go direct');
  });

  it.each([
    ['ftp://127.0.0.1:21', /^balance: --proxy uses ftp:\/\/, which balance cannot use as a proxy\.$/],
    ['http://', /^balance: --proxy is not a proxy URL\.$/],
    ['http://127.0.0.1:3128/some/path', /^balance: --proxy must be a proxy's address only/],
  ])('--proxy %s: exit 2 before any request', async (value, message) => {
    const server = await okx();
    const result = await show(server, {}, ['--proxy', value]);
    expectFailure(result, message, 2);
    expect(server.counts.connections).toBe(0);
  });

  it('a password in --proxy is refused (exit 2) and not repeated', async () => {
    const server = await okx();
    const result = await show(server, {}, ['--proxy', `http://${PROXY_CREDENTIALS.user}:${PROXY_CREDENTIALS.password}@127.0.0.1:3128`]);
    expectFailure(result, /^balance: --proxy must not carry a password/, 2);
    expect(server.counts.connections).toBe(0);
  });

  it('a malformed HTTPS_PROXY: exit 2 naming the variable', async () => {
    const server = await okx();
    const result = await show(server, { HTTPS_PROXY: 'gopher://127.0.0.1:70' });
    expectFailure(result, /^balance: HTTPS_PROXY uses gopher:\/\/, which balance cannot use as a proxy\.$/, 2);
  });
});

describe('microsocks (SOCKS5)', () => {
  it('open, socks5:// with ALL_PROXY', async () => {
    const [server, socks] = [await okx(), await proxy(startMicrosocks())];
    expectShown(await show(server, { ALL_PROXY: socks.url.replace('socks5h:', 'socks5:') }), server);
    expect(socks.tunnels()).toContain(target(server));
  });

  it('with a user and password (socks5h://): through', async () => {
    const [server, socks] = [await okx(), await proxy(startMicrosocks({ credentials: PROXY_CREDENTIALS }))];
    expectShown(await show(server, { HTTPS_PROXY: withPassword(socks.url, PROXY_CREDENTIALS) }), server);
    expect(socks.tunnels()).toContain(target(server));
  });

  it('a wrong password: rejected in words, exit 1, nothing tunnelled', async () => {
    const [server, socks] = [await okx(), await proxy(startMicrosocks({ credentials: PROXY_CREDENTIALS }))];
    const result = await show(server, { HTTPS_PROXY: withPassword(socks.url, PROXY_CREDENTIALS, PROXY_WRONG_PASSWORD) });
    expectFailure(result, /^balance: The SOCKS5 proxy socks5h:\/\/proxy-e2e-user:\*\*\*\*@127\.0\.0\.1:\d+ \(HTTPS_PROXY\) rejected its user name and password; nothing was sent to OKX\.$/);
    expect(socks.tunnels()).toEqual([]);
    expect(server.requests).toEqual([]);
    // --debug adds the request lines and the stack, still without the password.
    const debug = await show(server, { HTTPS_PROXY: withPassword(socks.url, PROXY_CREDENTIALS, PROXY_WRONG_PASSWORD) }, ['--debug']);
    expect(debug.stderr).toContain('[debug] → GET');
    expect(debug.stderr).not.toContain(PROXY_WRONG_PASSWORD);
  });
});

describe('a SOCKS5 proxy that alone resolves okx.test', () => {
  const madeUp = (server: OkxServer): Record<string, string> => ({
    OKX_BASE_URL: `https://okx.test:${server.port}`,
    NODE_OPTIONS: `--require ${MADE_UP_NAMES}`,
  });

  it('socks5h:// hands the name to the proxy: through', async () => {
    const [server, socks] = [await okx(), await proxy(startNameResolvingSocks())];
    expectShown(await show(server, madeUp(server), ['--proxy', socks.url]), server);
    expect(socks.requests()).toContainEqual({ kind: 'name', host: 'okx.test', port: server.port });
  });

  it('socks5:// resolves it here, where it does not exist: exit 1 saying to use socks5h://', async () => {
    const [server, socks] = [await okx(), await proxy(startNameResolvingSocks())];
    const result = await show(server, madeUp(server), ['--proxy', socks.url.replace('socks5h:', 'socks5:')]);
    expectFailure(result, /^balance: The host name okx\.test could not be found here \(DNS\), so it could not be handed to the proxy socks5:\/\/127\.0\.0\.1:\d+ \(--proxy\)\.$/);
    expect(result.stderr).toContain('use socks5h:// instead of socks5://');
    expect(socks.requests()).toEqual([]);
  });

  it('a port the proxy does not allow: "not allowed", in words, exit 1', async () => {
    const [server, socks] = [await okx(), await proxy(startNameResolvingSocks({ allowedPorts: [443] }))];
    const result = await show(server, madeUp(server), ['--proxy', socks.url]);
    expectFailure(result, new RegExp(`^balance: The SOCKS5 proxy socks5h://127\\.0\\.0\\.1:${socks.port} \\(--proxy\\) could not connect to okx\\.test:${server.port}: the proxy does not allow it; nothing was sent to OKX\\.$`));
    expect(server.counts.connections).toBe(0);
  });

  it('a name the proxy cannot resolve either: host unreachable, in words', async () => {
    const [server, socks] = [await okx(), await proxy(startNameResolvingSocks())];
    const result = await show(server, { OKX_BASE_URL: `https://nowhere.test:${server.port}` }, ['--proxy', socks.url]);
    expectFailure(result, /^balance: The SOCKS5 proxy socks5h:\/\/127\.0\.0\.1:\d+ \(--proxy\) could not connect to nowhere\.test:\d+: the host is unreachable from the proxy/);
  });
});

describe('an https:// proxy (TLS to the proxy, then CONNECT)', () => {
  it('through it, its certificate checked against the trusted CA', async () => {
    const [server, secure] = [await okx(), await proxy(startHttpsProxy())];
    expectShown(await show(server, { HTTPS_PROXY: secure.url }), server);
    expect(secure.tunnels()).toContain(target(server));
    expect(secure.handshakes()).toBeGreaterThanOrEqual(1);
  });

  it('a proxy whose own certificate is self-signed: said of the proxy, exit 1, no tunnel', async () => {
    const [server, secure] = [await okx(), await proxy(startHttpsProxy({ tls: 'selfSigned' }))];
    const result = await show(server, { HTTPS_PROXY: secure.url });
    expectFailure(
      result,
      new RegExp(`^balance: The TLS certificate of the proxy https://127\\.0\\.0\\.1:${secure.port} \\(HTTPS_PROXY\\) is self-signed, so nothing vouches for it; nothing was sent to OKX\\. \\(DEPTH_ZERO_SELF_SIGNED_CERT\\)$`),
    );
    expect(secure.tunnels()).toEqual([]);
    expect(server.counts.connections).toBe(0);
  });

  it('with basic auth', async () => {
    const [server, secure] = [await okx(), await proxy(startHttpsProxy({ credentials: PROXY_CREDENTIALS }))];
    expectShown(await show(server, { HTTPS_PROXY: withPassword(secure.url, PROXY_CREDENTIALS) }), server);
    expect(secure.tunnels()).toContain(target(server));
  });
});

describe('a proxy saved with a profile', () => {
  it('auth login --proxy keeps the password with the secrets; show, auth status and --debug use it, masked', async () => {
    const [server, tiny] = [await okx(), await proxy(startTinyproxy({ credentials: PROXY_CREDENTIALS }))];
    const root = mkdtempSync(join(tmpdir(), 'balance-proxy-'));
    const dir = join(root, 'config');
    const home = { HOME: root, BALANCE_CONFIG_DIR: dir, XDG_CONFIG_HOME: join(root, '.config'), ...trustTestCa() };
    const proxyUrl = `http://${PROXY_CREDENTIALS.user}@127.0.0.1:${tiny.port}`;
    const login = await runBalance(['auth', 'login', '--provider', 'okx', '--profile', 'tunnel', '--with-stdin', '--base-url', server.url, '--proxy', proxyUrl], {
      env: home,
      input: `${OKX_KEY.apiKey}\n${OKX_KEY.apiSecret}\n${OKX_KEY.passphrase}\n${PROXY_CREDENTIALS.password}\n`,
    });
    expect(login.stderr).toContain('Saved profile tunnel (okx)');
    expect(login.stderr).toContain(`through the proxy http://${PROXY_CREDENTIALS.user}:****@127.0.0.1:${tiny.port}`);
    expect(login.code).toBe(0);
    // The login's check went through the proxy.
    expect(tiny.tunnels()).toContain(target(server));

    const settings = readFileSync(join(dir, 'config.json'), 'utf8');
    expect(JSON.parse(settings).profiles.tunnel.settings.proxy).toBe(proxyUrl);
    expect(settings).not.toContain(PROXY_CREDENTIALS.password);
    const secretsFile = join(dir, 'credentials.json');
    expect(statSync(secretsFile).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(secretsFile, 'utf8')).profiles.tunnel.proxyPassword).toBe(PROXY_CREDENTIALS.password);

    const tunnelsBefore = tiny.tunnels().length;
    const shown = await runBalance(['show', '--profile', 'tunnel', '--json', '--debug'], { env: home });
    expect(shown.code).toBe(0);
    expect(shown.stderr).toContain(`via http://${PROXY_CREDENTIALS.user}:****@127.0.0.1:${tiny.port} (profile tunnel)`);
    expect(tiny.tunnels().length).toBeGreaterThan(tunnelsBefore);

    // Credentials from the environment replace the profile's; its proxy, password included, stays.
    const beforeOverride = tiny.tunnels().length;
    const overridden = await runBalance(['show', '--profile', 'tunnel', '--json'], { env: { ...home, ...okxTestEnv(server) } });
    expect(overridden.code).toBe(0);
    expect(tiny.tunnels().length).toBeGreaterThan(beforeOverride);

    const status = await runBalance(['auth', 'status', '--json'], { env: home });
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout).profiles[0].proxy).toBe(`http://${PROXY_CREDENTIALS.user}:****@127.0.0.1:${tiny.port} (profile tunnel)`);
    const statusText = await runBalance(['auth', 'status'], { env: home });
    expect(statusText.stdout).toMatch(new RegExp(`\\n  proxy +${escapeRegExp(`http://${PROXY_CREDENTIALS.user}:****@127.0.0.1:${tiny.port} (profile tunnel)`)}\\n`));

    // flag > environment > profile.
    const direct = await runBalance(['show', '--profile', 'tunnel', '--json', '--proxy', 'none'], { env: home });
    expect(direct.code).toBe(0);
    const afterDirect = tiny.tunnels().length;
    const env = await runBalance(['show', '--profile', 'tunnel', '--json'], { env: { ...home, HTTPS_PROXY: 'http://127.0.0.1:9', NO_PROXY: '' } });
    expect(env.code).toBe(1);
    expect(env.stderr).toContain('(HTTPS_PROXY) refused the connection');
    expect(tiny.tunnels().length).toBe(afterDirect);
  });
});

describe('a Longbridge sign-in through a proxy saved with its profile', () => {
  it('the sign-in, show and the deletion of the registered client at logout all go through the proxy', async () => {
    const lb = await startLongportServer({ tls: true, credentials: [LONGPORT_KEY], oauth: { interval: 1, approveAtPoll: 1 } });
    closeLater(() => lb.close());
    const tiny = await proxy(startTinyproxy());
    const root = mkdtempSync(join(tmpdir(), 'balance-proxy-'));
    const home = { HOME: root, BALANCE_CONFIG_DIR: join(root, 'config'), XDG_CONFIG_HOME: join(root, '.config'), ...trustTestCa() };
    const lbTarget = `127.0.0.1:${lb.port}`;

    const login = await runBalance(['auth', 'login', '--provider', 'longbridge', '--profile', 'lb', '--base-url', lb.url, '--no-browser', '--proxy', tiny.url], { env: home });
    expect(login.code, login.stderr).toBe(0);
    expect(tiny.tunnels()).toContain(lbTarget);
    const shown = await runBalance(['show', '--profile', 'lb', '--json'], { env: home });
    expect(shown.code, shown.stderr).toBe(0);

    const [clientId] = lb.oauth.registered;
    const before = tiny.tunnels().length;
    const logout = await runBalance(['auth', 'logout', '--profile', 'lb'], { env: home });
    expect(logout.code, logout.stderr).toBe(0);
    expect(logout.stderr).toContain(`Deleted the client balance registered with Longbridge (client id ${clientId}).`);
    expect(lb.oauth.deleted).toEqual([clientId]);
    // The DELETE went through a tunnel of the proxy, as every other request of the profile.
    expect(tiny.tunnels().slice(before)).toEqual([lbTarget]);
  });
});

describe('--watch keeps its tunnel', () => {
  it('five refreshes through tinyproxy: at most two tunnels and two TLS handshakes', async () => {
    const [server, tiny] = [await okx(), await proxy(startTinyproxy())];
    const run = streamBalance(['show', '--provider', 'okx', '--watch', '1', '--proxy', tiny.url], env(server));
    closeLater(async () => {
      run.child.kill('SIGKILL');
      await run.exited();
    });
    for (let refresh = 0; refresh < 5; refresh++) expect(JSON.parse(await run.nextLine()).errors).toEqual([]);
    expect(server.requests.length).toBeGreaterThanOrEqual(10);
    expect(tiny.tunnels().length).toBeLessThanOrEqual(2);
    expect(server.counts.handshakes).toBeLessThanOrEqual(2);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
