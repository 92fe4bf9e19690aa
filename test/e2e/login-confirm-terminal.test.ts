// `balance auth login` and `logout --all` at a real terminal (tmux): replacing
// a stored profile and removing every profile are asked first (default no);
// what the environment already decides is not asked; --with-stdin, which
// would echo the secrets, is refused. (In scripts: login-safety.test.ts.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hasTmux, startInTmux, type TmuxPane } from './tmux.js';
import { isolatedEnv, runBalance } from './harness.js';
import { OKX_KEY } from '../secrets.js';

const panes: TmuxPane[] = [];
afterEach(async () => {
  await Promise.all(panes.splice(0).map((pane) => pane.close()));
});

const OKX_LINES = `${OKX_KEY.apiKey}\n${OKX_KEY.apiSecret}\n${OKX_KEY.passphrase}\n`;

/** A home with profile "typed" (OKX) stored. */
async function storedHome(): Promise<{ env: Record<string, string>; settingsFile: string }> {
  const env = isolatedEnv();
  const made = await runBalance(['auth', 'login', '--provider', 'okx', '--profile', 'typed', '--with-stdin', '--no-verify'], { env, input: OKX_LINES });
  expect(made.code, made.stderr).toBe(0);
  return { env, settingsFile: join(env.BALANCE_CONFIG_DIR!, 'config.json') };
}

async function open(args: string[], env: Record<string, string>): Promise<TmuxPane> {
  const pane = await startInTmux(args, env, { columns: 200, rows: 20 });
  panes.push(pane);
  return pane;
}

async function typeSecrets(pane: TmuxPane): Promise<void> {
  for (const [question, secret] of [
    ['OKX API key:', OKX_KEY.apiKey],
    ['OKX API secret:', OKX_KEY.apiSecret],
    ['OKX API passphrase:', OKX_KEY.passphrase],
  ] as const) {
    await pane.waitFor((screen) => screen.includes(question), question);
    await pane.keys(secret, 'Enter');
  }
}

describe.skipIf(!hasTmux())('auth login at a terminal, under a name that is taken', () => {
  it('asks before any secret; Enter (no) keeps the profile', async () => {
    const { env, settingsFile } = await storedHome();
    const before = readFileSync(settingsFile, 'utf8');
    const pane = await open(['auth', 'login', '--provider', 'okx', '--profile', 'typed', '--no-verify'], env);
    const screen = await pane.waitFor((text) => text.includes('Replace it? [y/N]'), 'the question');
    expect(screen).toMatch(/Profile typed exists \(okx, saved \d{4}-\d\d-\d\d\)\. Replace it\? \[y\/N\]/);
    expect(screen).not.toContain('API key');
    await pane.keys('Enter');
    const { code } = await pane.exited();
    expect(code).toBe(2);
    expect(await pane.screen()).toContain('Kept profile typed; nothing was saved.');
    expect(readFileSync(settingsFile, 'utf8')).toBe(before);
  });

  it('"y" goes on to the secrets and replaces it; --force does not ask', async () => {
    const { env } = await storedHome();
    const pane = await open(['auth', 'login', '--provider', 'okx', '--profile', 'typed', '--no-verify', '--site', 'eea', '--demo-trading'], env);
    await pane.waitFor((text) => text.includes('Replace it? [y/N]'), 'the question');
    await pane.keys('y', 'Enter');
    await typeSecrets(pane);
    expect((await pane.exited()).code).toBe(0);
    expect(await pane.screen()).toContain('Replaced profile typed (okx)');

    const forced = await open(['auth', 'login', '--provider', 'okx', '--profile', 'typed', '--no-verify', '--site', 'eea', '--demo-trading', '--force'], env);
    await typeSecrets(forced);
    expect((await forced.exited()).code).toBe(0);
    expect(await forced.screen()).not.toContain('Replace it?');
  });
});

describe.skipIf(!hasTmux())('auth logout --all at a terminal', () => {
  it('asks; "n" removes nothing, "y" removes every profile', async () => {
    const { env, settingsFile } = await storedHome();
    const no = await open(['auth', 'logout', '--all'], env);
    await no.waitFor((text) => text.includes('Remove profile typed and its secrets? [y/N]'), 'the question');
    await no.keys('n', 'Enter');
    expect((await no.exited()).code).toBe(2);
    expect(await no.screen()).toContain('Nothing was removed.');
    expect(readFileSync(settingsFile, 'utf8')).toContain('"typed"');

    const yes = await open(['auth', 'logout', '--all'], env);
    await yes.waitFor((text) => text.includes('[y/N]'), 'the question');
    await yes.keys('y', 'Enter');
    expect((await yes.exited()).code).toBe(0);
    expect(await yes.screen()).toContain('Removed profile typed (okx)');
  });
});

describe.skipIf(!hasTmux())('auth login at a terminal does not ask what the environment decides', () => {
  it('OKX_BASE_URL set: no site question, and the host is saved with the profile', async () => {
    const env = isolatedEnv({ OKX_BASE_URL: 'http://127.0.0.1:9' });
    const pane = await open(['auth', 'login', '--provider', 'okx', '--profile', 'typed', '--no-verify'], env);
    await typeSecrets(pane);
    await pane.waitFor((text) => text.includes('demo-trading'), 'the demo-trading question');
    await pane.keys('Enter');
    expect((await pane.exited()).code).toBe(0);
    const screen = await pane.screen();
    expect(screen).not.toContain('OKX site');
    expect(screen).toContain('Saved profile typed (okx) for http://127.0.0.1:9 (from OKX_BASE_URL)');
    expect(JSON.parse(readFileSync(join(env.BALANCE_CONFIG_DIR!, 'config.json'), 'utf8')).profiles.typed.settings).toEqual({ baseUrl: 'http://127.0.0.1:9' });
  });

  it('OKX_SITE and OKX_DEMO_TRADING set: neither question; both saved', async () => {
    const env = isolatedEnv({ OKX_SITE: 'eea', OKX_DEMO_TRADING: '1' });
    const pane = await open(['auth', 'login', '--provider', 'okx', '--profile', 'typed', '--no-verify'], env);
    await typeSecrets(pane);
    expect((await pane.exited()).code).toBe(0);
    const screen = await pane.screen();
    expect(screen).not.toContain('OKX site');
    expect(screen).not.toContain('demo-trading key?');
    expect(screen).toContain('Saved profile typed (okx) for https://eea.okx.com (from OKX_SITE, OKX_DEMO_TRADING)');
    expect(JSON.parse(readFileSync(join(env.BALANCE_CONFIG_DIR!, 'config.json'), 'utf8')).profiles.typed.settings).toEqual({ site: 'eea', demoTrading: true });
  });
});

describe.skipIf(!hasTmux())('auth login --with-stdin at a terminal', () => {
  it('is refused at once, pointing to the questions that do not echo', async () => {
    const env = isolatedEnv();
    const pane = await open(['auth', 'login', '--provider', 'okx', '--with-stdin', '--no-verify'], env);
    const { code } = await pane.exited(5_000);
    expect(code).toBe(2);
    const screen = await pane.screen();
    expect(screen).toContain('--with-stdin reads the secrets from a pipe or a file; typed at a terminal they would be shown on the screen.');
    expect(screen).toContain('Leave out --with-stdin: balance then asks for each (API key, API secret, API passphrase) without showing what you type.');
  });
});
