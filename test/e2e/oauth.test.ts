// Longbridge sign-in with OAuth 2.0 (device flow) and sessions that renew
// themselves, through the built binary, against the fake Longbridge server's
// OAuth side (test/servers/longbridge-oauth.ts), which checks every bearer
// call. Each test has its own configuration directory; the keyring is off, so
// the session goes to the 0600 secrets file.
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACCOUNT_PATH, startLongportServer, type LongportServer } from '../servers/longport.js';
import type { LongbridgeOAuthOptions } from '../servers/longbridge-oauth.js';
import { startOkxServer } from '../servers/okx.js';
import { LONGBRIDGE_OAUTH, LONGPORT_KEY, OKX_KEY } from '../secrets.js';
import { closeAfterEach } from './cleanup.js';
import { runBalance, startBalance, type RunResult } from './harness.js';
import { hasTmux, startInTmux, type TmuxPane } from './tmux.js';
import { streamBalance } from './stream.js';

const closeLater = closeAfterEach();

interface Home {
  readonly dir: string;
  readonly env: Record<string, string>;
  run(args: string[], options?: { input?: string; timeoutMs?: number }): Promise<RunResult>;
  secrets(): Record<string, Record<string, string>>;
  settings(): string;
}

function newHome(): Home {
  const root = mkdtempSync(join(tmpdir(), 'balance-oauth-'));
  const dir = join(root, 'config');
  const env = { HOME: root, BALANCE_CONFIG_DIR: dir, XDG_CONFIG_HOME: join(root, '.config') };
  return {
    dir,
    env,
    run: (args, options = {}) => runBalance(args, { env, ...options }),
    secrets: () => (JSON.parse(readFileSync(join(dir, 'credentials.json'), 'utf8')) as { profiles: Record<string, Record<string, string>> }).profiles,
    settings: () => readFileSync(join(dir, 'config.json'), 'utf8'),
  };
}

async function server(oauth: LongbridgeOAuthOptions = {}): Promise<LongportServer> {
  const started = await startLongportServer({ credentials: [LONGPORT_KEY], oauth: { interval: 1, approveAtPoll: 1, ...oauth } });
  closeLater(() => started.close());
  return started;
}

/** Signs in (approved by the server after the polls it is told), as profile `profile`. */
async function signIn(home: Home, lb: LongportServer, profile = 'lb', extra: string[] = []): Promise<RunResult> {
  const result = await home.run(['auth', 'login', '--provider', 'longbridge', '--profile', profile, '--base-url', lb.url, '--no-browser', ...extra]);
  expect(result.code, result.stderr).toBe(0);
  return result;
}

const polls = (lb: LongportServer) => lb.oauth.tokenRequests.filter((entry) => entry.grantType.endsWith('device_code'));
/** The answers one data center gave to the polls, in order. */
const answersIn = (lb: LongportServer, region: 'ap' | 'us') => polls(lb).filter((entry) => entry.region === region).map((entry) => entry.answer);
const refreshes = (lb: LongportServer) => lb.oauth.tokenRequests.filter((entry) => entry.grantType === 'refresh_token');
const accountCalls = (lb: LongportServer) => lb.requests.filter((entry) => entry.path === ACCOUNT_PATH);
const bearerOf = (entry: { headers: Record<string, unknown> }): string => String(entry.headers.authorization).replace(/^Bearer /, '');

