// The system keyring for real: the built binary with the keyring on
// (BALANCE_KEYRING unset) against a Secret Service of the test's own — a
// private D-Bus session bus and gnome-keyring-daemon, with temporary HOME
// and XDG directories (secret-service.ts) — never the user's keyring. What is
// in the keyring is checked with secret-tool, independently of balance.
//
// Needs dbus-daemon, gnome-keyring-daemon and secret-tool; .ci/run installs
// them. Without them these tests are skipped with a warning, and fail under CI=true.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accessToken, daysFromNow, REFRESH_PATH, startLongportServer } from '../servers/longport.js';
import { startOkxServer, type OkxServer } from '../servers/okx.js';
import { startTinyproxy } from '../servers/proxies.js';
import { ALL_TEST_SECRETS, LONGPORT_KEY, OKX_KEY, PROXY_CREDENTIALS } from '../secrets.js';
import { closeAfterEach } from './cleanup.js';
import { runBalance, type RunResult } from './harness.js';
import { missingSecretServiceTools, startSecretService, type KeyringState, type SecretService } from './secret-service.js';

const missing = missingSecretServiceTools();
const inCI = process.env.CI === 'true';
if (missing.length > 0) {
  console.warn(
    `${missing.join(', ')} not installed: the system keyring tests ${inCI ? 'fail (CI=true)' : 'are skipped'}; apt-get install gnome-keyring libsecret-tools`,
  );
}
const keyringTests = missing.length === 0 || inCI ? describe : describe.skip;

interface Home {
  readonly dir: string;
  readonly settingsFile: string;
  readonly secretsFile: string;
  readonly env: Record<string, string | undefined>;
}

/** A temporary HOME and config directory with the keyring ON, reaching only `service`'s bus (none: no session bus at all). */
function newHome(service: SecretService | null): Home {
  const root = mkdtempSync(join(tmpdir(), 'balance-keyring-'));
  const dir = join(root, 'config');
  return {
    dir,
    settingsFile: join(dir, 'config.json'),
    secretsFile: join(dir, 'credentials.json'),
    env: {
      HOME: root,
      BALANCE_CONFIG_DIR: dir,
      XDG_CONFIG_HOME: join(root, '.config'),
      XDG_RUNTIME_DIR: join(root, 'run'), // empty: libdbus finds no bus there
      BALANCE_KEYRING: undefined, // the harness turns the keyring off unless told
      ...(service === null ? {} : service.env),
    },
  };
}

const balance = (home: Home, args: string[], input?: string): Promise<RunResult> =>
  runBalance(args, { env: home.env, ...(input === undefined ? {} : { input }), timeoutMs: 40_000 });

const okxLines = `${OKX_KEY.apiKey}\n${OKX_KEY.apiSecret}\n${OKX_KEY.passphrase}\n`;
const longportLines = `${LONGPORT_KEY.appKey}\n${LONGPORT_KEY.appSecret}\n${LONGPORT_KEY.accessToken}\n`;
const OKX_ACCOUNTS = ['okx-main:apiKey', 'okx-main:apiSecret', 'okx-main:passphrase'];

const loginOkx = (home: Home, server: OkxServer, profile = 'okx-main'): Promise<RunResult> =>
  balance(home, ['auth', 'login', '--provider', 'okx', '--profile', profile, '--with-stdin', '--base-url', server.url], okxLines);

/** No test secret anywhere in the file's text. */
function expectNoSecretIn(path: string): void {
  const text = readFileSync(path, 'utf8');
  for (const [name, secret] of Object.entries(ALL_TEST_SECRETS)) expect(text.includes(secret), `${name} in ${path}`).toBe(false);
}

const lines = (text: string): string[] => text.split('\n').filter((line) => line !== '');

const closeLater = closeAfterEach();

async function secretService(state: KeyringState): Promise<SecretService> {
  const service = await startSecretService(state);
  closeLater(() => service.close());
  return service;
}

async function okxServer(): Promise<OkxServer> {
  const server = await startOkxServer();
  closeLater(() => server.close());
  return server;
}

