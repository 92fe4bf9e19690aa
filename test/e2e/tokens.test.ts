// Longport/Longbridge access tokens through the built binary, against the
// local server (test/servers/longport.ts), which issues m_+JWT tokens with a
// chosen exp/ak/ac, verifies the refresh request's signature, invalidates the
// old token on refresh (401004) and fails on demand: the data center header,
// expiry in login/status/list, the 14-day warning and --min-token-days, an
// expired token (no request sent), `auth refresh` (to the file; when it cannot
// be saved; two at once), automatic refresh on and off, another app's token,
// an opaque token, and paper-trading labels. The keyring side is in keyring.test.ts.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accessToken, daysFromNow, REFRESH_PATH, startLongportServer, type LongportServer, type LongportServerOptions, type TokenClaims } from '../servers/longport.js';
import { LONGPORT_KEY, OKX_KEY } from '../secrets.js';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import reportSchema from '../../schema/balance-report.v1.json' with { type: 'json' };
import checkSchema from '../../schema/check-report.v1.json' with { type: 'json' };
import { closeAfterEach } from './cleanup.js';
import { runBalance, startBalance, type RunResult } from './harness.js';

const closeLater = closeAfterEach();

interface Home {
  readonly dir: string;
  readonly secretsFile: string;
  readonly env: Record<string, string>;
}

function newHome(): Home {
  const root = mkdtempSync(join(tmpdir(), 'balance-tokens-'));
  const dir = join(root, 'config');
  return { dir, secretsFile: join(dir, 'credentials.json'), env: { HOME: root, BALANCE_CONFIG_DIR: dir, XDG_CONFIG_HOME: join(root, '.config') } };
}

/** Credentials whose token is an m_+JWT of these claims (the app key's own unless `ak` says otherwise). */
function withToken(claims: Partial<TokenClaims> & { days?: number } = {}): { appKey: string; appSecret: string; accessToken: string } {
  const { days = 60, ...rest } = claims;
  return { ...LONGPORT_KEY, accessToken: accessToken({ exp: daysFromNow(days), ak: LONGPORT_KEY.appKey, ...rest }) };
}

async function serve(key: { appKey: string; appSecret: string; accessToken: string }, options: LongportServerOptions = {}): Promise<LongportServer> {
  const server = await startLongportServer({ credentials: [key], ...options });
  closeLater(() => server.close());
  return server;
}

const balance = (home: Home, args: string[], input?: string, env: Record<string, string> = {}): Promise<RunResult> =>
  runBalance(args, { env: { ...home.env, ...env }, ...(input === undefined ? {} : { input }), timeoutMs: 30_000 });

const lines = (key: { appKey: string; appSecret: string; accessToken: string }): string => `${key.appKey}\n${key.appSecret}\n${key.accessToken}\n`;

function login(home: Home, server: LongportServer, key: { appKey: string; appSecret: string; accessToken: string }, profile = 'lp-main', extra: string[] = []): Promise<RunResult> {
  return balance(home, ['auth', 'login', '--provider', 'longport', '--profile', profile, '--with-stdin', '--base-url', server.url, ...extra], lines(key));
}

const envOf = (server: LongportServer, key: { appKey: string; appSecret: string; accessToken: string }): Record<string, string> => ({
  LONGPORT_APP_KEY: key.appKey,
  LONGPORT_APP_SECRET: key.appSecret,
  LONGPORT_ACCESS_TOKEN: key.accessToken,
  LONGPORT_HTTP_URL: server.url,
});

const day = (unixSeconds: number): string => new Date(unixSeconds * 1000).toISOString().slice(0, 10);
const storedToken = (home: Home, profile = 'lp-main'): string | undefined =>
  (JSON.parse(readFileSync(home.secretsFile, 'utf8')) as { profiles: Record<string, Record<string, string>> }).profiles[profile]?.accessToken;
/** The document, after checking it against the published schema. */
function valid(schema: object, text: string): ReturnType<typeof JSON.parse> {
  const doc = JSON.parse(text);
  const ajv = new Ajv2020.default({ allErrors: true, strict: false });
  addFormats.default(ajv);
  ajv.validate(schema, doc);
  expect(ajv.errors ?? []).toEqual([]);
  return doc;
}

const refreshRequests = (server: LongportServer) => server.requests.filter((request) => request.path === REFRESH_PATH);

