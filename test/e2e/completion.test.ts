// `balance completion bash|zsh|fish`: each script is valid for its shell and
// really completes, driven through the shell itself with the built binary on
// PATH; `balance __complete profiles` feeds the scripts profile names.
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LONGPORT_KEY, OKX_KEY } from '../secrets.js';
import { binaryArgs, runBalance } from './harness.js';
import { hasTmux, startShellInTmux, type TmuxPane } from './tmux.js';

const exec = promisify(execFile);
const has = (command: string): boolean => (process.env.PATH ?? '').split(':').some((dir) => dir !== '' && existsSync(join(dir, command)));

/** A directory with a `balance` that runs the built binary, to put first on PATH. */
const shimDir = mkdtempSync(join(tmpdir(), 'balance-shim-'));
writeFileSync(join(shimDir, 'balance'), `#!/bin/sh\nexec ${[process.execPath, ...binaryArgs([])].map((arg) => JSON.stringify(arg)).join(' ')} "$@"\n`);
chmodSync(join(shimDir, 'balance'), 0o755);
const PATH = `${shimDir}:${process.env.PATH ?? ''}`;

const scripts: Record<string, string> = {};
beforeAll(async () => {
  for (const shell of ['bash', 'zsh', 'fish']) {
    const result = await runBalance(['completion', shell]);
    expect(result.code, shell).toBe(0);
    expect(result.stderr, shell).toBe('');
    scripts[shell] = result.stdout;
  }
});

function scriptFile(shell: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'balance-completion-')), `balance.${shell}`);
  writeFileSync(file, scripts[shell]!);
  return file;
}

// The shells are test tools (.ci/run installs them); elsewhere a missing one is skipped, and said so.
const inCI = process.env.CI === 'true';
const withShell = (shell: string) => (has(shell) || inCI ? it : it.skip);