/** A sign-in the user denies once the first polls have come in. */
async function deniedWhilePolling(home: Home, lb: LongportServer): Promise<RunResult> {
  const login = startBalance(['auth', 'login', '--provider', 'longbridge', '--base-url', lb.url, '--no-browser'], { env: home.env });
  while (polls(lb).length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
  lb.oauth.deny();
  return login.done;
}

describe('balance auth login --provider longbridge (OAuth device flow)', () => {
  it('approved after a few polls: the link and code are shown, the session is saved with the secrets, show and status use it', async () => {
    const home = newHome();
    const lb = await server({ approveAtPoll: 3 });
    const login = await signIn(home, lb, 'lb', ['--debug']);
    expect(login.stdout).toBe('');
    expect(login.stderr).toContain(`[debug] → POST ${lb.url}/oauth2/device/authorize`);
    // --debug names the data center each poll went to.
    for (const region of ['ap', 'us']) expect(login.stderr).toContain(`[debug] → POST ${lb.url}/oauth2/token (data center ${region}, x-dc-region: ${region}`);
    expect(login.stderr).toContain('https://open.longbridge.example/device?user_code=WDJB-MJHT');
    expect(login.stderr).toContain('WDJB-MJHT');
    expect(login.stderr).toContain('Saved profile lb (longbridge, OAuth)');
    // Every round asks both data centers; this account is held in Asia-Pacific.
    expect(answersIn(lb, 'ap')).toEqual(['authorization_pending', 'authorization_pending', 'ok']);
    expect(answersIn(lb, 'us')).toEqual(['authorization_pending', 'authorization_pending', 'authorization_pending']);
    expect(polls(lb)).toHaveLength(6);
    expect(lb.oauth.registered).toHaveLength(1);

    // Tokens with the secrets (0600), never in the settings file.
    const stored = home.secrets().lb!;
    expect(stored.oauthAccessToken).toMatch(new RegExp(`^m_${LONGBRIDGE_OAUTH.accessToken}-\\d+$`));
    expect(stored.oauthRefreshToken).toContain(LONGBRIDGE_OAUTH.refreshToken);
    expect(stored.oauthClientId).toBe(lb.oauth.registered[0]);
    expect(statSync(join(home.dir, 'credentials.json')).mode & 0o777).toBe(0o600);
    expect(home.settings()).toContain('"auth": "oauth"');
    for (const secret of Object.values(LONGBRIDGE_OAUTH)) expect(home.settings()).not.toContain(secret);

    const shown = await home.run(['show', '--profile', 'lb']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout.split('\n')[0]).toMatch(/^longbridge\tlb\tsecurities\tHKD\t/);
    const call = accountCalls(lb).at(-1)!;
    expect(call.headers.authorization).toBe(`Bearer ${stored.oauthAccessToken}`);
    expect(call.headers['x-api-key']).toBe(stored.oauthClientId);
    expect(call.headers['x-dc-region']).toBe('ap');
    expect(call.headers['x-timestamp']).toMatch(/^\d+\.\d{3}$/);
    expect(call.headers['x-api-signature']).toBeUndefined();
    expect(refreshes(lb)).toEqual([]); // an hour left: nothing to renew

    const status = await home.run(['auth', 'status', '--profile', 'lb']);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/signed in +with Longbridge \(OAuth\), session renews until \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(status.stdout).toMatch(/data center +ap\n/);
    expect(status.stdout).toMatch(new RegExp(`client id +${stored.oauthClientId}\n`));
    const json = JSON.parse((await home.run(['auth', 'status', '--profile', 'lb', '--json'])).stdout);
    expect(json.profiles[0].session).toMatchObject({ kind: 'oauth', clientId: stored.oauthClientId, dataCenter: 'ap' });
    // auth list says how each profile signs in.
    const listed = await home.run(['auth', 'list']);
    expect(listed.stdout).toBe('lb\tlongbridge\tyes\tfile\toauth\n');
    expect(JSON.parse((await home.run(['auth', 'list', '--json'])).stdout).profiles[0]).toMatchObject({ name: 'lb', auth: 'oauth' });
    // `auth refresh` renews API-key tokens; a session renews itself and is not sent there.
    const requestsBefore = lb.requests.length;
    const refreshed = await home.run(['auth', 'refresh', '--profile', 'lb']);
    expect(refreshed.code).toBe(2);
    expect(refreshed.stderr).toContain('Profile lb: it is signed in with Longbridge (OAuth), and its session renews itself before each use.');
    expect(lb.requests.length).toBe(requestsBefore);
  });

  it('slow_down adds 5 s to the interval between polls, in each data center', async () => {
    const home = newHome();
    const lb = await server({ slowDownPolls: 1, approveAtPoll: 2 });
    await home.run(['auth', 'login', '--provider', 'longbridge', '--base-url', lb.url, '--no-browser'], { timeoutMs: 30_000 }).then((result) => {
      expect(result.code, result.stderr).toBe(0);
    });
    expect(answersIn(lb, 'ap')).toEqual(['slow_down', 'ok']);
    expect(answersIn(lb, 'us')).toEqual(['slow_down', 'authorization_pending']);
    for (const region of ['ap', 'us']) {
      const [first, second] = polls(lb).filter((entry) => entry.region === region);
      // interval 1 s + 5 s
      expect(second!.at - first!.at).toBeGreaterThanOrEqual(5_900);
    }
  });

  it('denied: one line saying so, exit 4, nothing saved, the new client deleted again', async () => {
    const home = newHome();
    const lb = await server({ approveAtPoll: undefined });
    const result = await deniedWhilePolling(home, lb);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('balance: The Longbridge sign-in was denied; nothing was saved.');
    expect(existsSync(join(home.dir, 'credentials.json'))).toBe(false);
    expect(existsSync(join(home.dir, 'config.json'))).toBe(false);
    expect(lb.oauth.deleted).toEqual(lb.oauth.registered);
  });

  it('an account held in the US data center: the US approves, the session is US, and show and its refresh go there', async () => {
    const home = newHome();
    const lb = await server({ dataCenter: 'us', approveAtPoll: 2, accessExpiresIn: 120 });
    await signIn(home, lb);
    expect(answersIn(lb, 'us')).toEqual(['authorization_pending', 'ok']);
    expect(answersIn(lb, 'ap')).toEqual(['authorization_pending', 'authorization_pending']);
    // Each data center is polled at the interval the server asked for (1 s), not faster.
    for (const region of ['ap', 'us']) {
      const [first, second] = polls(lb).filter((entry) => entry.region === region);
      expect(second!.at - first!.at).toBeGreaterThanOrEqual(900);
    }
    // The token as the server gave it, prefix included.
    expect(home.secrets().lb!.oauthAccessToken).toMatch(new RegExp(`^us_m_${LONGBRIDGE_OAUTH.accessToken}-\\d+$`));

    // Less than 5 minutes left: show renews the session first, in the US data center (the server refuses it elsewhere).
    const shown = await home.run(['show', '--profile', 'lb']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout.split('\n')[0]).toMatch(/^longbridge\tlb\tsecurities\tHKD\t/);
    expect(refreshes(lb).map((entry) => [entry.region, entry.answer])).toEqual([['us', 'ok']]);
    const call = accountCalls(lb).at(-1)!;
    expect(call.headers['x-dc-region']).toBe('us');
    expect(bearerOf(call)).toBe(home.secrets().lb!.oauthAccessToken);
    expect(bearerOf(call)).toMatch(/^us_m_/);
    const status = await home.run(['auth', 'status', '--profile', 'lb']);
    expect(status.stdout).toMatch(/data center +us\n/);
  });

  for (const [down, holder] of [
    ['us', 'ap'],
    ['ap', 'us'],
  ] as const) {
    it(`the ${down} data center failing every poll (HTTP 503) does not stop a sign-in the ${holder} one approves`, async () => {
      const home = newHome();
      const lb = await server({ dataCenter: holder, downDataCenters: [down], approveAtPoll: 2 });
      await signIn(home, lb);
      expect(answersIn(lb, holder)).toEqual(['authorization_pending', 'ok']);
      expect(answersIn(lb, down)).toEqual(['HTTP 503', 'HTTP 503']);
      expect(home.secrets().lb!.oauthAccessToken!.startsWith('us_')).toBe(holder === 'us');
      const shown = await home.run(['show', '--profile', 'lb']);
      expect(shown.code, shown.stderr).toBe(0);
      expect(accountCalls(lb).at(-1)!.headers['x-dc-region']).toBe(holder);
    });
  }

  it('the data center that holds the account is down: polling goes on until the code expires, and the message says which one failed', async () => {
    const home = newHome();
    const lb = await server({ dataCenter: 'us', downDataCenters: ['us'], approveAtPoll: 1, deviceExpiresIn: 3 });
    const result = await home.run(['auth', 'login', '--provider', 'longbridge', '--base-url', lb.url, '--no-browser']);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('The Longbridge sign-in code expired before it was approved; nothing was saved.');
    expect(result.stderr).toContain(
      'The US data center did not answer the last poll as expected (Longbridge answered HTTP 503 while waiting for the sign-in); if your account is held there, try again later.',
    );
    expect(answersIn(lb, 'ap').every((answer) => answer === 'authorization_pending')).toBe(true);
    expect(answersIn(lb, 'us').length).toBeGreaterThan(0);
    expect(existsSync(join(home.dir, 'credentials.json'))).toBe(false);
  });

  it('both data centers failing: the sign-in ends at the first round with what happened, exit 1, nothing saved', async () => {
    const home = newHome();
    const lb = await server({ downDataCenters: ['ap', 'us'] });
    const result = await home.run(['auth', 'login', '--provider', 'longbridge', '--base-url', lb.url, '--no-browser']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('balance: Longbridge answered HTTP 503 while waiting for the sign-in.');
    expect(answersIn(lb, 'ap')).toEqual(['HTTP 503']);
    expect(answersIn(lb, 'us')).toEqual(['HTTP 503']);
    expect(existsSync(join(home.dir, 'credentials.json'))).toBe(false);
    expect(lb.oauth.deleted).toEqual(lb.oauth.registered);
  });

  it('denied in the US data center while Asia-Pacific still says pending: denied, exit 4', async () => {
    const home = newHome();
    const lb = await server({ dataCenter: 'us', approveAtPoll: undefined });
    const result = await deniedWhilePolling(home, lb);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('balance: The Longbridge sign-in was denied; nothing was saved.');
    expect(answersIn(lb, 'us').at(-1)).toBe('access_denied');
    expect(answersIn(lb, 'ap').at(-1)).toBe('authorization_pending');
    expect(existsSync(join(home.dir, 'credentials.json'))).toBe(false);
  });

  it('--region cn (mainland hosts): the sign-in goes where the base URL says, as for the global host, and the profile keeps the region', async () => {
    const home = newHome();
    // The test server stands in for openapi.longbridge.cn through --base-url, the way it stands in for the global host.
    const lb = await server({ dataCenter: 'us' });
    await signIn(home, lb, 'lb-cn', ['--region', 'cn']);
    expect(answersIn(lb, 'us')).toEqual(['ok']);
    expect(answersIn(lb, 'ap')).toEqual(['authorization_pending']);
    expect(home.settings()).toMatch(/"region": "cn"/);
    const shown = await home.run(['show', '--profile', 'lb-cn']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(accountCalls(lb).at(-1)!.headers['x-dc-region']).toBe('us');
  });

  it('a device code that expires before approval: exit 4, nothing saved', async () => {
    const home = newHome();
    const lb = await server({ approveAtPoll: undefined, deviceExpiresIn: 2 });
    const result = await home.run(['auth', 'login', '--provider', 'longbridge', '--base-url', lb.url, '--no-browser']);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('The Longbridge sign-in code expired before it was approved; nothing was saved.');
    expect(existsSync(join(home.dir, 'credentials.json'))).toBe(false);
  });

  it('one client per machine and store: a second profile reuses it; logout deletes it when its last profile goes', async () => {
    const home = newHome();
    const lb = await server();
    await signIn(home, lb, 'lb-one');
    await signIn(home, lb, 'lb-two');
    expect(lb.oauth.registered).toHaveLength(1);
    const clientId = lb.oauth.registered[0]!;
    expect(home.secrets()['lb-two']!.oauthClientId).toBe(clientId);

    const first = await home.run(['auth', 'logout', '--profile', 'lb-one']);
    expect(first.code, first.stderr).toBe(0);
    expect(lb.oauth.deleted).toEqual([]); // lb-two still signs in with it
    const last = await home.run(['auth', 'logout', '--profile', 'lb-two']);
    expect(last.code, last.stderr).toBe(0);
    expect(last.stderr).toContain(`Deleted the client balance registered with Longbridge (client id ${clientId}).`);
    expect(lb.oauth.deleted).toEqual([clientId]);
    expect(existsSync(join(home.dir, 'credentials.json'))).toBe(false);
  });

  it('app keys in place of a sign-in: the profile is replaced and its client deleted, unless another profile uses it', async () => {
    const home = newHome();
    const lb = await server();
    await signIn(home, lb, 'lb');
    await signIn(home, lb, 'lb-other');
    const clientId = lb.oauth.registered[0]!;
    const keys = `${LONGPORT_KEY.appKey}\n${LONGPORT_KEY.appSecret}\n${LONGPORT_KEY.accessToken}\n`;
    const login = (profile: string) =>
      home.run(['auth', 'login', '--provider', 'longbridge', '--profile', profile, '--base-url', lb.url, '--with-stdin'], { input: keys });

    const first = await login('lb');
    expect(first.code, first.stderr).toBe(0);
    expect(lb.oauth.deleted).toEqual([]); // lb-other still signs in with it
    expect(JSON.parse((await home.run(['auth', 'list', '--json'])).stdout).profiles.find((p: { name: string }) => p.name === 'lb')).toMatchObject({ auth: 'keys' });

    const last = await login('lb-other');
    expect(last.code, last.stderr).toBe(0);
    expect(last.stderr).toContain(`Deleted the client balance registered with Longbridge (client id ${clientId}).`);
    expect(lb.oauth.deleted).toEqual([clientId]);
  });

  it('longport keeps its app-key questions and points to --provider longbridge for the sign-in', async () => {
    const home = newHome();
    const result = await home.run(['auth', 'login', '--provider', 'longport']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('balance auth login --provider longbridge');
    expect(result.stderr).toContain('--with-stdin');
  });

  it('--app-key and --with-stdin keep the app-key path for longbridge', async () => {
    const home = newHome();
    const lb = await server();
    const keys = await home.run(['auth', 'login', '--provider', 'longbridge', '--app-key', '--base-url', lb.url]);
    expect(keys.code).toBe(2);
    expect(keys.stderr).toContain('stdin is not a terminal');
    const stdin = await home.run(['auth', 'login', '--provider', 'longbridge', '--base-url', lb.url, '--with-stdin'], {
      input: `${LONGPORT_KEY.appKey}\n${LONGPORT_KEY.appSecret}\n${LONGPORT_KEY.accessToken}\n`,
    });
    expect(stdin.code, stdin.stderr).toBe(0);
    expect(lb.oauth.registered).toEqual([]);
  });
});

describe('a session that renews itself', () => {
  it('show with a token about to expire: one refresh, then the call with the new token; the rotated refresh token is kept', async () => {
    const home = newHome();
    const lb = await server({ accessExpiresIn: 120 }); // less than the 5 minutes
    await signIn(home, lb);
    const before = home.secrets().lb!;

    const shown = await home.run(['show', '--profile', 'lb', '--debug']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(refreshes(lb).map((entry) => entry.answer)).toEqual(['ok']);
    // --debug names the refresh, never a token (the suite's grep checks every output too).
    expect(shown.stderr).toContain(`POST ${lb.url}/oauth2/token`);
    for (const token of [before.oauthAccessToken!, before.oauthRefreshToken!]) expect(shown.stderr).not.toContain(token);
    const after = home.secrets().lb!;
    expect(after.oauthAccessToken).not.toBe(before.oauthAccessToken);
    expect(after.oauthRefreshToken).not.toBe(before.oauthRefreshToken);
    expect(bearerOf(accountCalls(lb).at(-1)!)).toBe(after.oauthAccessToken);
    expect(lb.oauth.liveAccessTokens()).toContain(after.oauthAccessToken);

    // The old refresh token is spent: a second refresh works only with the rotated one.
    const again = await home.run(['show', '--profile', 'lb']);
    expect(again.code, again.stderr).toBe(0);
    expect(refreshes(lb).map((entry) => entry.answer)).toEqual(['ok', 'ok']);
  });

  it('a refresh token that comes back unchanged is kept', async () => {
    const home = newHome();
    const lb = await server({ accessExpiresIn: 120, rotate: false });
    await signIn(home, lb);
    const refreshToken = home.secrets().lb!.oauthRefreshToken;
    for (let run = 0; run < 2; run++) expect((await home.run(['show', '--profile', 'lb'])).code).toBe(0);
    expect(refreshes(lb).map((entry) => entry.answer)).toEqual(['ok', 'ok']);
    expect(home.secrets().lb!.oauthRefreshToken).toBe(refreshToken);
  });

  it('two processes at once refresh once, and both use the result', async () => {
    const home = newHome();
    const lb = await server({ accessExpiresIn: 120 });
    await signIn(home, lb);
    lb.oauth.configure({ accessExpiresIn: 3600, refreshDelayMs: 500 });
    const [a, b] = await Promise.all([home.run(['show', '--profile', 'lb']), home.run(['show', '--profile', 'lb'])]);
    expect(a!.code, a!.stderr).toBe(0);
    expect(b!.code, b!.stderr).toBe(0);
    expect(refreshes(lb)).toHaveLength(1);
    const token = home.secrets().lb!.oauthAccessToken;
    expect(accountCalls(lb).slice(-2).map(bearerOf)).toEqual([token, token]);
  });

  it('--watch renews the session in its loop: every refresh has its figures, none an error', async () => {
    const home = newHome();
    const lb = await server({ accessExpiresIn: 120 }); // every token is due at once
    await signIn(home, lb);
    const run = streamBalance(['show', '--profile', 'lb', '--watch', '1', '--json'], home.env);
    try {
      for (let refresh = 0; refresh < 3; refresh++) {
        const doc = JSON.parse(await run.nextLine()) as { balances: unknown[]; errors: unknown[] };
        expect(doc.errors).toEqual([]);
        expect(doc.balances).toHaveLength(1);
      }
    } finally {
      run.child.kill('SIGINT');
      await run.exited();
    }
    expect(refreshes(lb).length).toBeGreaterThanOrEqual(3);
    expect(refreshes(lb).every((entry) => entry.answer === 'ok')).toBe(true);
    expect(run.stderr()).toBe('');
  });

  it('invalid_grant (the session ended): exit 4 with what to run', async () => {
    const home = newHome();
    const lb = await server({ accessExpiresIn: 120 });
    await signIn(home, lb);
    lb.oauth.endSessions();
    const shown = await home.run(['show', '--profile', 'lb']);
    expect(shown.code).toBe(4);
    expect(shown.stderr).toContain('The Longbridge session of profile lb has ended; run `balance auth login --profile lb`.');
    expect(shown.stdout).toBe('');
  });

  it('a session the API refuses (revoked elsewhere): exit 4, and the fix is to sign in again, not new keys', async () => {
    const home = newHome();
    const lb = await server();
    await signIn(home, lb);
    lb.oauth.endSessions(); // the access token has an hour left: no refresh is due, the call is refused
    const shown = await home.run(['show', '--profile', 'lb']);
    expect(shown.code).toBe(4);
    expect(shown.stderr).toContain('The Longbridge session of profile lb was refused; sign in again: balance auth login --profile lb');
    expect(shown.stderr).not.toMatch(/re-issue/i);
    expect(refreshes(lb)).toEqual([]);
  });

  it('--all-profiles mixes an OAuth profile, an API-key profile and OKX', async () => {
    const home = newHome();
    const lb = await server();
    const okx = await startOkxServer();
    closeLater(() => okx.close());
    await signIn(home, lb, 'lb-oauth');
    const keyLogin = await home.run(['auth', 'login', '--provider', 'longport', '--profile', 'lp-keys', '--base-url', lb.url, '--with-stdin'], {
      input: `${LONGPORT_KEY.appKey}\n${LONGPORT_KEY.appSecret}\n${LONGPORT_KEY.accessToken}\n`,
    });
    expect(keyLogin.code, keyLogin.stderr).toBe(0);
    const okxLogin = await home.run(['auth', 'login', '--provider', 'okx', '--profile', 'okx', '--base-url', okx.url, '--with-stdin'], {
      input: `${OKX_KEY.apiKey}\n${OKX_KEY.apiSecret}\n${OKX_KEY.passphrase}\n`,
    });
    expect(okxLogin.code, okxLogin.stderr).toBe(0);

    const shown = await home.run(['show', '--all-profiles', '--json']);
    expect(shown.code, shown.stderr).toBe(0);
    const doc = JSON.parse(shown.stdout) as { balances: { provider: string; profile: string }[]; errors: unknown[] };
    expect(doc.errors).toEqual([]);
    expect(doc.balances.map((set) => `${set.provider}/${set.profile}`).sort()).toEqual(['longbridge/lb-oauth', 'longport/lp-keys', 'okx/okx']);
    const calls = accountCalls(lb).slice(-2);
    expect(calls.filter((call) => String(call.headers.authorization).startsWith('Bearer '))).toHaveLength(1);
    expect(calls.filter((call) => call.headers['x-api-signature'] !== undefined)).toHaveLength(1);
  });
});

describe('the test server checks bearer calls as Longbridge does', () => {
  it('refuses a bearer call with the wrong client id, and a signed one', async () => {
    const home = newHome();
    const lb = await server();
    await signIn(home, lb);
    const { oauthAccessToken: token, oauthClientId: clientId } = home.secrets().lb!;
    const base = { Authorization: `Bearer ${token}`, 'X-Timestamp': String(Date.now() / 1000), 'x-dc-region': 'ap' };
    expect(await status(lb, { ...base, 'X-Api-Key': clientId! })).toBe(200);
    expect(await status(lb, { ...base, 'X-Api-Key': 'another-client' })).toBe(403);
    expect(await status(lb, { ...base, 'X-Api-Key': clientId!, 'X-Api-Signature': 'HMAC-SHA256 SignedHeaders=authorization;x-api-key;x-timestamp, Signature=00' })).toBe(403);
  });
});

describe('the test server tells its data centers apart as Longbridge does', () => {
  it('a poll with an unknown x-dc-region is refused; one without the header is Asia-Pacific', async () => {
    const lb = await server();
    const body = new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', client_id: 'nobody', device_code: 'none' }).toString();
    const answers = [];
    for (const region of ['eu', undefined]) answers.push(await post(lb, '/oauth2/token', body, region === undefined ? {} : { 'x-dc-region': region }));
    expect(answers).toEqual([
      { status: 400, error: 'invalid_request' },
      { status: 400, error: 'invalid_grant' },
    ]);
    expect(lb.oauth.tokenRequests.map((entry) => entry.region)).toEqual(['eu', undefined]);
  });
});

function post(lb: LongportServer, path: string, body: string, headers: Record<string, string>): Promise<{ status: number; error: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${lb.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, error: (JSON.parse(text) as { error: string }).error }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function status(lb: LongportServer, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${lb.url}${ACCOUNT_PATH}`, { headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

const panes: TmuxPane[] = [];
closeLater(async () => {
  await Promise.all(panes.splice(0).map((pane) => pane.close()));
});

describe.skipIf(!hasTmux())('the sign-in at a terminal (tmux)', () => {
  it('Enter starts it; a spinner waits; Ctrl-C leaves with exit 130 and nothing stored', async () => {
    const lb = await server({ approveAtPoll: undefined });
    const dir = mkdtempSync(join(tmpdir(), 'balance-oauth-tty-'));
    const pane = await startInTmux(['auth', 'login', '--provider', 'longbridge', '--base-url', lb.url, '--no-browser'], { BALANCE_CONFIG_DIR: dir }, { columns: 160, rows: 20 });
    panes.push(pane);
    await pane.waitFor((screen) => screen.includes('press Enter'), 'the choice');
    await pane.keys('Enter');
    await pane.waitFor((screen) => screen.includes('WDJB-MJHT') && screen.includes('Waiting for the sign-in to be approved'), 'the code and the spinner');
    await pane.keys('C-c');
    const { code } = await pane.exited();
    const screen = await pane.screen();
    expect(code, screen).toBe(130);
    expect(screen).toContain('Sign-in cancelled; nothing was saved.');
    expect(screen).not.toContain('unexpected error');
    expect(existsSync(join(dir, 'credentials.json'))).toBe(false);
    expect(existsSync(join(dir, 'config.json'))).toBe(false);
    // The client registered for it is deleted again on the way out.
    expect(lb.oauth.registered).toHaveLength(1);
    expect(lb.oauth.deleted).toEqual(lb.oauth.registered);
  });

  it('"k" asks for the app key instead', async () => {
    const lb = await server();
    const pane = await startInTmux(['auth', 'login', '--provider', 'longbridge', '--base-url', lb.url], {}, { columns: 160, rows: 20 });
    panes.push(pane);
    await pane.waitFor((screen) => screen.includes('press k'), 'the choice');
    await pane.keys('k');
    await pane.waitFor((screen) => screen.includes('Longbridge app key:'), 'the app-key question');
    await pane.keys('C-c');
    expect((await pane.exited()).code).toBe(130);
    expect(lb.oauth.registered).toEqual([]);
  });
});