describe('the data center (x-dc-region)', () => {
  it('is ap for unprefixed credentials and us for us_ ones, on every request; --debug and auth status say which', async () => {
    const home = newHome();
    const ap = await serve(withToken(), { dataCenter: 'ap' });
    const shown = await balance(home, ['show', '--provider', 'longport', '--debug'], undefined, envOf(ap, withToken()));
    expect(shown.code).toBe(0);
    expect(ap.requests[0]?.headers['x-dc-region']).toBe('ap');
    expect(shown.stderr).toMatch(/→ GET \S+ \((?:[^)]*, )?data center ap, x-dc-region: ap[,)]/);

    const usKey = withToken({ prefix: 'us_' });
    const us = await serve(usKey, { dataCenter: 'us' });
    const usShown = await balance(home, ['show', '--provider', 'longbridge', '--debug'], undefined, {
      LONGBRIDGE_APP_KEY: usKey.appKey,
      LONGBRIDGE_APP_SECRET: usKey.appSecret,
      LONGBRIDGE_ACCESS_TOKEN: usKey.accessToken,
      LONGBRIDGE_HTTP_URL: us.url,
    });
    expect(usShown.stderr).toMatch(/→ GET \S+ \((?:[^)]*, )?data center us, x-dc-region: us[,)]/);
    expect(usShown.code).toBe(0);
    expect(us.requests.map((request) => request.headers['x-dc-region'])).toEqual(['us']);

    const status = await balance(home, ['auth', 'status', '--json'], undefined, envOf(us, usKey));
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout).profiles[0]).toMatchObject({ status: 'accepted', dataCenter: 'us' });
  });
});

describe('expiry at login, in auth status and auth list', () => {
  it('login says until when the token is valid; status and list carry tokenExpiresAt, tokenIssuedAt, paperTrading', async () => {
    const home = newHome();
    const key = withToken({ days: 88 });
    const server = await serve(key);
    const exp = daysFromNow(88);
    const saved = await login(home, server, key);
    expect(saved.code).toBe(0);
    expect(saved.stderr).toContain(`Access token valid until ${day(exp)}, 87 days (data center ap).`);
    expect(saved.stderr).toContain('balance auth refresh --profile lp-main');

    const status = await balance(home, ['auth', 'status', '--json']);
    expect(status.code).toBe(0);
    const [entry] = JSON.parse(status.stdout).profiles;
    expect(entry).toMatchObject({ profile: 'lp-main', status: 'accepted', paperTrading: false, dataCenter: 'ap', autoRefresh: false });
    expect(entry.tokenExpiresAt.slice(0, 10)).toBe(day(exp));
    expect(entry.tokenIssuedAt.slice(0, 10)).toBe(day(exp - 90 * 86_400));
    const text = await balance(home, ['auth', 'status']);
    expect(text.stdout).toMatch(new RegExp(`token expiry +valid until ${day(exp)} \\(87 days\\)`));

    const listed = await balance(home, ['auth', 'list', '--json']);
    expect(JSON.parse(listed.stdout).profiles[0]).toMatchObject({ name: 'lp-main', paperTrading: false, autoRefresh: false });
    expect(JSON.parse(listed.stdout).profiles[0].tokenExpiresAt.slice(0, 10)).toBe(day(exp));
  });

  it('an opaque token: nothing breaks; status says the expiry is unknown; no warning; --min-token-days holds', async () => {
    const home = newHome();
    const server = await serve(LONGPORT_KEY);
    const saved = await login(home, server, LONGPORT_KEY);
    expect(saved.code).toBe(0);
    expect(saved.stderr).toContain('Access token its expiry is unknown (the token does not say) (data center ap).');
    const status = await balance(home, ['auth', 'status']);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/token expiry +unknown/);
    const json = JSON.parse((await balance(home, ['auth', 'status', '--json'])).stdout).profiles[0];
    expect(json).toMatchObject({ tokenExpiresAt: null, tokenIssuedAt: null, paperTrading: null });
    const shown = await balance(home, ['show']);
    expect(shown.code).toBe(0);
    expect(shown.stderr).toBe('');
    const checked = await balance(home, ['check', '--min-token-days', '7']);
    expect(checked.code).toBe(0);
  });

  it('a token of another app is refused at login (exit 4) without a request, naming at most a quarter of each key', async () => {
    const home = newHome();
    const key = withToken({ ak: 'some-other-app-key-77' });
    const server = await serve(key);
    const result = await login(home, server, key);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('Not saved: the access token belongs to another app (app key some…), not to app key lp-e….');
    expect(server.requests).toEqual([]);
    expect((await balance(home, ['auth', 'list', '--json'])).stdout).toContain('"profiles":[]');
  });
});