keyringTests('the system keyring (a private Secret Service: gnome-keyring on its own D-Bus)', () => {
  it('has the tools it needs (.ci/run installs them)', () => {
    expect(missing, `apt-get install gnome-keyring libsecret-tools`).toEqual([]);
  });

  it('a Longbridge sign-in keeps its session in the keyring; a refresh writes the new tokens there', async () => {
    const keyring = await secretService('unlocked');
    const lb = await startLongportServer({ oauth: { interval: 1, approveAtPoll: 1, accessExpiresIn: 120 } });
    closeLater(() => lb.close());
    const home = newHome(keyring);
    const saved = await balance(home, ['auth', 'login', '--provider', 'longbridge', '--profile', 'lb', '--base-url', lb.url, '--no-browser']);
    expect(saved.code, saved.stderr).toBe(0);
    expect(saved.stderr).toContain('its session is in the system keyring');
    expect(existsSync(home.secretsFile)).toBe(false);
    expectNoSecretIn(home.settingsFile);
    const first = await keyring.lookup('lb:oauthAccessToken');
    expect(first).toMatch(/^m_/);

    const shown = await balance(home, ['show', '--profile', 'lb']);
    expect(shown.code, shown.stderr).toBe(0);
    const renewed = await keyring.lookup('lb:oauthAccessToken');
    expect(renewed).not.toBe(first);
    expect(lb.oauth.liveAccessTokens()).toContain(renewed);
    expect(existsSync(home.secretsFile)).toBe(false);
  });

  it('login puts each secret in the keyring and none in a file; list, status, show and logout use it', async () => {
    const keyring = await secretService('unlocked');
    const okx = await okxServer();
    const lp = await startLongportServer({ credentials: [LONGPORT_KEY] });
    closeLater(() => lp.close());
    const home = newHome(keyring);

    const saved = await loginOkx(home, okx);
    expect(saved.code).toBe(0);
    expect(saved.stderr).toContain(`Saved profile okx-main (okx) for ${okx.url}; its secrets are in the system keyring.`);
    expect(saved.stderr).not.toContain('plain text');
    expect(saved.stderr).not.toContain('cannot be used');
    const savedLp = await balance(home, ['auth', 'login', '--provider', 'longport', '--profile', 'lp-cash', '--with-stdin', '--base-url', lp.url], longportLines);
    expect(savedLp.code).toBe(0);
    expect(savedLp.stderr).not.toContain('plain text');

    // One entry per secret, service "balance", account "<profile>:<key>"; no secrets file; no secret in the settings.
    expect(await keyring.accounts()).toEqual(['lp-cash:accessToken', 'lp-cash:appKey', 'lp-cash:appSecret', ...OKX_ACCOUNTS]);
    expect(await keyring.lookup('okx-main:apiKey')).toBe(OKX_KEY.apiKey);
    expect(await keyring.lookup('okx-main:apiSecret')).toBe(OKX_KEY.apiSecret);
    expect(await keyring.lookup('okx-main:passphrase')).toBe(OKX_KEY.passphrase);
    expect(await keyring.lookup('lp-cash:accessToken')).toBe(LONGPORT_KEY.accessToken);
    expect(existsSync(home.secretsFile)).toBe(false);
    expectNoSecretIn(home.settingsFile);

    const listed = await balance(home, ['auth', 'list', '--json']);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).profiles.map((p: { name: string; secrets: string }) => [p.name, p.secrets])).toEqual([
      ['lp-cash', 'keyring'],
      ['okx-main', 'keyring'],
    ]);

    const status = await balance(home, ['auth', 'status', '--profile', 'okx-main', '--json']);
    expect(status.code).toBe(0);
    const [entry] = JSON.parse(status.stdout).profiles;
    expect(entry).toMatchObject({ profile: 'okx-main', status: 'accepted' });
    expect(entry.secrets).toEqual([
      { key: 'apiKey', label: 'API key', masked: 'okx-****', source: { kind: 'keyring', service: 'balance', account: 'okx-main:apiKey' } },
      { key: 'apiSecret', label: 'API secret', masked: '****', source: { kind: 'keyring', service: 'balance', account: 'okx-main:apiSecret' } },
      { key: 'passphrase', label: 'API passphrase', masked: '****', source: { kind: 'keyring', service: 'balance', account: 'okx-main:passphrase' } },
    ]);
    const text = await balance(home, ['auth', 'status']);
    expect(text.code).toBe(0);
    expect(lines(text.stdout)).toEqual([
      'lp-cash',
      '  provider        longport',
      '  status          accepted',
      '  token expiry    unknown (the token does not say)',
      '  data center     ap',
      '  app key         lp-e****',
      '  app secret      ****',
      '  access token    ****',
      '  stored in       the system keyring',
      'okx-main (default)',
      '  provider        okx',
      '  status          accepted',
      '  permissions     read_only',
      '  API key         okx-****',
      '  API secret      ****',
      '  API passphrase  ****',
      '  stored in       the system keyring',
    ]);

    okx.requests.length = 0;
    const shown = await balance(home, ['show', '--profile', 'okx-main']);
    expect(shown.stderr).toBe('');
    expect(shown.code).toBe(0);
    expect(lines(shown.stdout)[0]).toMatch(/^okx\tokx-main\ttrading\tUSDT\t/);
    expect(okx.requests.every((request) => request.headers['ok-access-key'] === OKX_KEY.apiKey)).toBe(true);
    const bare = await balance(home, ['show']); // the default profile
    expect(bare.code).toBe(0);
    expect(lines(bare.stdout)[0]).toMatch(/^okx\tokx-main\t/);
    const both = await balance(home, ['show', '--all-profiles']); // both profiles' secrets in one keyring call
    expect(both.stderr).toBe('');
    expect(both.code).toBe(0);
    expect(new Set(lines(both.stdout).map((line) => line.split('\t').slice(0, 2).join(' ')))).toEqual(new Set(['longport lp-cash', 'okx okx-main']));

    // logout removes that profile's entries and no other's.
    const out = await balance(home, ['auth', 'logout', '--profile', 'okx-main']);
    expect(out.code).toBe(0);
    expect(out.stderr).toContain('Removed profile okx-main (okx) and its secrets from the system keyring.');
    expect(await keyring.accounts()).toEqual(['lp-cash:accessToken', 'lp-cash:appKey', 'lp-cash:appSecret']);
    expect(await keyring.lookup('okx-main:apiSecret')).toBeNull();
    const gone = await balance(home, ['show', '--profile', 'okx-main']);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain('okx-main');
    expect((await balance(home, ['show', '--profile', 'lp-cash'])).code).toBe(0);

    expect((await balance(home, ['auth', 'logout', '--all', '--yes'])).code).toBe(0);
    expect(await keyring.accounts()).toEqual([]);
    expect(existsSync(home.secretsFile)).toBe(false);
  });

  it('logging in again replaces the entries; --insecure-storage moves the secrets to the file and out of the keyring', async () => {
    const keyring = await secretService('unlocked');
    const okx = await okxServer();
    const home = newHome(keyring);
    expect((await loginOkx(home, okx)).code).toBe(0);
    const again = await loginOkx(home, okx);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(`Replaced profile okx-main (okx) for ${okx.url}; its secrets are in the system keyring.`);
    expect(await keyring.accounts()).toEqual(OKX_ACCOUNTS); // replaced, not added beside

    const moved = await balance(home, ['auth', 'login', '--provider', 'okx', '--profile', 'okx-main', '--with-stdin', '--base-url', okx.url, '--insecure-storage'], okxLines);
    expect(moved.code).toBe(0);
    expect(moved.stderr).toContain(`credentials saved in plain text at ${home.secretsFile}`);
    expect(moved.stderr).not.toContain('warning');
    expect(await keyring.accounts()).toEqual([]);
    expect(JSON.parse(readFileSync(home.secretsFile, 'utf8')).profiles).toEqual({ 'okx-main': { ...OKX_KEY } });
  });

  it('an entry removed from the keyring by hand: show names the missing secret, logout removes the rest', async () => {
    const keyring = await secretService('unlocked');
    const okx = await okxServer();
    const home = newHome(keyring);
    expect((await loginOkx(home, okx)).code).toBe(0);
    await keyring.clear('okx-main:apiSecret');

    const shown = await balance(home, ['show', '--profile', 'okx-main']);
    expect(shown.code).toBe(4);
    expect(shown.stderr).toContain('Profile okx-main is missing its API secret in the system keyring.');
    expect(shown.stderr).toContain('balance auth login --provider okx --profile okx-main');
    const out = await balance(home, ['auth', 'logout']);
    expect(out.stderr).toBe('Removed profile okx-main (okx) and its secrets from the system keyring.\n');
    expect(out.code).toBe(0);
    expect(await keyring.accounts()).toEqual([]);
  });

  describe('when the keyring cannot be used, login falls back to the 0600 file and says so once', () => {
    const cases: { what: string; state: KeyringState | 'no bus'; reason: RegExp }[] = [
      { what: 'a locked keyring (no prompt can unlock it)', state: 'locked', reason: /the keyring is locked, and its unlock prompt was dismissed/ },
      { what: 'a session bus without a Secret Service', state: 'absent', reason: /no Secret Service is running in this session: no keyring program such as gnome-keyring/ },
      { what: 'no session bus at all', state: 'no bus', reason: /no Secret Service is running: this session has no D-Bus session bus/ },
    ];
    it.each(cases)('$what', async ({ state, reason }) => {
      const keyring = state === 'no bus' ? null : await secretService(state);
      const okx = await okxServer();
      const home = newHome(keyring);
      const saved = await loginOkx(home, okx);
      expect(saved.code).toBe(0);
      const problem = lines(saved.stderr).find((line) => line.startsWith('balance: the system keyring cannot be used ('));
      expect(problem, saved.stderr).toMatch(reason);
      expect(problem).not.toMatch(/DBus|freedesktop|DBUS_/);
      expect(saved.stderr).toContain(`balance: credentials saved in plain text at ${home.secretsFile}`);
      expect(saved.stderr).toContain('its secrets are in the secrets file (readable only by you)');
      expect(JSON.parse(readFileSync(home.secretsFile, 'utf8')).profiles).toEqual({ 'okx-main': { ...OKX_KEY } });
      if (state === 'locked') expect(await keyring!.accounts()).toEqual([]);

      // Reading the file later is silent: the warning was said once, at login.
      const shown = await balance(home, ['show', '--profile', 'okx-main']);
      expect(shown.code).toBe(0);
      expect(shown.stderr).toBe('');
      expect((await balance(home, ['auth', 'logout'])).code).toBe(0);
      expect(existsSync(home.secretsFile)).toBe(false);
    });
  });

  it('a profile in the keyring while the keyring is locked: show and logout fail with what to do, and nothing is lost', async () => {
    const keyring = await secretService('unlocked');
    const okx = await okxServer();
    const home = newHome(keyring);
    expect((await loginOkx(home, okx)).code).toBe(0);
    await keyring.lock();

    const shown = await balance(home, ['show', '--profile', 'okx-main']);
    expect(shown.code).toBe(4);
    expect(shown.stdout).toBe('');
    expect(shown.stderr).toContain('Could not read the secrets of profile okx-main from the system keyring');
    expect(shown.stderr).toContain('Check that the keyring is unlocked');
    const out = await balance(home, ['auth', 'logout']);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('Could not remove the secrets of okx-main from the system keyring');
    expect(await keyring.accounts()).toEqual(OKX_ACCOUNTS);
    expect(JSON.parse((await balance(home, ['auth', 'list', '--json'])).stdout).profiles).toHaveLength(1);
  });

  describe('balance auth refresh of a profile in the keyring', () => {
    const key = { ...LONGPORT_KEY, accessToken: accessToken({ exp: daysFromNow(20), ak: LONGPORT_KEY.appKey }) };
    const loginLp = async (home: Home, url: string): Promise<void> => {
      const saved = await balance(home, ['auth', 'login', '--provider', 'longport', '--profile', 'lp-main', '--with-stdin', '--base-url', url], `${key.appKey}\n${key.appSecret}\n${key.accessToken}\n`);
      expect(saved.code, saved.stderr).toBe(0);
    };

    it('puts the new token in the keyring, where the old one was, and reads it back', async () => {
      const keyring = await secretService('unlocked');
      const lp = await startLongportServer({ credentials: [key] });
      closeLater(() => lp.close());
      const home = newHome(keyring);
      await loginLp(home, lp.url);
      const refreshed = await balance(home, ['auth', 'refresh']);
      expect(refreshed.code, refreshed.stderr).toBe(0);
      expect(refreshed.stderr).toContain('Renewed the access token of profile lp-main, saved in the system keyring; valid until');
      const renewed = lp.currentToken(key.appKey);
      expect(renewed).not.toBe(key.accessToken);
      expect(await keyring.lookup('lp-main:accessToken')).toBe(renewed);
      expect(await keyring.lookup('lp-main:appKey')).toBe(key.appKey);
      expect(existsSync(home.secretsFile)).toBe(false);
      expect((await balance(home, ['show', '--profile', 'lp-main'])).code).toBe(0);
    });

    /** A stored profile whose `auth refresh` reads the keyring, then meets `spoil` while the provider answers. */
    async function refreshWhile(spoil: (keyring: SecretService) => Promise<void> | void) {
      const keyring = await secretService('unlocked');
      const lp = await startLongportServer({ credentials: [key] });
      closeLater(() => lp.close());
      const home = newHome(keyring);
      await loginLp(home, lp.url);
      lp.enqueue({ transportOnly: true, delayMs: 1_500 });
      const running = balance(home, ['auth', 'refresh']);
      while (!lp.requests.some((request) => request.path === REFRESH_PATH)) await new Promise((resolve) => setTimeout(resolve, 20));
      await spoil(keyring);
      return { keyring, lp, home, refreshed: await running };
    }

    it('when the keyring cannot be written after the provider answered: the new token goes to the 0600 file, with a warning', async () => {
      // The secrets were read; while the provider answers, the keyring locks.
      const { keyring, lp, home, refreshed } = await refreshWhile((keyring) => keyring.lock());
      expect(refreshed.code, refreshed.stderr).toBe(0);
      expect(refreshed.stderr).toContain('balance: warning: the system keyring could not keep the new token of profile lp-main (');
      expect(refreshed.stderr).toContain(`Renewed the access token of profile lp-main, saved in the secrets file (${home.secretsFile}, readable only by you)`);
      expect(JSON.parse(readFileSync(home.secretsFile, 'utf8')).profiles['lp-main'].accessToken).toBe(lp.currentToken(key.appKey));
      const listed = JSON.parse((await balance(home, ['auth', 'list', '--json'])).stdout).profiles[0];
      expect(listed.secrets).toBe('file');
      const shown = await balance(home, ['show', '--profile', 'lp-main']);
      expect(shown.code, shown.stderr).toBe(0);
      // The old entries (the dead token among them) are still in the locked keyring: logout says where.
      const stale = await keyring.accounts();
      expect(stale).toContain('lp-main:accessToken');
      const logout = await balance(home, ['auth', 'logout', '--profile', 'lp-main']);
      expect(logout.code, logout.stderr).toBe(0);
      expect(logout.stderr).toContain('The old keyring entries of lp-main (service balance, lp-main:appKey, lp-main:appSecret, lp-main:accessToken) could not be removed');
      expect(logout.stderr).toContain('secret-tool clear service balance username <entry>');
    });

    it('after such a move, the old entries are removed by logout once the keyring works again', async () => {
      // The keyring hangs while the new token is written: it goes to the file.
      const { keyring, home, refreshed } = await refreshWhile((keyring) => keyring.pause('keyring'));
      keyring.resume();
      expect(refreshed.code, refreshed.stderr).toBe(0);
      expect(refreshed.stderr).toContain('saved in the secrets file');
      expect(await keyring.accounts()).toContain('lp-main:accessToken');
      const logout = await balance(home, ['auth', 'logout', '--profile', 'lp-main']);
      expect(logout.code, logout.stderr).toBe(0);
      expect(logout.stderr).not.toContain('warning');
      expect(await keyring.accounts()).toEqual([]);
    });
  });

  describe('a Secret Service that hangs (SIGSTOP) does not hang balance', () => {
    // The documented bounds: a keyring call is abandoned after 5 s without an answer, and
    // login's undo of a store that timed out gets 2 s more. Generous margins: machines are noisy.
    const CALL_BOUND_MS = 9_000;
    const LOGIN_BOUND_MS = 12_000;
    const cases = [
      // D-Bus answers for the stopped daemon: the library's own time limit (2 s) ends each call.
      { what: 'the keyring daemon stopped', pause: 'keyring', reason: /Did not receive a reply|did not answer within 5 s/ },
      // Nothing answers at all: the helper is killed after 5 s.
      { what: 'the session bus stopped', pause: 'bus', reason: /the keyring did not answer within 5 s/ },
    ] as const;

    it.each(cases)('$what: login falls back to the file, show and logout fail in seconds, nothing is lost', async ({ pause, reason }) => {
      const keyring = await secretService('unlocked');
      const okx = await okxServer();
      const home = newHome(keyring);
      expect((await loginOkx(home, okx, 'before')).code).toBe(0);
      expect((await loginOkx(home, okx, 'second')).code).toBe(0);
      keyring.pause(pause);

      const saved = await loginOkx(home, okx, 'during');
      expect(saved.code).toBe(0);
      expect(saved.ms).toBeLessThan(LOGIN_BOUND_MS);
      expect(lines(saved.stderr).find((line) => line.startsWith('balance: the system keyring cannot be used ('))).toMatch(reason);
      expect(saved.stderr).toContain(`credentials saved in plain text at ${home.secretsFile}`);

      const shown = await balance(home, ['show', '--profile', 'before']);
      expect(shown.code).toBe(4);
      expect(shown.ms).toBeLessThan(CALL_BOUND_MS);
      expect(shown.stderr).toContain('Could not read the secrets of profile before from the system keyring: ');
      expect(shown.stderr).toMatch(reason);
      expect(shown.stderr).not.toContain('..'); // one sentence of the library's message, one full stop
      const fromFile = await balance(home, ['show', '--profile', 'during']);
      expect(fromFile.code).toBe(0);
      expect(fromFile.stderr).toBe('');
      // Six secrets of two profiles in one keyring call, which ends at its first failure.
      const all = await balance(home, ['show', '--all-profiles']);
      expect(all.ms).toBeLessThan(CALL_BOUND_MS);
      expect(all.code).toBe(4); // every failure an authentication failure
      expect(lines(all.stdout).map((line) => line.split('\t').slice(0, 2).join(' '))).toEqual(['okx during']);
      expect(all.stderr).toContain('balance: okx/before: Could not read the secrets of profile before from the system keyring: ');
      expect(all.stderr).toContain('balance: okx/second: Could not read the secrets of profile second from the system keyring: ');

      const out = await balance(home, ['auth', 'logout', '--profile', 'before']);
      expect(out.code).toBe(2);
      expect(out.ms).toBeLessThan(CALL_BOUND_MS);
      expect(out.stderr).toContain('Nothing was removed.');

      keyring.resume();
      expect(await keyring.accounts()).toEqual(['before:apiKey', 'before:apiSecret', 'before:passphrase', 'second:apiKey', 'second:apiSecret', 'second:passphrase']);
      expect((await balance(home, ['show', '--profile', 'before'])).code).toBe(0);
    });
  });
});

