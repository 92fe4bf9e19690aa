// `balance auth …` and `balance show --profile` through the built binary,
// against the local signature-checking servers. Every test has its own HOME
// and BALANCE_CONFIG_DIR, and the keyring is off (the harness's default), so
// the secrets go to the 0600 file.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEGACY_PATH, startLongportServer, type LongportServer } from '../servers/longport.js';
import { startOkxServer, type OkxServer, type OkxServerOptions } from '../servers/okx.js';
import { ALL_TEST_SECRETS, LONGPORT_EXPIRED_TOKEN, LONGPORT_KEY, LONGPORT_WRONG_SECRET, OKX_KEY, OKX_OTHER_KEY, OKX_SHORT_KEY } from '../secrets.js';
import { closeAfterEach } from './cleanup.js';
import { runBalance, type RunResult } from './harness.js';
import { hasTmux, startInTmux } from './tmux.js';

interface Home {
  readonly root: string;
  readonly dir: string;
  readonly settingsFile: string;
  readonly secretsFile: string;
  readonly env: Record<string, string>;
}

function newHome(): Home {
  const root = mkdtempSync(join(tmpdir(), 'balance-auth-'));
  const dir = join(root, 'config');
  return {
    root,
    dir,
    settingsFile: join(dir, 'config.json'),
    secretsFile: join(dir, 'credentials.json'),
    env: { HOME: root, BALANCE_CONFIG_DIR: dir, XDG_CONFIG_HOME: join(root, '.config') },
  };
}