describe('warned before it breaks', () => {
  it('show, check and --watch say once on stderr that a token expires within 14 days; the exit code is unchanged', async () => {
    const home = newHome();
    const key = withToken({ days: 6.5 });
    const server = await serve(key);
    expect((await login(home, server, key)).code).toBe(0);
    const expected = `balance: warning: the access token of profile lp-main expires in 6 days (${day(daysFromNow(6.5))}); run \`balance auth refresh --profile lp-main\`\n`;

    const shown = await balance(home, ['show']);
    expect(shown.code).toBe(0);
    expect(shown.stderr).toBe(expected);
    const checked = await balance(home, ['check', '--max-risk', 'danger']);
    expect(checked.code).toBe(0);
    expect(checked.stderr).toBe(expected);
    const watch = startBalance(['show', '--watch', '1', '--json'], { env: home.env });
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    watch.child.kill('SIGTERM');
    const watched = await watch.done;
    expect(watched.stdout.split('\n').filter((line) => line !== '').length).toBeGreaterThanOrEqual(2);
    expect(watched.stderr).toBe(expected); // once per run, not per refresh
    expect(refreshRequests(server)).toEqual([]);
  });

  it('for credentials from the environment, the line says to issue a new token or store the profile', async () => {
    const home = newHome();
    const key = withToken({ days: 3.5 });
    const server = await serve(key);
    const shown = await balance(home, ['show', '--provider', 'longport'], undefined, envOf(server, key));
    expect(shown.code).toBe(0);
    expect(shown.stderr).toContain(`the access token in LONGPORT_ACCESS_TOKEN expires in 3 days (${day(daysFromNow(3.5))}); issue a new one in the Longport developer portal`);
    expect(shown.stderr).toContain('balance auth login --provider longport');
  });

  it('check --min-token-days N is breached (exit 5) when a token used expires within N days', async () => {
    const home = newHome();
    const key = withToken({ days: 6.5 });
    const server = await serve(key);
    const env = envOf(server, key);
    const breached = await balance(home, ['check', '--min-token-days', '7'], undefined, env);
    expect(breached.code).toBe(5);
    expect(breached.stdout).toBe(`longport/default: access token expires in 6 days (${day(daysFromNow(6.5))}), needs 7 days\n`);
    const holds = await balance(home, ['check', '--min-token-days', '6', '--json'], undefined, env);
    expect(holds.code).toBe(0);
    const doc = valid(checkSchema, holds.stdout);
    expect(doc.conditions).toEqual([{ kind: 'minTokenDays', minTokenDays: 6 }]);
    expect(doc.results[0]).toMatchObject({ kind: 'minTokenDays', provider: 'longport', profile: 'default', daysLeft: 6, minTokenDays: 6, holds: true });
    expect((await balance(home, ['check', '--min-token-days', 'soon'], undefined, env)).code).toBe(2);
  });
});