describe('balance completion', () => {
  it.each(['bash', 'zsh', 'fish'])('%s: the script is valid for its shell', async (shell) => {
    if (!has(shell) && !inCI) return console.warn(`${shell} is not installed: its script is not checked`);
    await expect(exec(shell, ['-n', scriptFile(shell)])).resolves.toBeDefined();
  });

  it('refuses a shell it has no script for: exit 2', async () => {
    const result = await runBalance(['completion', 'powershell']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bash.*zsh.*fish/);
  });

  describe('bash completes', () => {
    /** What bash offers for the words typed so far (the last one is being completed). */
    async function complete(...words: string[]): Promise<string[]> {
      return completeIn({}, ...words);
    }
    async function completeIn(env: Record<string, string>, ...words: string[]): Promise<string[]> {
      const program = [
        `source ${JSON.stringify(scriptFile('bash'))}`,
        'COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 ))',
        '_balance',
        'printf "%s\\n" "${COMPREPLY[@]}"',
      ].join('\n');
      const { stdout } = await exec('bash', ['-c', program, 'bash', ...words], { env: { PATH, HOME: shimDir, ...env } });
      return stdout.split('\n').filter((line) => line !== '');
    }

    it.each([
      [['balance', ''], ['show', 'check', 'providers', 'completion', 'auth']],
      [['balance', 'ch'], ['check']],
      [['balance', 'show', '--pro'], ['--provider', '--profile', '--proxy']],
      [['balance', 'show', '--provider', ''], ['longport', 'longbridge', 'okx', 'sample']],
      [['balance', 'show', '--provider', 'lo'], ['longport', 'longbridge']],
      [['balance', 'show', '--provider', '=', 'o'], ['okx']],
      [['balance', 'show', '--fo'], ['--format']],
      [['balance', 'show', '--format', ''], ['table', 'tsv', 'json', 'csv']],
      [['balance', 'show', '--wa'], ['--watch']],
      [['balance', 'show', '--fu'], ['--funding']],
      [['balance', 'check', '--max-risk', 'w'], ['warning']],
      [['balance', 'check', '--m'], ['--max-risk', '--min-available', '--min-value', '--min-token-days']],
      [['balance', 'completion', ''], ['bash', 'zsh', 'fish']],
      [['balance', '--debug', 'show', '--site', ''], ['global', 'eea', 'us']],
      [['balance', 'show', '--currency', ''], []],
      [['balance', '--ver'], ['--version']],
      // auth and its subcommands, their options and values.
      [['balance', 'auth', ''], ['login', 'status', 'refresh', 'logout', 'list', 'default']],
      [['balance', 'auth', 'lo'], ['login', 'logout']],
      [['balance', '--debug', 'auth', 'st'], ['status']],
      [['balance', 'auth', '--'], ['--help', '--debug', '--color', '--no-color']],
      [['balance', 'auth', 'login', '--pro'], ['--provider', '--profile', '--proxy']],
      [['balance', 'auth', 'login', '--provider', ''], ['longport', 'longbridge', 'okx']],
      [['balance', 'auth', 'login', '-p', 'o'], ['okx']],
      [['balance', 'auth', 'login', '--with'], ['--with-stdin']],
      [['balance', 'auth', 'login', '--no-'], ['--no-browser', '--no-verify', '--no-demo-trading', '--no-funding', '--no-color']],
      [['balance', 'auth', 'login', '--site', 'e'], ['eea']],
      [['balance', 'auth', 'status', '--'], ['--profile', '--json', '--timeout', '--help', '--debug', '--color', '--no-color']],
      [['balance', 'auth', 'logout', '--'], ['--profile', '--all', '--yes', '--help', '--debug', '--color', '--no-color']],
      [['balance', 'auth', 'list', '--'], ['--json', '--help', '--debug', '--color', '--no-color']],
      [['balance', 'auth', 'default', '--'], ['--help', '--debug', '--color', '--no-color']],
      [['balance', 'auth', 'login', '--provider', 'okx', ''], []],
      // --fields: the column names, each item of the comma-separated list.
      [['balance', 'show', '--fields', 'cur'], ['currency']],
      [['balance', 'show', '--fields', 'currency,av'], ['currency,available']],
      [['balance', 'show', '--fields', 'currency,w'], ['currency,withdrawable']],
      [['balance', 'show', '--no-'], ['--no-demo-trading', '--no-funding', '--no-color']],
    ])('%j → %j', async (words, expected) => {
      expect(await complete(...words)).toEqual(expected);
    });

    it('profile names for --profile of logout, status, show and check, and for `auth default`', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'balance-complete-'));
      for (const profile of ['okx-main', 'okx-spare']) {
        const input = `${OKX_KEY.apiKey}\n${OKX_KEY.apiSecret}\n${OKX_KEY.passphrase}\n`;
        const login = await runBalance(['auth', 'login', '--provider', 'okx', '--profile', profile, '--with-stdin', '--no-verify'], { env: { BALANCE_CONFIG_DIR: dir }, input });
        expect(login.code, login.stderr).toBe(0);
      }
      const env = { BALANCE_CONFIG_DIR: dir };
      for (const words of [
        ['balance', 'auth', 'logout', '--profile', 'okx-'],
        ['balance', 'auth', 'status', '--profile', 'okx-'],
        ['balance', 'show', '--profile', 'okx-'],
        ['balance', 'check', '--max-risk', 'safe', '--profile', 'okx-'],
        ['balance', 'auth', 'default', 'okx-'],
      ]) {
        expect(await completeIn(env, ...words), words.join(' ')).toEqual(['okx-main', 'okx-spare']);
      }
    });

    it('never offers the hidden __complete command', async () => {
      expect(await complete('balance', '_')).toEqual([]);
    });
  });

  withShell('fish')('fish completes', async () => {
    const file = scriptFile('fish');
    const complete = async (line: string): Promise<string[]> => {
      const { stdout } = await exec('fish', ['--no-config', '-c', `source ${file}; complete -C ${JSON.stringify(line)}`], { env: { PATH, HOME: shimDir } });
      return stdout.split('\n').filter((entry) => entry !== '').map((entry) => entry.split('\t')[0]!);
    };
    expect(await complete('balance sh')).toEqual(['show']);
    expect(await complete('balance show --provider ')).toEqual(['longbridge', 'longport', 'okx', 'sample']);
    expect(await complete('balance check --max-')).toEqual(['--max-risk']);
    expect(await complete('balance completion ')).toEqual(['bash', 'fish', 'zsh']);
    expect(await complete('balance auth ')).toEqual(['default', 'list', 'login', 'logout', 'refresh', 'status']);
    expect(await complete('balance --debug auth lo')).toEqual(['login', 'logout']);
    expect(await complete('balance auth login --pro')).toEqual(['--profile', '--provider', '--proxy']);
    expect(await complete('balance auth login --provider ')).toEqual(['longbridge', 'longport', 'okx']);
    expect(await complete('balance auth login --with')).toEqual(['--with-stdin']);
    expect(await complete('balance auth status --')).toEqual(['--color', '--debug', '--help', '--json', '--no-color', '--profile', '--timeout']);
    expect(await complete('balance auth logout --a')).toEqual(['--all']);
    expect(await complete('balance auth list --')).toEqual(['--color', '--debug', '--help', '--json', '--no-color']);
    expect(await complete('balance auth default --')).toEqual(['--color', '--debug', '--help', '--no-color']);
    expect(await complete('balance show --fields currency,av')).toEqual(['currency,available']);
    // An option's value is not taken for a subcommand: `show --profile auth` is still `show`.
    expect(await complete('balance show --profile auth --cur')).toEqual(['--currency']);
  });

  (has('zsh') && hasTmux() ? describe : describe.skip)('zsh completes, in a real terminal', () => {
    let pane: TmuxPane | undefined;
    afterAll(async () => pane?.close());
    const home = mkdtempSync(join(tmpdir(), 'balance-zsh-'));

    it('commands, options and their values', async () => {
      writeFileSync(
        join(home, '.zshrc'),
        `PS1='> '\nautoload -U compinit && compinit -u -d ${JSON.stringify(join(home, '.zcompdump'))}\nsource ${JSON.stringify(scriptFile('zsh'))}\n`,
      );
      pane = await startShellInTmux(['zsh', '-i'], { PATH, HOME: home, ZDOTDIR: home }, { columns: 150, rows: 30 });
      await pane.waitFor((screen) => screen.startsWith('>'), 'the prompt');
      await pane.keys('balance show --sit', 'Tab');
      await pane.waitFor((screen) => screen.includes('balance show --site'), '--site completed');
      await pane.keys('Tab');
      const values = await pane.waitFor((screen) => screen.includes('global'), 'the sites');
      expect(values.split('\n')[1]?.split(/\s+/).filter((word) => word !== '')).toEqual(['eea', 'global', 'us']);
    });

    it('auth: its subcommands, their options and values', async () => {
      // A stored profile where the shell's balance looks (HOME/.config/balance), for the names.
      const input = `${OKX_KEY.apiKey}\n${OKX_KEY.apiSecret}\n${OKX_KEY.passphrase}\n`;
      const env = { BALANCE_CONFIG_DIR: join(home, '.config', 'balance') };
      expect((await runBalance(['auth', 'login', '--provider', 'okx', '--profile', 'zsh-profile', '--with-stdin', '--no-verify'], { env, input })).code).toBe(0);
      // Each case: what is typed, then TAB, and what the line (or the list under it) then shows.
      const clear = async () => {
        await pane!.keys('C-u', 'C-l');
        await pane!.waitFor((screen) => screen.trim() === '>', 'an empty prompt');
      };
      await clear();
      await pane!.keys('balance auth ', 'Tab');
      const subcommands = await pane!.waitFor((screen) => screen.includes('logout'), 'the auth subcommands');
      for (const name of ['login', 'status', 'refresh', 'logout', 'list', 'default']) expect(subcommands).toContain(name);
      for (const [typed, expected] of [
        ['balance auth li', 'balance auth list'],
        ['balance auth de', 'balance auth default'],
        ['balance auth login --with', 'balance auth login --with-stdin'],
        ['balance auth login --provider o', 'balance auth login --provider okx'],
        ['balance auth status --js', 'balance auth status --json'],
        ['balance auth logout --al', 'balance auth logout --all'],
        ['balance show --fields curr', 'balance show --fields currency'],
        ['balance auth logout --profile zs', 'balance auth logout --profile zsh-profile'],
        ['balance auth default zs', 'balance auth default zsh-profile'],
      ] as const) {
        await clear();
        await pane!.keys(typed, 'Tab');
        await pane!.waitFor((screen) => screen.includes(expected), `${typed} → ${expected}`);
      }
    });
  });
});

