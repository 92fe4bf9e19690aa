// `balance auth login` and `logout --all` in scripts: a profile of another
// provider is not replaced without --force, nor are all profiles removed
// without --yes; the host the login checked is the host it saves, and says
// so; --with-stdin stops reading after the lines it expects. (At a terminal:
// login-confirm-terminal.test.ts.)
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startLongportServer } from '../servers/longport.js';
import { startOkxServer } from '../servers/okx.js';
import { LONGPORT_EXPIRED_TOKEN, LONGPORT_KEY, OKX_KEY } from '../secrets.js';
import { closeAfterEach } from './cleanup.js';
import { runBalance, type RunOptions, type RunResult } from './harness.js';

const closeLater = closeAfterEach();
const OKX_LINES = `${OKX_KEY.apiKey}\n${OKX_KEY.apiSecret}\n${OKX_KEY.passphrase}\n`;
const LONGPORT_LINES = `${LONGPORT_KEY.appKey}\n${LONGPORT_KEY.appSecret}\n${LONGPORT_KEY.accessToken}\n`;

function home(): { env: Record<string, string>; settingsFile: string; run: (args: string[], options?: RunOptions) => Promise<RunResult> } {
  const root = mkdtempSync(join(tmpdir(), 'balance-login-'));
  const env = { HOME: root, BALANCE_CONFIG_DIR: join(root, 'config') };
  return {
    env,
    settingsFile: join(root, 'config', 'config.json'),
    run: (args, options = {}) => runBalance(args, { ...options, env: { ...env, ...options.env } }),
  };
}

const login = (provider: string, profile: string, ...more: string[]): string[] => ['auth', 'login', '--provider', provider, '--profile', profile, '--with-stdin', ...more];

describe('logging in under a name that is taken, in a script', () => {
  it('a profile of another provider is not replaced without --force', async () => {
    const h = home();
    expect((await h.run(login('okx', 'main', '--no-verify'), { input: OKX_LINES })).code).toBe(0);
    const before = readFileSync(h.settingsFile, 'utf8');

    const refused = await h.run(login('longport', 'main', '--no-verify'), { input: LONGPORT_LINES });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      'balance: Profile main holds OKX credentials; logging in to Longport under that name would replace them.\n' +
        '  Choose another name with --profile, or add --force to replace it.\n',
    );
    expect(readFileSync(h.settingsFile, 'utf8')).toBe(before);

    const forced = await h.run(login('longport', 'main', '--no-verify', '--force'), { input: LONGPORT_LINES });
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).toContain('Replaced profile main (longport)');
    expect(JSON.parse(readFileSync(h.settingsFile, 'utf8')).profiles.main.provider).toBe('longport');
  });

  it('a profile of the same provider is replaced (new keys for the same account), and says so', async () => {
    const h = home();
    expect((await h.run(login('okx', 'main', '--no-verify'), { input: OKX_LINES })).code).toBe(0);
    const again = await h.run(login('okx', 'main', '--no-verify'), { input: OKX_LINES });
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('Replaced profile main (okx)');
  });
});

describe('auth logout --all in a script', () => {
  it('needs --yes; without it nothing is removed', async () => {
    const h = home();
    expect((await h.run(login('okx', 'main', '--no-verify'), { input: OKX_LINES })).code).toBe(0);
    expect((await h.run(login('longport', 'cash', '--no-verify'), { input: LONGPORT_LINES })).code).toBe(0);
    const refused = await h.run(['auth', 'logout', '--all']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('balance: --all removes all 2 profiles (cash, main); in a script, confirm it with --yes.\n  balance auth logout --all --yes\n');
    expect(Object.keys(JSON.parse(readFileSync(h.settingsFile, 'utf8')).profiles)).toEqual(['cash', 'main']);
    const confirmed = await h.run(['auth', 'logout', '--all', '--yes']);
    expect(confirmed.code).toBe(0);
    expect(confirmed.stderr).toContain('Removed profile cash');
    expect(confirmed.stderr).toContain('Removed profile main');
  });
});

describe('the host auth login checks is the host it saves', () => {
  it('OKX_BASE_URL in the shell: checked there, saved with the profile, and said so; a later run without it goes there too', async () => {
    const h = home();
    const server = await startOkxServer();
    closeLater(() => server.close());
    const saved = await h.run(login('okx', 'main'), { input: OKX_LINES, env: { OKX_BASE_URL: server.url } });
    expect(saved.code, saved.stderr).toBe(0);
    expect(saved.stderr).toContain(`Checking the credentials with OKX at ${server.url}…\n`);
    expect(saved.stderr).toContain(`Saved profile main (okx) for ${server.url} (from OKX_BASE_URL);`);
    expect(JSON.parse(readFileSync(h.settingsFile, 'utf8')).profiles.main.settings).toEqual({ baseUrl: server.url });
    const checked = server.requests.length;
    expect(checked).toBeGreaterThan(0);

    // Cron, without the variable: the same host.
    const later = await h.run(['show', '--profile', 'main']);
    expect(later.code, later.stderr).toBe(0);
    expect(server.requests.length).toBeGreaterThan(checked);
  });

  it('LONGPORT_HTTP_URL in the shell: the same for Longport', async () => {
    const h = home();
    const server = await startLongportServer({ credentials: [LONGPORT_KEY], expiredToken: LONGPORT_EXPIRED_TOKEN });
    closeLater(() => server.close());
    const saved = await h.run(login('longport', 'cash'), { input: LONGPORT_LINES, env: { LONGPORT_HTTP_URL: server.url } });
    expect(saved.code, saved.stderr).toBe(0);
    expect(saved.stderr).toContain(`Saved profile cash (longport) for ${server.url} (from LONGPORT_HTTP_URL);`);
    const later = await h.run(['show', '--profile', 'cash']);
    expect(later.code, later.stderr).toBe(0);
  });

  it('a flag beats the variable: checked and saved is the flag’s host, and the variable is not named', async () => {
    const h = home();
    const server = await startOkxServer();
    const elsewhere = await startOkxServer();
    closeLater(() => server.close());
    closeLater(() => elsewhere.close());
    const saved = await h.run(login('okx', 'main', '--base-url', server.url), { input: OKX_LINES, env: { OKX_BASE_URL: elsewhere.url } });
    expect(saved.code, saved.stderr).toBe(0);
    expect(saved.stderr).toContain(`Saved profile main (okx) for ${server.url};`);
    expect(elsewhere.requests).toEqual([]);
  });
});

describe('--with-stdin', () => {
  it('stops reading after the lines it expects: a pipe left open is not waited on', async () => {
    const h = home();
    const result = await h.run(login('okx', 'main', '--no-verify'), { input: OKX_LINES, keepStdinOpen: true, timeoutMs: 8_000 });
    expect(result.signal).toBeNull();
    expect(result.code, result.stderr).toBe(0);
    expect(result.ms).toBeLessThan(5_000);
  });

  it('a fourth line already sent is still refused', async () => {
    const h = home();
    const result = await h.run(login('okx', 'main', '--no-verify'), { input: `${OKX_LINES}extra\n` });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--with-stdin expects 3 lines on stdin, got 4.');
  });
});