describe('an expired token', () => {
  it('is refused with the date it expired and what to do; no request is sent', async () => {
    const home = newHome();
    const fresh = withToken({ days: 30 });
    const server = await serve(fresh);
    expect((await login(home, server, fresh)).code).toBe(0);
    const expired = withToken({ days: -2 });
    const saved = await login(home, server, expired, 'lp-old', ['--no-verify']);
    expect(saved.code).toBe(4);
    expect(saved.stderr).toContain(`Not saved: The Longport access token given expired on ${day(daysFromNow(-2))}`);

    server.requests.length = 0;
    const envExpired = await balance(home, ['show', '--provider', 'longport'], undefined, envOf(server, expired));
    expect(server.requests).toEqual([]);
    expect(envExpired.code).toBe(4);
    expect(envExpired.stderr).toContain(`The Longport access token in LONGPORT_ACCESS_TOKEN expired on ${day(daysFromNow(-2))}`);
    expect(envExpired.stderr).toContain('Issue a new one in the Longport developer portal and set LONGPORT_ACCESS_TOKEN.');
  });

  it('an expired profile token: exit 4 naming the profile and `balance auth login --profile`; no request; not refreshable', async () => {
    const home = newHome();
    const key = withToken({ days: -1 });
    // Stored while it was valid, then its time ran out: the stored token is replaced by an expired one.
    const valid = withToken({ days: 10 });
    const other = await serve(valid);
    expect((await login(home, other, valid)).code).toBe(0);
    const file = JSON.parse(readFileSync(home.secretsFile, 'utf8'));
    file.profiles['lp-main'].accessToken = key.accessToken;
    writeFileSync(home.secretsFile, JSON.stringify(file), { mode: 0o600 });
    other.requests.length = 0;

    const shown = await balance(home, ['show']);
    expect(shown.code).toBe(4);
    expect(shown.stderr).toContain(`The Longport access token of profile lp-main expired on ${day(daysFromNow(-1))}; an expired token cannot be renewed.`);
    expect(shown.stderr).toContain('balance auth login --provider longport --profile lp-main');
    const refreshed = await balance(home, ['auth', 'refresh']);
    expect(refreshed.code).toBe(4);
    const status = await balance(home, ['auth', 'status']);
    expect(status.code).toBe(4);
    expect(status.stdout).toContain(`rejected: The Longport access token of profile lp-main expired on ${day(daysFromNow(-1))}`);
    expect(status.stdout).toMatch(new RegExp(`token expiry +expired on ${day(daysFromNow(-1))}`));
    expect(other.requests).toEqual([]);
  });

  it("the provider's 401003 (an opaque token) is exit 4 with what to do, for show and for auth refresh", async () => {
    const home = newHome();
    const server = await serve(LONGPORT_KEY, { expiredToken: LONGPORT_KEY.accessToken });
    const shown = await balance(home, ['show', '--provider', 'longport'], undefined, envOf(server, LONGPORT_KEY));
    expect(shown.code).toBe(4);
    expect(shown.stderr).toContain('The Longport access token in LONGPORT_ACCESS_TOKEN has expired (401003)');
    expect((await login(home, server, LONGPORT_KEY, 'lp-main', ['--no-verify'])).code).toBe(0);
    const refreshed = await balance(home, ['auth', 'refresh']);
    expect(refreshed.code).toBe(4);
    expect(refreshed.stderr).toContain('The Longport access token of profile lp-main has expired (401003); an expired token cannot be renewed.');
    expect(refreshed.stderr).toContain('balance auth login --provider longport --profile lp-main');
  });
});