keyringTests('a proxy password in the system keyring', () => {
  it('auth login --proxy USER@…: the password is one more keyring entry, used by show and removed by logout', async () => {
    const keyring = await secretService('unlocked');
    const okx = await okxServer();
    const tiny = await startTinyproxy({ credentials: PROXY_CREDENTIALS });
    closeLater(() => tiny.close());
    const home = newHome(keyring);
    const proxyUrl = `http://${PROXY_CREDENTIALS.user}@127.0.0.1:${tiny.port}`;
    const saved = await balance(
      home,
      ['auth', 'login', '--provider', 'okx', '--profile', 'okx-main', '--with-stdin', '--base-url', okx.url, '--proxy', proxyUrl],
      `${okxLines}${PROXY_CREDENTIALS.password}\n`,
    );
    expect(saved.code).toBe(0);
    expect(await keyring.accounts()).toEqual([...OKX_ACCOUNTS, 'okx-main:proxyPassword'].sort());
    expect(await keyring.lookup('okx-main:proxyPassword')).toBe(PROXY_CREDENTIALS.password);
    expect(existsSync(home.secretsFile)).toBe(false);
    expectNoSecretIn(home.settingsFile);

    const shown = await balance(home, ['show', '--profile', 'okx-main']);
    expect(shown.stderr).toBe('');
    expect(shown.code).toBe(0);
    expect(tiny.tunnels()).toContain(`127.0.0.1:${okx.port}`);

    const out = await balance(home, ['auth', 'logout', '--profile', 'okx-main']);
    expect(out.code).toBe(0);
    expect(await keyring.accounts()).toEqual([]);
  });
});
