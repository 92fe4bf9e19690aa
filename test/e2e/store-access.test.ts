// A settings directory this user cannot use — the one a one-off
// `sudo balance auth login` leaves behind, root's and mode 0700 — must not look
// empty: every command that uses the store says it cannot read it (path,
// owner, the fix) and exits 2 before asking for any secret. As root (which
// every permission lets through) the commands run as `nobody` through setpriv,
// exactly the situation of a user facing root's directory; as anyone else the
// directory is made mode 000. Also: BALANCE_CONFIG_DIR naming a file or a
// relative path is a usage error.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OKX_KEY } from '../secrets.js';
import { runBalance, type RunResult } from './harness.js';
import { hasTmux, startInTmux } from './tmux.js';

const asRoot = process.getuid?.() === 0;
const nobody = asRoot ? Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim()) : undefined;
const restore: (() => void)[] = [];
afterEach(() => restore.splice(0).forEach((undo) => undo()));

/** A store with one profile, made by this (the test's) user, then closed to the user balance runs as. */
async function closedStore(): Promise<{ dir: string; env: Record<string, string>; run: (args: string[], input?: string) => Promise<RunResult> }> {
  const root = mkdtempSync(join(tmpdir(), 'balance-closed-'));
  chmodSync(root, 0o755);
  const dir = join(root, 'config');
  const env = { HOME: root, BALANCE_CONFIG_DIR: dir, XDG_CONFIG_HOME: join(root, '.config') };
  const input = `${OKX_KEY.apiKey}\n${OKX_KEY.apiSecret}\n${OKX_KEY.passphrase}\n`;
  const made = await runBalance(['auth', 'login', '--provider', 'okx', '--profile', 'okx-main', '--with-stdin', '--no-verify'], { env, input });
  expect(made.code, made.stderr).toBe(0);
  if (!asRoot) {
    chmodSync(dir, 0o000);
    restore.push(() => chmodSync(dir, 0o700));
  }
  return {
    dir,
    env,
    run: (args, stdin) => runBalance(args, { env, ...(stdin === undefined ? {} : { input: stdin }), ...(nobody === undefined ? {} : { uid: nobody }) }),
  };
}

function expectCannotRead(result: RunResult, dir: string): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stdout).toBe('');
  const [first, hint] = result.stderr.split('\n');
  expect(first).toBe(`balance: Cannot ${first?.includes('Cannot change') ? 'change' : 'read'} the settings directory ${dir}: it belongs to ${asRoot ? 'root' : `you (${execFileSync('id', ['-un'], { encoding: 'utf8' }).trim()})`} (mode ${asRoot ? '0700' : '0000'}).`);
  expect(hint).toMatch(asRoot ? new RegExp(`Fix: sudo chown -R \\S+ ${dir} `) : new RegExp(`Fix: chmod 700 ${dir}$`));
}

describe('a settings directory balance cannot read', () => {
  it('is said so by every command that uses the store, exit 2, never "no profiles"', async () => {
    const store = await closedStore();
    for (const args of [
      ['auth', 'list'],
      ['auth', 'list', '--json'],
      ['auth', 'status'],
      ['auth', 'default'],
      ['auth', 'default', 'okx-main'],
      ['auth', 'logout', '--profile', 'okx-main'],
      ['auth', 'logout', '--all', '--yes'],
      ['show', '--profile', 'okx-main'],
      ['show'],
      ['check', '--all-profiles', '--max-risk', 'medium'],
    ]) {
      const result = await store.run(args);
      expectCannotRead(result, store.dir);
      expect(result.stderr).not.toContain('No profile');
    }
  });

  it('stops auth login before any secret is read', async () => {
    const store = await closedStore();
    const result = await store.run(['auth', 'login', '--provider', 'okx', '--profile', 'second', '--with-stdin', '--no-verify'], `${OKX_KEY.apiKey}\nnot\nread\n`);
    expectCannotRead(result, store.dir);
    // Not even the line count of stdin was looked at.
    expect(result.stderr).not.toContain('stdin');
  });
});

describe.skipIf(!hasTmux())('a settings directory balance cannot change, at a terminal', () => {
  it('auth login says so at once, before the first question', async () => {
    const store = await closedStore();
    const pane = await startInTmux(['auth', 'login', '--provider', 'okx', '--profile', 'second', '--no-verify'], store.env, { columns: 200, rows: 20 }, nobody === undefined ? {} : { uid: nobody });
    try {
      const { code } = await pane.exited(5_000);
      const screen = await pane.screen();
      expect(code, screen).toBe(2);
      expect(screen).toContain(`Cannot change the settings directory ${store.dir}`);
      expect(screen).not.toContain('API key');
    } finally {
      await pane.close();
    }
  });
});

describe('BALANCE_CONFIG_DIR that cannot be a settings directory', () => {
  it('naming a file: a usage error that says so', async () => {
    const root = mkdtempSync(join(tmpdir(), 'balance-file-'));
    const file = join(root, 'config.json');
    writeFileSync(file, '{}\n');
    const result = await runBalance(['auth', 'list'], { env: { BALANCE_CONFIG_DIR: file } });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `balance: The settings directory ${file} is not a directory.\n  Point BALANCE_CONFIG_DIR at a directory (it is created if missing), or move that file away.\n`,
    );
    expect(readFileSync(file, 'utf8')).toBe('{}\n');
  });

  it('a relative path: a usage error, not a different directory in every working directory', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'balance-cwd-'));
    const result = await runBalance(['auth', 'login', '--provider', 'okx', '--with-stdin', '--no-verify'], {
      env: { BALANCE_CONFIG_DIR: 'balance-settings' },
      cwd,
      input: `${OKX_KEY.apiKey}\n${OKX_KEY.apiSecret}\n${OKX_KEY.passphrase}\n`,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`balance: BALANCE_CONFIG_DIR must be an absolute path, not "balance-settings".\n  For example: BALANCE_CONFIG_DIR=${join(cwd, 'balance-settings')}\n`);
  });
});