describe('balance __complete', () => {
  it('profiles: one name per line, none while there is no profile store; exit 0', async () => {
    const result = await runBalance(['__complete', 'profiles']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
  });

  it('profiles: the stored profile names; nothing, not an error, when the settings file is broken', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'balance-complete-'));
    const env = { BALANCE_CONFIG_DIR: dir };
    const logins = [
      ['okx', 'okx-main', `${OKX_KEY.apiKey}\n${OKX_KEY.apiSecret}\n${OKX_KEY.passphrase}\n`],
      ['longport', 'margin', `${LONGPORT_KEY.appKey}\n${LONGPORT_KEY.appSecret}\n${LONGPORT_KEY.accessToken}\n`],
    ] as const;
    for (const [provider, profile, input] of logins) {
      const login = await runBalance(['auth', 'login', '--provider', provider, '--profile', profile, '--with-stdin', '--no-verify'], { env, input });
      expect(login.code, login.stderr).toBe(0);
    }
    const listed = await runBalance(['__complete', 'profiles'], { env });
    expect(listed.code).toBe(0);
    expect(listed.stdout.split('\n').filter(Boolean).sort()).toEqual(['margin', 'okx-main']);

    writeFileSync(join(dir, 'config.json'), '{ not json');
    const broken = await runBalance(['__complete', 'profiles'], { env });
    expect(broken).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  it('is hidden from help, and refuses what it cannot complete (exit 2)', async () => {
    expect((await runBalance(['--help'])).stdout).not.toContain('__complete');
    expect((await runBalance(['__complete', 'passwords'])).code).toBe(2);
  });
});