describe('balance auth refresh', () => {
  it('renews the token in the secrets file with its new expiry; the old one is dead, the new one works', async () => {
    const home = newHome();
    const key = withToken({ days: 20 });
    const server = await serve(key);
    expect((await login(home, server, key)).code).toBe(0);
    const refreshed = await balance(home, ['auth', 'refresh', '--profile', 'lp-main', '--valid-for', '30']);
    expect(refreshed.code).toBe(0);
    const exp = day(daysFromNow(30));
    expect(refreshed.stderr).toContain(`Renewed the access token of profile lp-main, saved in the secrets file (${home.secretsFile}, readable only by you); valid until ${exp}, 29 days.`);
    expect(refreshRequests(server)).toHaveLength(1);
    expect(refreshRequests(server)[0]?.query).toMatch(/^expired_at=\d{4}-\d\d-\d\dT\d\d%3A\d\d%3A\d\d\.\d{3}Z$/);
    const stored = storedToken(home);
    expect(stored).toBe(server.currentToken(LONGPORT_KEY.appKey));
    expect(stored).not.toBe(key.accessToken);

    const old = await balance(home, ['show', '--provider', 'longport'], undefined, envOf(server, key));
    expect(old.code).toBe(4);
    expect(old.stderr).toContain('(401004)');
    const shown = await balance(home, ['show', '--profile', 'lp-main']);
    expect(shown.code).toBe(0);
    expect(shown.stderr).toBe('');
    const listed = JSON.parse((await balance(home, ['auth', 'list', '--json'])).stdout).profiles[0];
    expect(listed.tokenExpiresAt.slice(0, 10)).toBe(exp);
    expect((await balance(home, ['auth', 'refresh', '--valid-for', '91'])).code).toBe(2);
  });

  it('when the provider fails, nothing changes: exit 1, the old token stays', async () => {
    const home = newHome();
    const key = withToken({ days: 20 });
    const server = await serve(key);
    expect((await login(home, server, key)).code).toBe(0);
    server.enqueue({ status: 500, body: { code: 500000, message: 'internal error', data: null } }, { status: 500, body: { code: 500000, message: 'internal error', data: null } }, { status: 500, body: { code: 500000, message: 'internal error', data: null } });
    const failed = await balance(home, ['auth', 'refresh']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('Longport had an internal error (500000).');
    expect(storedToken(home)).toBe(key.accessToken);
    expect((await balance(home, ['show'])).code).toBe(0);
  });

  it('when the new token cannot be saved anywhere: exit 1 saying the old one was invalidated, never printing the token', async () => {
    const home = newHome();
    const key = withToken({ days: 20 });
    const server = await serve(key);
    expect((await login(home, server, key)).code).toBe(0);
    server.enqueue({ transportOnly: true, delayMs: 1_500 });
    const running = startBalance(['auth', 'refresh'], { env: home.env });
    // While the provider answers, the secrets file becomes unwritable (a directory in its place).
    while (refreshRequests(server).length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    rmSync(home.secretsFile);
    mkdirSync(home.secretsFile);
    const result = await running.done;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Longport invalidated the old access token of profile lp-main, and the new one could not be saved (secrets file:');
    expect(result.stderr).toContain('Issue a new access token in the Longport developer portal, then run `balance auth login --provider longport --profile lp-main`.');
    expect(server.currentToken(LONGPORT_KEY.appKey)).not.toBe(key.accessToken);
  });

  it('a refresh whose answer is lost is not sent again, and says what to check', async () => {
    const home = newHome();
    const key = withToken({ days: 20 });
    const server = await serve(key);
    expect((await login(home, server, key)).code).toBe(0);
    server.enqueue({ transportOnly: true, reset: true }); // the server renewed the token, then the connection broke
    const result = await balance(home, ['auth', 'refresh']);
    expect(result.code).toBe(1);
    expect(refreshRequests(server)).toHaveLength(1);
    expect(result.stderr).toContain('The token refresh was not repeated: it may have reached Longport.');
    expect(result.stderr).toContain('balance auth status --profile lp-main');
    expect(storedToken(home)).toBe(key.accessToken);
  });

  it('two refreshes at once make one request; both end with the new token usable', async () => {
    const home = newHome();
    const key = withToken({ days: 20 });
    const server = await serve(key);
    expect((await login(home, server, key)).code).toBe(0);
    server.enqueue({ transportOnly: true, delayMs: 800 });
    const [first, second] = await Promise.all([balance(home, ['auth', 'refresh']), balance(home, ['auth', 'refresh', '--profile', 'lp-main'])]);
    expect([first.code, second.code]).toEqual([0, 0]);
    expect(refreshRequests(server)).toHaveLength(1);
    const said = [first.stderr, second.stderr].sort();
    expect(said[0]).toContain('Renewed the access token of profile lp-main');
    expect(said[1]).toContain('The access token of profile lp-main was renewed by another balance process meanwhile');
    expect(storedToken(home)).toBe(server.currentToken(LONGPORT_KEY.appKey));
    expect((await balance(home, ['show'])).code).toBe(0);
  });

  it('credentials from the environment cannot be refreshed in place: exit 2', async () => {
    const home = newHome();
    const key = withToken({ days: 5 });
    const server = await serve(key);
    const result = await balance(home, ['auth', 'refresh'], undefined, envOf(server, key));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('balance: Credentials from the environment cannot be renewed in place: balance cannot change your environment variables.');
    expect(result.stderr).toContain('Issue a new token in the Longport developer portal and set it in the environment, or store the credentials as a profile');
    expect(server.requests).toEqual([]);
  });

  it('--profile renews the stored token even when LONGPORT_* variables are set in the shell', async () => {
    const home = newHome();
    const key = withToken({ days: 20 });
    const server = await serve(key);
    expect((await login(home, server, key)).code).toBe(0);
    const other = withToken({ days: 3 });
    const result = await balance(home, ['auth', 'refresh', '--profile', 'lp-main'], undefined, envOf(server, other));
    expect(result.code, result.stderr).toBe(0);
    expect(refreshRequests(server)).toHaveLength(1);
    expect(refreshRequests(server)[0]?.headers.authorization).toBe(key.accessToken);
    expect(storedToken(home)).toBe(server.currentToken(LONGPORT_KEY.appKey));
  });

  it('OKX keys are not renewed: --auto-refresh at login and auth refresh of an OKX profile are exit 2', async () => {
    const home = newHome();
    const okxLines = `${OKX_KEY.apiKey}\n${OKX_KEY.apiSecret}\n${OKX_KEY.passphrase}\n`;
    const marked = await balance(home, ['auth', 'login', '--provider', 'okx', '--profile', 'okx-main', '--with-stdin', '--no-verify', '--auto-refresh'], okxLines);
    expect(marked.code).toBe(2);
    expect(marked.stderr).toContain('--auto-refresh applies to longport and longbridge only');
    expect((await balance(home, ['auth', 'login', '--provider', 'okx', '--profile', 'okx-main', '--with-stdin', '--no-verify'], okxLines)).code).toBe(0);
    const refreshed = await balance(home, ['auth', 'refresh', '--profile', 'okx-main']);
    expect(refreshed.code).toBe(2);
    expect(refreshed.stderr).toContain('Profile okx-main: OKX credentials cannot be renewed by balance.');
    const all = await balance(home, ['auth', 'refresh', '--all']);
    expect(all.code).toBe(0);
    expect(all.stderr).toBe('No stored profile has a token that balance can renew (Longport or Longbridge).\n');
  });

  it('--all renews every Longport/Longbridge profile, one after another', async () => {
    const home = newHome();
    const key = withToken({ days: 20 });
    const server = await serve(key);
    expect((await login(home, server, key, 'lp-a')).code).toBe(0);
    const result = await balance(home, ['auth', 'refresh', '--all']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Renewed the access token of profile lp-a');
    expect(refreshRequests(server)).toHaveLength(1);
  });
});

describe('one token saved under two profile names', () => {
  // Renewing a token invalidates the old one: every profile that held it must get the new one.
  async function twoCopies(extra: string[] = []): Promise<{ home: Home; server: LongportServer }> {
    const home = newHome();
    const key = withToken({ days: 5 });
    const server = await serve(key);
    expect((await login(home, server, key, 'lp-a', extra)).code).toBe(0);
    expect((await login(home, server, key, 'lp-b')).code).toBe(0);
    return { home, server };
  }
  const bothWork = async (home: Home, server: LongportServer): Promise<void> => {
    expect(storedToken(home, 'lp-a')).toBe(server.currentToken(LONGPORT_KEY.appKey));
    expect(storedToken(home, 'lp-b')).toBe(server.currentToken(LONGPORT_KEY.appKey));
    for (const profile of ['lp-a', 'lp-b']) {
      const shown = await balance(home, ['show', '--profile', profile, '--json']);
      expect(shown.code, `${profile}: ${shown.stderr}`).toBe(0);
    }
  };

  it('auth refresh --all renews it once, and both profiles have the new token', async () => {
    const { home, server } = await twoCopies();
    const result = await balance(home, ['auth', 'refresh', '--all']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('Renewed the access token of profile lp-a');
    expect(result.stderr).toContain('Profile lp-b held the same access token as profile lp-a: it has the new one too.');
    expect(refreshRequests(server)).toHaveLength(1);
    await bothWork(home, server);
  });

  it('auth refresh --profile of one of them gives the other the new token too', async () => {
    const { home, server } = await twoCopies();
    const result = await balance(home, ['auth', 'refresh', '--profile', 'lp-b']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('Profile lp-a held the same access token as profile lp-b: it has the new one too.');
    await bothWork(home, server);
  });

  it('renewed before use (--auto-refresh on one of them): the other has the new token too', async () => {
    const { home, server } = await twoCopies(['--auto-refresh']);
    const shown = await balance(home, ['show', '--profile', 'lp-a', '--json']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stderr).toContain('balance: profile lp-b held the same Longport access token as profile lp-a: it has the new one too.');
    expect(refreshRequests(server)).toHaveLength(1);
    await bothWork(home, server);
  });
});

describe('automatic refresh (opt-in)', () => {
  it('a profile marked --auto-refresh has its token renewed before show when it expires within 14 days, once, said on stderr', async () => {
    const home = newHome();
    const key = withToken({ days: 5 });
    const server = await serve(key);
    const saved = await login(home, server, key, 'lp-main', ['--auto-refresh']);
    expect(saved.code).toBe(0);
    expect(saved.stderr).toContain('It will be renewed before use when it expires within 14 days.');
    const shown = await balance(home, ['show']);
    expect(shown.code).toBe(0);
    expect(shown.stderr).toBe(`balance: renewed the Longport access token of profile lp-main (--auto-refresh); valid until ${day(daysFromNow(90))}.\n`);
    expect(refreshRequests(server)).toHaveLength(1);
    expect(storedToken(home)).toBe(server.currentToken(LONGPORT_KEY.appKey));
    const again = await balance(home, ['check', '--max-risk', 'danger']);
    expect(again.code).toBe(0);
    expect(again.stderr).toBe('');
    expect(refreshRequests(server)).toHaveLength(1);
  });

  it('--watch renews a marked profile before its first refresh, once, and goes on with the new token', async () => {
    const home = newHome();
    const key = withToken({ days: 5 });
    const server = await serve(key);
    expect((await login(home, server, key, 'lp-main', ['--auto-refresh'])).code).toBe(0);
    const watch = startBalance(['show', '--watch', '1', '--json'], { env: home.env });
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    watch.child.kill('SIGTERM');
    const watched = await watch.done;
    const documents = watched.stdout.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as { errors: unknown[]; balances: unknown[] });
    expect(documents.length).toBeGreaterThanOrEqual(2);
    expect(documents.every((doc) => doc.errors.length === 0 && doc.balances.length === 1)).toBe(true);
    expect(refreshRequests(server)).toHaveLength(1);
    expect(watched.stderr).toBe(`balance: renewed the Longport access token of profile lp-main (--auto-refresh); valid until ${day(daysFromNow(90))}.\n`);
  });

  it('off by default, and `auth refresh --auto-refresh off` turns it off: only the warning', async () => {
    const home = newHome();
    const key = withToken({ days: 5 });
    const server = await serve(key);
    expect((await login(home, server, key, 'lp-main', ['--auto-refresh'])).code).toBe(0);
    const off = await balance(home, ['auth', 'refresh', '--auto-refresh', 'off']);
    expect(off.code).toBe(0);
    expect(off.stderr).toBe('Profile lp-main: its access token will not be renewed automatically.\n');
    const shown = await balance(home, ['show']);
    expect(shown.code).toBe(0);
    expect(shown.stderr).toContain('warning: the access token of profile lp-main expires in 4 days');
    expect(refreshRequests(server)).toEqual([]);
    const on = await balance(home, ['auth', 'refresh', '--auto-refresh', 'on']);
    expect(on.code).toBe(0);
    expect(JSON.parse((await balance(home, ['auth', 'list', '--json'])).stdout).profiles[0].autoRefresh).toBe(true);
    expect(refreshRequests(server)).toEqual([]);
  });
});

describe('paper trading', () => {
  it('is labelled in TSV/CSV (account value), JSON (paperTrading), tables and check output', async () => {
    const home = newHome();
    const key = withToken({ ac: 'lb_papertrading' });
    const server = await serve(key);
    const env = envOf(server, key);
    const tsv = await balance(home, ['show', '--provider', 'longport', '--currency', 'HKD'], undefined, env);
    expect(tsv.code).toBe(0);
    expect(tsv.stdout).toMatch(/^longport\tdefault\tsecurities \(paper trading\)\tHKD\t/);
    const csv = await balance(home, ['show', '--provider', 'longport', '--format', 'csv', '--currency', 'HKD'], undefined, env);
    expect(csv.stdout.split('\r\n')[1]).toMatch(/^longport,default,securities \(paper trading\),HKD,/);
    const json = valid(reportSchema, (await balance(home, ['show', '--provider', 'longport', '--json'], undefined, env)).stdout);
    expect(json.balances[0]).toMatchObject({ provider: 'longport', paperTrading: true });
    const checkedJson = await balance(home, ['check', '--max-risk', 'safe', '--min-token-days', '7', '--json'], undefined, env);
    expect(valid(checkSchema, checkedJson.stdout).results.map((result: { paperTrading?: boolean }) => result.paperTrading)).toEqual([true, true]);
    const table = await balance(home, ['show', '--provider', 'longport', '--format', 'table'], undefined, env);
    expect(table.stdout).toMatch(/longport · default · securities +PAPER TRADING/);
    const checked = await balance(home, ['check', '--max-risk', 'safe'], undefined, env);
    expect(checked.code).toBe(5);
    expect(checked.stdout).toContain('longport/default (paper trading): risk medium above safe');

    const live = withToken({ ac: 'lb' });
    const liveServer = await serve(live);
    const plain = await balance(home, ['show', '--provider', 'longport', '--json'], undefined, envOf(liveServer, live));
    expect(JSON.parse(plain.stdout).balances[0].paperTrading).toBeUndefined();
  });
});
