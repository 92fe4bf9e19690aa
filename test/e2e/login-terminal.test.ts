// `balance auth login` at a real terminal (tmux): the prompt comes from the
// start-up bundle and the command from its own file (scripts/build.mjs), so
// these also check that both see one and the same prompt module — Ctrl-C and
// Ctrl-D must be recognised as such, not as unexpected errors.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hasTmux, startInTmux, type TmuxPane } from './tmux.js';
import { isolatedEnv } from './harness.js';
import { OKX_KEY } from '../secrets.js';

const panes: TmuxPane[] = [];
afterEach(async () => {
  await Promise.all(panes.splice(0).map((pane) => pane.close()));
});

async function login(): Promise<{ pane: TmuxPane; configDir: string }> {
  const env = isolatedEnv();
  const pane = await startInTmux(['auth', 'login', '--provider', 'okx', '--profile', 'typed', '--no-verify'], env, { columns: 100, rows: 20 });
  panes.push(pane);
  await pane.waitFor((screen) => screen.includes('OKX API key:'), 'the first question');
  return { pane, configDir: env.BALANCE_CONFIG_DIR! };
}

describe.skipIf(!hasTmux())('balance auth login at a terminal', () => {
  it('typed secrets are never shown on the screen, and are saved', async () => {
    const { pane, configDir } = await login();
    await pane.keys(OKX_KEY.apiKey, 'Enter');
    await pane.waitFor((screen) => screen.includes('OKX API secret:'), 'the second question');
    await pane.keys(OKX_KEY.apiSecret, 'Enter');
    await pane.waitFor((screen) => screen.includes('OKX API passphrase:'), 'the third question');
    await pane.keys(OKX_KEY.passphrase, 'Enter');
    await pane.waitFor((screen) => screen.includes('OKX site'), 'the site question');
    await pane.keys('eea', 'Enter');
    await pane.waitFor((screen) => screen.includes('demo-trading'), 'the demo-trading question');
    await pane.keys('n', 'Enter');
    const { code } = await pane.exited();
    const screen = await pane.screen();
    expect(code, screen).toBe(0);
    for (const secret of Object.values(OKX_KEY)) expect(screen).not.toContain(secret);
    const saved = readFileSync(join(configDir, 'credentials.json'), 'utf8');
    for (const secret of Object.values(OKX_KEY)) expect(saved).toContain(secret);
    expect(readFileSync(join(configDir, 'config.json'), 'utf8')).toContain('"eea"');
  });

  it('Ctrl-C at a question leaves with exit 130 and saves nothing', async () => {
    const { pane, configDir } = await login();
    await pane.keys('C-c');
    const { code } = await pane.exited();
    expect(code).toBe(130);
    expect(await pane.screen()).not.toContain('unexpected error');
    expect(existsSync(join(configDir, 'credentials.json'))).toBe(false);
  });

  it('Ctrl-D (end of input) at a question is a usage error that says nothing was saved', async () => {
    const { pane, configDir } = await login();
    await pane.keys('C-d');
    const { code } = await pane.exited();
    expect(code).toBe(2);
    expect(await pane.screen()).toContain('Input ended before every secret was given; nothing was saved.');
    expect(existsSync(join(configDir, 'credentials.json'))).toBe(false);
  });
});