function balance(home: Home, args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<RunResult> {
  return runBalance(args, { env: { ...home.env, ...options.env }, ...(options.input === undefined ? {} : { input: options.input }) });
}

const okxLines = (key: { apiKey: string; apiSecret: string; passphrase: string } = OKX_KEY): string =>
  `${key.apiKey}\n${key.apiSecret}\n${key.passphrase}\n`;
const longportLines = (key: { appKey: string; appSecret: string; accessToken: string } = LONGPORT_KEY): string =>
  `${key.appKey}\n${key.appSecret}\n${key.accessToken}\n`;

function login(home: Home, provider: string, profile: string, input: string, args: string[] = []): Promise<RunResult> {
  return balance(home, ['auth', 'login', '--provider', provider, '--profile', profile, '--with-stdin', ...args], { input });
}

/** The accepted OKX key in the environment, optionally with a base URL. */
const okxEnv = (url?: string): Record<string, string> => ({
  OKX_API_KEY: OKX_KEY.apiKey,
  OKX_API_SECRET: OKX_KEY.apiSecret,
  OKX_API_PASSPHRASE: OKX_KEY.passphrase,
  ...(url === undefined ? {} : { OKX_BASE_URL: url }),
});

const lines = (text: string): string[] => text.split('\n').filter((line) => line !== '');
const mode = (path: string): number => statSync(path).mode & 0o777;

interface ListedProfile {
  name: string;
  provider: string;
  default: boolean;
  secrets: string;
  settings: Record<string, unknown>;
}

async function listProfiles(home: Home): Promise<{ defaultProfile: string | null; profiles: ListedProfile[] }> {
  const result = await balance(home, ['auth', 'list', '--json']);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
}

function storedSecrets(home: Home): Record<string, Record<string, string>> {
  return (JSON.parse(readFileSync(home.secretsFile, 'utf8')) as { profiles: Record<string, Record<string, string>> }).profiles;
}

const closeLater = closeAfterEach();

async function okxServer(options: OkxServerOptions = {}): Promise<OkxServer> {
  const server = await startOkxServer(options);
  closeLater(() => server.close());
  return server;
}

async function longportServer(): Promise<LongportServer> {
  const server = await startLongportServer({ credentials: [LONGPORT_KEY], expiredToken: LONGPORT_EXPIRED_TOKEN });
  closeLater(() => server.close());
  return server;
}

describe('balance auth login --with-stdin', () => {
  it.each(['longport', 'longbridge'] as const)('%s: checks the credentials, saves them, and show --profile uses them', async (provider) => {
    const home = newHome();
    const server = await longportServer();
    const saved = await login(home, provider, 'cash', longportLines(), ['--base-url', server.url]);
    expect(saved.code).toBe(0);
    expect(saved.stdout).toBe('');
    expect(saved.stderr).toContain(`credentials saved in plain text at ${home.secretsFile}`);
    expect(saved.stderr).toContain('cash is the default profile');
    expect(server.requests.map((request) => request.status)).toEqual([200]);

    const shown = await balance(home, ['show', '--profile', 'cash']);
    expect(shown.stderr).toBe('');
    expect(shown.code).toBe(0);
    expect(lines(shown.stdout).map((line) => line.split('\t').slice(0, 4).join(' '))).toEqual([
      `${provider} cash securities HKD`,
      `${provider} cash securities USD`,
    ]);
    expect(storedSecrets(home)).toEqual({ cash: { ...LONGPORT_KEY } });
  });

  it('okx: saves the site, base URL and demo-trading choice with the profile', async () => {
    const home = newHome();
    const server = await okxServer({ demo: true });
    const saved = await login(home, 'okx', 'okx-demo', okxLines(), ['--base-url', server.url, '--demo-trading', '--site', 'eea']);
    expect(saved.code).toBe(0);
    expect(server.requests.map((request) => request.status).sort()).toEqual([200, 200]);

    const { profiles } = await listProfiles(home);
    expect(profiles).toEqual([
      expect.objectContaining({ name: 'okx-demo', provider: 'okx', default: true, secrets: 'file', settings: { baseUrl: server.url, site: 'eea', demoTrading: true } }),
    ]);

    server.requests.length = 0;
    const shown = await balance(home, ['show', '--profile', 'okx-demo']);
    expect(shown.code).toBe(0);
    expect(lines(shown.stdout)[0]).toMatch(/^okx\tokx-demo\ttrading\tUSDT\t/);
    expect(server.requests.every((request) => request.headers['x-simulated-trading'] === '1')).toBe(true);
  });

  it('okx --funding is saved with the profile: show --profile and --all-profiles include the funding account', async () => {
    const home = newHome();
    const server = await okxServer();
    const saved = await login(home, 'okx', 'okx-fund', okxLines(), ['--base-url', server.url, '--funding']);
    expect(saved.code, saved.stderr).toBe(0);
    // The check at login asks for what the profile will show, the funding account included.
    expect(server.requests.map((request) => request.path)).toContain('/api/v5/asset/balances');
    expect((await listProfiles(home)).profiles).toEqual([expect.objectContaining({ name: 'okx-fund', settings: { baseUrl: server.url, funding: true } })]);

    for (const args of [['show', '--profile', 'okx-fund'], ['show', '--all-profiles']]) {
      const shown = await balance(home, args);
      expect(shown.code, `${args.join(' ')}: ${shown.stderr}`).toBe(0);
      expect(lines(shown.stdout).map((line) => line.split('\t').slice(1, 4).join(' ')), args.join(' ')).toContain('okx-fund funding ETH');
      expect(lines(shown.stdout).some((line) => line.startsWith('okx\tokx-fund\ttrading\t')), args.join(' ')).toBe(true);
    }
  });

  it('longbridge --legacy-api is saved with the profile', async () => {
    const home = newHome();
    const server = await longportServer();
    expect((await login(home, 'longbridge', 'lb-2022', longportLines(), ['--base-url', server.url, '--legacy-api'])).code).toBe(0);
    const shown = await balance(home, ['show', '--profile', 'lb-2022']);
    expect(shown.code).toBe(0);
    expect(server.requests.map((request) => request.path)).toEqual([LEGACY_PATH, LEGACY_PATH]);
  });

  it('refuses credentials the provider rejects: exit 4, nothing saved', async () => {
    const home = newHome();
    const server = await okxServer();
    const result = await login(home, 'okx', 'main', okxLines({ ...OKX_KEY, apiSecret: OKX_OTHER_KEY.apiSecret }), ['--base-url', server.url]);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('Not saved: OKX rejected the signature (50113)');
    expect(existsSync(home.settingsFile)).toBe(false);
    expect(existsSync(home.secretsFile)).toBe(false);
  });

  it('checks against the host given on the command line, not the one OKX_BASE_URL or OKX_SITE in the shell names', async () => {
    const home = newHome();
    const server = await okxServer();
    const elsewhere = await okxServer(); // must not be asked
    const shell = { OKX_BASE_URL: elsewhere.url, OKX_SITE: 'us' };
    const saved = await balance(home, ['auth', 'login', '--provider', 'okx', '--profile', 'main', '--with-stdin', '--base-url', server.url], {
      input: okxLines(),
      env: shell,
    });
    expect(saved.code, saved.stderr).toBe(0);
    expect(server.requests.map((request) => request.status).sort()).toEqual([200, 200]);
    expect(elsewhere.requests).toEqual([]);
    expect((await listProfiles(home)).profiles).toEqual([expect.objectContaining({ name: 'main', settings: { baseUrl: server.url } })]);
  });

  it('a refused passphrase from stdin: the hint names the passphrase, not an environment variable that was never set', async () => {
    const home = newHome();
    const server = await okxServer();
    server.fail({ code: '50105', times: 2 });
    const result = await login(home, 'okx', 'main', okxLines(), ['--base-url', server.url]);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('Not saved: OKX rejected the API passphrase (50105)');
    expect(result.stderr).toContain('Check the API passphrase');
    expect(result.stderr).not.toContain('OKX_');
    expect(existsSync(home.settingsFile)).toBe(false);
  });

  it('a server that cannot be reached: exit 1, nothing saved, --no-verify suggested', async () => {
    const home = newHome();
    const server = await startOkxServer(); // not closed after the test: it is closed here
    const url = server.url;
    await server.close();
    const result = await login(home, 'okx', 'main', okxLines(), ['--base-url', url, '--timeout', '5']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--no-verify');
    expect(existsSync(home.settingsFile)).toBe(false);
  });

  it('--no-verify saves without asking the provider', async () => {
    const home = newHome();
    const server = await okxServer();
    const result = await login(home, 'okx', 'unchecked', okxLines(OKX_OTHER_KEY), ['--base-url', server.url, '--no-verify']);
    expect(result.code).toBe(0);
    expect(server.requests).toEqual([]);
    expect(storedSecrets(home)).toEqual({ unchecked: { ...OKX_OTHER_KEY } });
  });

  it('without --profile the profile is named after the provider', async () => {
    const home = newHome();
    const result = await balance(home, ['auth', 'login', '--provider', 'okx', '--with-stdin', '--no-verify'], { input: okxLines() });
    expect(result.code).toBe(0);
    expect((await listProfiles(home)).profiles.map((profile) => profile.name)).toEqual(['okx']);
  });

  it('stdin that is not a terminal, without --with-stdin: exit 2 saying to use it', async () => {
    const home = newHome();
    const result = await balance(home, ['auth', 'login', '--provider', 'longport'], { input: longportLines() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--with-stdin');
    expect(result.stderr).toContain('app key, app secret, access token');
    expect(existsSync(home.settingsFile)).toBe(false);
  });

  it('the wrong number of lines, or an empty one: exit 2, nothing saved', async () => {
    const home = newHome();
    const two = await login(home, 'okx', 'main', `${OKX_KEY.apiKey}\n${OKX_KEY.apiSecret}\n`);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain('expects 3 lines on stdin, got 2');
    expect(two.stderr).toContain('API key, API secret, API passphrase');
    const empty = await login(home, 'okx', 'main', `${OKX_KEY.apiKey}\n\n${OKX_KEY.passphrase}\n`, ['--no-verify']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('The API secret is empty (line 2 of stdin)');
    expect(existsSync(home.settingsFile)).toBe(false);
  });

  it('accepts CRLF line ends', async () => {
    const home = newHome();
    const result = await login(home, 'okx', 'main', okxLines().replaceAll('\n', '\r\n'), ['--no-verify']);
    expect(result.code).toBe(0);
    expect(storedSecrets(home)).toEqual({ main: { ...OKX_KEY } });
  });

  it('refuses bad profile names, and settings that do not fit the provider, before reading any secret: exit 2', async () => {
    const home = newHome();
    for (const name of ['has space', 'default', 'sample', '-dash-first', 'x'.repeat(33), 'ünï']) {
      const result = await login(home, 'okx', name, okxLines(), ['--no-verify']);
      expect(result.code, name).toBe(2);
      expect(result.stderr, name).toContain('profile name');
    }
    const site = await login(home, 'longport', 'lp', longportLines(), ['--no-verify', '--site', 'eea']);
    expect(site.code).toBe(2);
    expect(site.stderr).toContain('--site applies to okx only');
    const http = await login(home, 'okx', 'main', okxLines(), ['--no-verify', '--base-url', 'http://example.com']);
    expect(http.code).toBe(2);
    expect(existsSync(home.settingsFile)).toBe(false);
    expect((await login(home, 'okx', 'Work_2-b', okxLines(), ['--no-verify'])).code).toBe(0);
  });

  it('logging in again replaces the profile', async () => {
    const home = newHome();
    expect((await login(home, 'okx', 'main', okxLines(OKX_OTHER_KEY), ['--no-verify', '--site', 'us'])).code).toBe(0);
    const again = await login(home, 'okx', 'main', okxLines(), ['--no-verify']);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('Replaced profile main');
    expect(storedSecrets(home)).toEqual({ main: { ...OKX_KEY } });
    expect((await listProfiles(home)).profiles).toEqual([expect.objectContaining({ name: 'main', settings: {} })]);
  });
});

describe('show with stored profiles', () => {
  async function twoProfiles(): Promise<{ home: Home; okx: OkxServer; lp: LongportServer }> {
    const home = newHome();
    const okx = await okxServer();
    const lp = await longportServer();
    expect((await login(home, 'okx', 'okx-main', okxLines(), ['--base-url', okx.url])).code).toBe(0);
    expect((await login(home, 'longport', 'lp-cash', longportLines(), ['--base-url', lp.url])).code).toBe(0);
    return { home, okx, lp };
  }

  it('the first profile is the default: a bare `balance show` uses it; `auth default` changes it', async () => {
    const { home } = await twoProfiles();
    const first = await balance(home, ['show']);
    expect(first.code).toBe(0);
    expect(lines(first.stdout).every((line) => line.startsWith('okx\tokx-main\t'))).toBe(true);

    const switched = await balance(home, ['auth', 'default', 'lp-cash']);
    expect(switched.code).toBe(0);
    expect((await balance(home, ['auth', 'default'])).stdout).toBe('lp-cash\n');
    const second = await balance(home, ['show', '--currency', 'HKD']);
    expect(second.code).toBe(0);
    expect(lines(second.stdout)).toEqual([expect.stringMatching(/^longport\tlp-cash\tsecurities\tHKD\t/)]);
  });

  it('--provider alone uses the stored profile of that provider', async () => {
    const { home } = await twoProfiles();
    const result = await balance(home, ['show', '--provider', 'longport']);
    expect(result.code).toBe(0);
    expect(lines(result.stdout).every((line) => line.startsWith('longport\tlp-cash\t'))).toBe(true);
  });

  it('an unknown profile, or a --provider that contradicts it: exit 2 before any request', async () => {
    const { home, okx, lp } = await twoProfiles();
    okx.requests.length = 0;
    lp.requests.length = 0;
    const unknown = await balance(home, ['show', '--profile', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No profile named "nope"');
    expect(unknown.stderr).toContain('lp-cash, okx-main');
    const conflict = await balance(home, ['show', '--profile', 'lp-cash', '--provider', 'okx']);
    expect(conflict.code).toBe(2);
    expect(conflict.stderr).toContain('Profile lp-cash is a Longport profile, not OKX');
    expect(await balance(home, ['show', '--profile', 'lp-cash', '--provider', 'sample'])).toMatchObject({ code: 2 });
    const okxConflict = await balance(home, ['show', '--profile', 'okx-main', '--provider', 'longbridge']);
    expect(okxConflict).toMatchObject({ code: 2 });
    expect(okxConflict.stderr).toContain('Profile okx-main is an OKX profile, not Longbridge.');
    expect([...okx.requests, ...lp.requests]).toEqual([]);
  });

  it('--provider sample still works beside stored profiles', async () => {
    const { home } = await twoProfiles();
    const result = await balance(home, ['show', '--provider', 'sample', '--currency', 'USDT']);
    expect(result.code).toBe(0);
    expect(lines(result.stdout)[0]).toMatch(/^okx\tsample\t/);
  });
});

describe('precedence: flag > environment > stored profile', () => {
  it("the environment's credentials replace a stored profile's, and both show and status say so", async () => {
    const home = newHome();
    const server = await okxServer();
    expect((await login(home, 'okx', 'main', okxLines(OKX_OTHER_KEY), ['--no-verify', '--base-url', server.url])).code).toBe(0);

    const stored = await balance(home, ['show', '--profile', 'main']);
    expect(stored.code).toBe(4); // the server does not know the stored key
    expect(stored.stderr).toContain('50119');

    const overridden = await balance(home, ['show', '--profile', 'main'], { env: okxEnv() });
    expect(overridden.code).toBe(0);
    expect(lines(overridden.stdout)[0]).toMatch(/^okx\tmain\t/);
    expect(overridden.stderr).toContain(
      'note: OKX_API_KEY, OKX_API_SECRET, OKX_API_PASSPHRASE from the environment replace the stored credentials of profile main',
    );

    const status = await balance(home, ['auth', 'status', '--profile', 'main'], { env: okxEnv() });
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('  API key         okx-**** (OKX_API_KEY)\n  API secret      **** (OKX_API_SECRET)\n  API passphrase  **** (OKX_API_PASSPHRASE)\n');
    expect(status.stderr).toContain('profile main: OKX_API_KEY, OKX_API_SECRET, OKX_API_PASSPHRASE from the environment replace its stored credentials');
  });

  it('settings: a flag beats the environment, which beats the stored profile', async () => {
    const home = newHome();
    const server = await okxServer();
    const dead = 'http://127.0.0.1:9';
    expect((await login(home, 'okx', 'main', okxLines(), ['--no-verify', '--base-url', dead])).code).toBe(0);
    expect((await balance(home, ['show', '--profile', 'main', '--timeout', '5'])).code).toBe(1);
    expect((await balance(home, ['show', '--profile', 'main'], { env: { OKX_BASE_URL: server.url } })).code).toBe(0);
    expect((await balance(home, ['show', '--profile', 'main', '--base-url', server.url], { env: { OKX_BASE_URL: dead } })).code).toBe(0);
  });

  it('with credentials for one provider in the environment, a bare show uses them, not the default profile', async () => {
    const home = newHome();
    const server = await okxServer();
    const lp = await longportServer();
    expect((await login(home, 'longport', 'lp-cash', longportLines(), ['--base-url', lp.url])).code).toBe(0);
    const result = await balance(home, ['show'], { env: okxEnv(server.url) });
    expect(result.code).toBe(0);
    expect(lines(result.stdout)[0]).toMatch(/^okx\tdefault\t/);
  });
});

describe('balance auth status', () => {
  it('a block per profile: provider, status, masked secrets and where they are; accepted or rejected (exit 4)', async () => {
    const home = newHome();
    const okx = await okxServer();
    const lp = await longportServer();
    expect((await login(home, 'okx', 'okx-main', okxLines(), ['--base-url', okx.url])).code).toBe(0);
    const bad = { ...LONGPORT_KEY, appSecret: LONGPORT_WRONG_SECRET };
    expect((await login(home, 'longport', 'lp-old', longportLines(bad), ['--base-url', lp.url, '--no-verify'])).code).toBe(0);

    const result = await balance(home, ['auth', 'status']);
    expect(result.code).toBe(4);
    const [lpBlock, okxBlock] = result.stdout.split('\n\n');
    expect(okxBlock).toBe(
      [
        'okx-main (default)',
        '  provider        okx',
        '  status          accepted',
        '  permissions     read_only',
        '  API key         okx-****',
        '  API secret      ****',
        '  API passphrase  ****',
        `  stored in       ${home.secretsFile}`,
        '',
      ].join('\n'),
    );
    expect(lpBlock).toMatch(/^lp-old\n {2}provider {8}longport\n {2}status {10}rejected: Longport rejected the signature \(403201\)\.\n {2}token expiry {4}unknown \(the token does not say\)\n {2}data center {5}ap\n {2}app key {9}lp-e\*\*\*\*\n {2}app secret {6}\*\*\*\*\n/);
    expect(result.stderr).toContain(`Profiles in ${home.settingsFile}`);
    expect(result.stderr).toContain('profile lp-old: Check the app secret');
    expect(result.stderr).not.toContain('warning');
    expect(okx.requests.at(-1)?.path).toBe('/api/v5/account/config');
  });

  it('shows no character of a secret, token or passphrase, and at most a quarter of a key, in text and --json', async () => {
    const home = newHome();
    const lp = await longportServer();
    expect((await login(home, 'longport', 'lp', longportLines(), ['--base-url', lp.url])).code).toBe(0);
    const okx = await okxServer();
    // A four-character passphrase and a short key: nothing of the first, a quarter of the second.
    expect((await login(home, 'okx', 'short', okxLines(OKX_SHORT_KEY), ['--base-url', okx.url, '--no-verify'])).code).toBe(0);
    for (const args of [['auth', 'status'], ['auth', 'status', '--json']]) {
      const result = await balance(home, args);
      for (const secret of [OKX_SHORT_KEY.apiSecret, OKX_SHORT_KEY.passphrase]) expect(result.stdout).not.toContain(secret.slice(0, 2));
      expect(result.stdout).not.toContain(OKX_SHORT_KEY.apiKey.slice(0, 4));
    }
    const json = JSON.parse((await balance(home, ['auth', 'status', '--json'])).stdout) as { profiles: { profile: string; secrets: { masked: string }[] }[] };
    expect(json.profiles.map((entry) => [entry.profile, entry.secrets.map((secret) => secret.masked)])).toEqual([
      ['lp', ['lp-e****', '****', '****']],
      ['short', ['Qk7****', '****', '****']],
    ]);
  });

  (hasTmux() ? it : it.skip)('on a 40-column terminal each line is fitted under its value column, never wrapped mid-word by the terminal', async () => {
    const home = newHome();
    const okx = await okxServer({ config: { perm: 'read_only,withdraw,trade' } });
    expect((await login(home, 'okx', 'okx-main', okxLines(), ['--base-url', okx.url])).code).toBe(0);
    const pane = await startInTmux(['auth', 'status'], home.env, { columns: 40, rows: 30 }, { stderrFile: join(home.root, 'stderr') });
    closeLater(() => pane.close());
    expect((await pane.exited()).code).toBe(0);
    const screen = (await pane.screen()).split('\n').filter((row) => row.trim() !== '');
    expect(screen[0]).toBe('okx-main (default)');
    // Every other row is a label row or a continuation under the value column.
    for (const row of screen.slice(1)) expect(row, screen.join('\n')).toMatch(/^ {2}[A-Za-z]|^ {18}\S/);
    expect(screen.filter((row) => row.startsWith(' '.repeat(18))).length).toBeGreaterThan(0);
    expect(screen.map((row) => (row.startsWith(' '.repeat(18)) ? row.trim() : `\n${row}`)).join('')).toContain(`stored in       ${home.secretsFile}`);
  });

  it('--json: sources, masks, status and permissions for scripts', async () => {
    const home = newHome();
    const okx = await okxServer();
    expect((await login(home, 'okx', 'okx-main', okxLines(), ['--base-url', okx.url])).code).toBe(0);
    const result = await balance(home, ['auth', 'status', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      schemaVersion: 1,
      settingsFile: home.settingsFile,
      profiles: [
        {
          profile: 'okx-main',
          provider: 'okx',
          default: true,
          environmentOnly: false,
          environmentOverride: false,
          status: 'accepted',
          secrets: [
            { key: 'apiKey', label: 'API key', masked: 'okx-****', source: { kind: 'file', path: home.secretsFile } },
            { key: 'apiSecret', label: 'API secret', masked: '****', source: { kind: 'file', path: home.secretsFile } },
            { key: 'passphrase', label: 'API passphrase', masked: '****', source: { kind: 'file', path: home.secretsFile } },
          ],
          permissions: ['read_only'],
          canTrade: false,
          canWithdraw: false,
          session: null,
          proxy: null,
          error: null,
          // OKX keys say nothing of their own life.
          tokenExpiresAt: null,
          tokenIssuedAt: null,
          paperTrading: null,
          dataCenter: null,
          autoRefresh: false,
        },
      ],
    });
  });

  it('warns when the OKX key can trade or withdraw', async () => {
    const home = newHome();
    const okx = await okxServer({ config: { perm: 'read_only,withdraw,trade' } });
    expect((await login(home, 'okx', 'okx-main', okxLines(), ['--base-url', okx.url])).code).toBe(0);
    const result = await balance(home, ['auth', 'status']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  permissions     read_only, withdraw, trade\n');
    expect(result.stderr).toContain('warning: profile okx-main: this key can trade and withdraw; balance needs read access only');
  });

  it('--profile shows only that profile', async () => {
    const home = newHome();
    const okx = await okxServer();
    expect((await login(home, 'okx', 'a', okxLines(), ['--base-url', okx.url])).code).toBe(0);
    expect((await login(home, 'okx', 'b', okxLines(OKX_OTHER_KEY), ['--base-url', okx.url, '--no-verify'])).code).toBe(0);
    const only = await balance(home, ['auth', 'status', '--profile', 'a']);
    expect(only.code).toBe(0);
    expect(lines(only.stdout)[0]).toBe('a (default)');
    expect(only.stdout).not.toMatch(/^b$/m);
    const rejected = await balance(home, ['auth', 'status', '--profile', 'b']);
    expect(rejected.code).toBe(4);
    expect(rejected.stdout).toContain("rejected: OKX says the API key doesn't");
  });

  it('credentials from the environment alone are shown as the environment’s', async () => {
    const home = newHome();
    const okx = await okxServer();
    const result = await balance(home, ['auth', 'status'], { env: okxEnv(okx.url) });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^default \(the environment's credentials\)\n {2}provider {8}okx\n {2}status {10}accepted\n/);
    expect(result.stdout).toContain('  API key         okx-**** (OKX_API_KEY)\n');
    expect(existsSync(home.dir)).toBe(false); // reading needs no directory
  });

  it('nothing stored and nothing in the environment: exit 4', async () => {
    const result = await balance(newHome(), ['auth', 'status']);
    expect(result.code).toBe(4);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('balance auth login');
  });
});

describe('where the settings live', () => {
  it('auth list and auth status name the settings file; so do "no profiles" messages and --debug', async () => {
    const home = newHome();
    const empty = await balance(home, ['auth', 'list']);
    expect(empty.stderr).toContain(`No profiles are stored (in ${home.settingsFile})`);
    const status = await balance(home, ['auth', 'status']);
    expect(status.stderr).toContain(`no profiles are stored (in ${home.settingsFile})`);
    const all = await balance(home, ['show', '--all-profiles']);
    expect(all.code).toBe(2);
    expect(all.stderr).toContain(`No profiles are stored (in ${home.settingsFile})`);
    const unknown = await balance(home, ['show', '--profile', 'nope']);
    expect(unknown.stderr).toContain(`No profiles are stored (in ${home.settingsFile})`);
    const bare = await balance(home, ['show']);
    expect(bare.stderr).toContain(`no default profile (in ${home.settingsFile})`);

    expect((await login(home, 'okx', 'okx-main', okxLines(), ['--no-verify'])).code).toBe(0);
    const listed = await balance(home, ['auth', 'list']);
    expect(listed.stdout).toBe('okx-main\tokx\tyes\tfile\tkeys\n');
    expect(listed.stderr).toBe(`Profiles in ${home.settingsFile}\n`);
    expect((await listProfiles(home)) as unknown).toMatchObject({ settingsFile: home.settingsFile });
    const debug = await balance(home, ['show', '--profile', 'okx-main', '--debug', '--base-url', 'http://127.0.0.1:9', '--timeout', '2']);
    expect(debug.stderr).toContain(`[debug] profiles in ${home.settingsFile}`);
  });

  it('--profile default explains that "default" means the environment\'s credentials: exit 2', async () => {
    const result = await balance(newHome(), ['show', '--profile', 'default']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"default" is not a stored profile name: it stands for the credentials in the environment');
    expect(result.stderr).toContain('leave out --profile');
  });
});

describe('balance auth logout and list', () => {
  it('removes a profile from the settings and the secrets file; --all removes the rest', async () => {
    const home = newHome();
    expect((await login(home, 'okx', 'okx-main', okxLines(), ['--no-verify'])).code).toBe(0);
    expect((await login(home, 'longport', 'lp-cash', longportLines(), ['--no-verify'])).code).toBe(0);
    expect((await login(home, 'longbridge', 'lb', longportLines(), ['--no-verify'])).code).toBe(0);

    const list = await balance(home, ['auth', 'list']);
    expect(list.stdout).toBe('lb\tlongbridge\tno\tfile\tkeys\nlp-cash\tlongport\tno\tfile\tkeys\nokx-main\tokx\tyes\tfile\tkeys\n');

    const ambiguous = await balance(home, ['auth', 'logout']);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('--all');

    const one = await balance(home, ['auth', 'logout', '--profile', 'lp-cash']);
    expect(one.code).toBe(0);
    expect(one.stderr).toContain('Removed profile lp-cash (longport) and its secrets from the secrets file');
    expect(Object.keys(storedSecrets(home))).toEqual(['lb', 'okx-main']);

    const theDefault = await balance(home, ['auth', 'logout', '--profile', 'okx-main']);
    expect(theDefault.stderr).toContain('There is no default profile now');
    expect(await listProfiles(home)).toMatchObject({ defaultProfile: null, profiles: [{ name: 'lb' }] });

    expect((await balance(home, ['show', '--profile', 'okx-main'])).code).toBe(2);
    const all = await balance(home, ['auth', 'logout', '--all', '--yes']);
    expect(all.code).toBe(0);
    expect(existsSync(home.secretsFile)).toBe(false);
    expect(await listProfiles(home)).toEqual({ schemaVersion: 1, settingsFile: home.settingsFile, defaultProfile: null, profiles: [] });
    expect((await balance(home, ['auth', 'logout', '--all', '--yes'])).code).toBe(0);
    expect((await balance(home, ['auth', 'logout', '--profile', 'gone'])).code).toBe(2);
  });

  it('with one profile, logout needs no name', async () => {
    const home = newHome();
    expect((await login(home, 'okx', 'solo', okxLines(), ['--no-verify'])).code).toBe(0);
    expect((await balance(home, ['auth', 'logout'])).code).toBe(0);
    expect((await listProfiles(home)).profiles).toEqual([]);
  });

  it('`auth default` refuses a profile that does not exist: exit 2', async () => {
    const home = newHome();
    expect((await login(home, 'okx', 'solo', okxLines(), ['--no-verify'])).code).toBe(0);
    const result = await balance(home, ['auth', 'default', 'other']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`Stored profiles (in ${home.settingsFile}): solo`);
  });
});

describe('files', () => {
  it('the directory is 0700 and both files 0600, whatever the umask; no secret outside the secrets file', async () => {
    const home = newHome();
    mkdirSync(home.dir, { mode: 0o755 });
    chmodSync(home.dir, 0o755);
    const previous = process.umask(0);
    try {
      expect((await login(home, 'okx', 'okx-main', okxLines(), ['--no-verify'])).code).toBe(0);
      expect((await login(home, 'longport', 'lp', longportLines(), ['--no-verify'])).code).toBe(0);
    } finally {
      process.umask(previous);
    }
    expect(mode(home.dir)).toBe(0o700);
    expect(mode(home.settingsFile)).toBe(0o600);
    expect(mode(home.secretsFile)).toBe(0o600);
    expect(readdirSync(home.dir).sort()).toEqual(['config.json', 'credentials.json']);

    const secrets = Object.values(ALL_TEST_SECRETS);
    for (const file of filesBelow(home.root)) {
      if (file === home.secretsFile) continue;
      const text = readFileSync(file, 'utf8');
      for (const secret of secrets) expect(text.includes(secret), `${file} holds a secret`).toBe(false);
    }
    expect(readFileSync(home.secretsFile, 'utf8')).toContain(OKX_KEY.apiSecret);
  });

  it('a secrets file others can read is made private when read, and said once on stderr', async () => {
    const home = newHome();
    const server = await okxServer();
    expect((await login(home, 'okx', 'okx-main', okxLines(), ['--base-url', server.url])).code).toBe(0);
    chmodSync(home.secretsFile, 0o644);
    chmodSync(home.dir, 0o755);

    const first = await balance(home, ['show', '--profile', 'okx-main']);
    expect(first.code, first.stderr).toBe(0);
    expect(lines(first.stdout)[0]).toMatch(/^okx\tokx-main\ttrading\t/);
    expect(first.stderr).toBe(
      `balance: warning: the secrets file ${home.secretsFile} was open to other users (file 0644, directory 0755); ` +
        'balance made it private (file 0600, directory 0700). Anyone else who can use this machine may have read it: if so, replace the keys in it.\n',
    );
    expect([mode(home.secretsFile), mode(home.dir)]).toEqual([0o600, 0o700]);
    expect((await balance(home, ['show', '--profile', 'okx-main'])).stderr).toBe('');

    // Any command that reads the secrets does the same; only the directory open: no "may have read".
    chmodSync(home.dir, 0o750);
    const status = await balance(home, ['auth', 'status']);
    expect(status.code).toBe(0);
    expect(lines(status.stderr).filter((line) => !line.startsWith('Profiles in '))).toEqual([`balance: warning: the secrets file ${home.secretsFile} was open to other users (directory 0750); balance made it private (directory 0700).`]);
    expect(mode(home.dir)).toBe(0o700);
  });

  it('a corrupt settings file stops every command that needs it (exit 2, path and problem) and stays byte-for-byte', async () => {
    const home = newHome();
    expect((await login(home, 'okx', 'okx-main', okxLines(), ['--no-verify'])).code).toBe(0);
    const broken = '{\n  "version": 1,\n  "profiles": {\n    "okx-main": { "provider": "okx", "secrets": "file" }\n  \n';
    writeFileSync(home.settingsFile, broken);
    const secretsBefore = readFileSync(home.secretsFile);

    const commands = [
      ['show'],
      ['show', '--profile', 'okx-main'],
      ['show', '--provider', 'okx'],
      ['auth', 'list'],
      ['auth', 'status'],
      ['auth', 'logout', '--all', '--yes'],
      ['auth', 'default', 'okx-main'],
      ['auth', 'default'],
    ];
    for (const args of commands) {
      const result = await balance(home, args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toContain(`The settings file ${home.settingsFile} is not usable: it is not valid JSON`);
      expect(result.stderr).toMatch(/at line 6, column 1/);
    }
    const relogin = await login(home, 'okx', 'other', okxLines(), ['--no-verify']);
    expect(relogin.code).toBe(2);
    expect(relogin.stderr).toContain(home.settingsFile);

    expect(readFileSync(home.settingsFile, 'utf8')).toBe(broken);
    expect(readFileSync(home.secretsFile).equals(secretsBefore)).toBe(true);
    expect(readdirSync(home.dir).sort()).toEqual(['config.json', 'credentials.json']);

    for (const args of [['--help'], ['--version'], ['auth', '--help'], ['show', '--help'], ['auth', 'login', '--help']]) {
      expect((await balance(home, args)).code, args.join(' ')).toBe(0);
    }
    // A command that does not need the file is not stopped by it.
    const server = await okxServer();
    expect((await balance(home, ['show', '--provider', 'okx'], { env: okxEnv(server.url) })).code).toBe(0);
  });

  it('a settings file edited into another shape is refused the same way, naming the field', async () => {
    const home = newHome();
    expect((await login(home, 'okx', 'okx-main', okxLines(), ['--no-verify'])).code).toBe(0);
    const edited = JSON.stringify({ version: 1, defaultProfile: 'okx-main', profiles: { 'okx-main': { provider: 'okex', secrets: 'file' } } });
    writeFileSync(home.settingsFile, edited);
    const result = await balance(home, ['show']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('profiles.okx-main.provider');
    expect(readFileSync(home.settingsFile, 'utf8')).toBe(edited);
  });

  it('a corrupt secrets file: exit 2 naming it, unchanged, none of its text quoted', async () => {
    const home = newHome();
    expect((await login(home, 'okx', 'okx-main', okxLines(), ['--no-verify'])).code).toBe(0);
    const broken = `{"version":1,"profiles":{"okx-main":{"apiKey":${OKX_KEY.apiKey}}}}`;
    writeFileSync(home.secretsFile, broken);
    for (const args of [['show'], ['show', '--profile', 'okx-main', '--debug'], ['auth', 'status'], ['auth', 'logout', '--all', '--yes']]) {
      const result = await balance(home, args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(`The secrets file ${home.secretsFile} is not usable: it is not valid JSON`);
    }
    expect(readFileSync(home.secretsFile, 'utf8')).toBe(broken);
  });

  it('a secrets file broken inside a secret (bad escape, control character): the error quotes no part of it', async () => {
    const home = newHome();
    expect((await login(home, 'okx', 'okx-main', okxLines(), ['--no-verify'])).code).toBe(0);
    // The part of the secret no message could hold by chance; its "-" keeps \u<tail> from being a valid escape.
    const tail = OKX_KEY.apiSecret.slice(-13);
    const windows = Array.from({ length: tail.length - 3 }, (_, index) => tail.slice(index, index + 4));
    const inside = (value: string): string => `{"version":1,"profiles":{"okx-main":{"apiKey":"${OKX_KEY.apiKey}","apiSecret":"${value}"}}}`;
    const cut = OKX_KEY.apiSecret.length - tail.length;
    for (const [broken, problem] of [
      [inside(`${OKX_KEY.apiSecret.slice(0, cut)}\\u${tail}`), 'Invalid \\u escape inside a string'],
      [inside(`${OKX_KEY.apiSecret.slice(0, cut)}\\${tail}`), 'Invalid escape sequence inside a string'],
      [inside(`${OKX_KEY.apiSecret.slice(0, cut)}\t${tail}`), 'Control character inside a string'],
    ] as const) {
      writeFileSync(home.secretsFile, broken);
      const result = await balance(home, ['show', '--profile', 'okx-main']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`The secrets file ${home.secretsFile} is not usable: it is not valid JSON: ${problem} at line 1, column `);
      for (const window of windows) expect(result.stderr, broken).not.toContain(window);
      expect(result.stderr).not.toContain('\t');
    }
  });

  it('concurrent logins for different profiles all end up saved', async () => {
    const home = newHome();
    const names = Array.from({ length: 12 }, (_, index) => `p${String(index).padStart(2, '0')}`);
    const results = await Promise.all(
      names.map((name, index) =>
        index % 2 === 0 ? login(home, 'okx', name, okxLines(), ['--no-verify']) : login(home, 'longport', name, longportLines(), ['--no-verify']),
      ),
    );
    expect(results.map((result) => result.code)).toEqual(names.map(() => 0));
    const { defaultProfile, profiles } = await listProfiles(home);
    expect(profiles.map((profile) => profile.name)).toEqual(names);
    expect(names).toContain(defaultProfile);
    expect(profiles.filter((profile) => profile.default)).toHaveLength(1);
    expect(Object.keys(storedSecrets(home)).sort()).toEqual(names);
    expect(readdirSync(home.dir).sort()).toEqual(['config.json', 'credentials.json']); // no lock or temp file left
  });
});

function filesBelow(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesBelow(path) : entry.isFile() ? [path] : [];
  });
}
