// The command line itself: help, version, usage errors and provider choice.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { INCOMPLETE_KEY, LONGPORT_KEY, OKX_KEY } from '../secrets.js';
import { runBalance } from './harness.js';

describe('balance CLI', () => {
  it('prints its version and help, exit 0', async () => {
    const version = await runBalance(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout).toBe(`balance ${pkg.version} (node ${process.version}, ${process.platform}-${process.arch})\n`);

    const help = await runBalance(['show', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--currency');
    expect(help.stdout).toContain('--provider');
  });

  it("each command's help lists its own options, whichever way it is asked for; the top help lists every command", async () => {
    // Only the command the arguments call is declared in full (src/cli.ts): its help must not lose anything.
    for (const [args, expected] of [
      [['--debug', 'check', '--help'], ['--max-risk', '--min-available', '--provider', '--debug']],
      [['auth', 'login', '--help'], ['--with-stdin', '--insecure-storage', '--proxy']],
      [['auth', '--help'], ['login', 'status', 'refresh', 'logout', 'list', 'default']],
      [['help', 'show'], ['--currency', '--watch']],
      [['--help'], ['show', 'check', 'providers', 'completion', 'auth']],
    ] as const) {
      const help = await runBalance([...args]);
      expect(help.code, args.join(' ')).toBe(0);
      for (const text of expected) expect(help.stdout, `${args.join(' ')}: ${text}`).toContain(text);
    }
    const mistyped = await runBalance(['shwo', '--provider', 'sample']);
    expect(mistyped.code).toBe(2);
    expect(mistyped.stderr).toContain('Did you mean show?');
  });

  it('with no command prints help to stderr and exits 2', async () => {
    const result = await runBalance([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Usage: balance');
  });

  it('refuses unknown options and commands with exit 2', async () => {
    for (const args of [['show', '--bogus'], ['frobnicate'], ['show', '--provider', 'nasdaq'], ['show', '--format', 'xml']]) {
      const result = await runBalance(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
    }
  });

  it('asks which provider to use when none is set, exit 2', async () => {
    const result = await runBalance(['show']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--provider/);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('asks which provider to use when several are set, exit 2', async () => {
    const result = await runBalance(['show'], {
      env: { LONGPORT_APP_KEY: LONGPORT_KEY.appKey, OKX_API_KEY: OKX_KEY.apiKey },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('longport, okx');
  });

  it('reports incomplete credentials with exit 4, naming the missing variables', async () => {
    const result = await runBalance(['show', '--provider', 'okx'], { env: { OKX_API_KEY: INCOMPLETE_KEY } });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('OKX_API_SECRET');
    expect(result.stderr).toContain('OKX_API_PASSPHRASE');
    expect(result.stderr).not.toContain(INCOMPLETE_KEY);
  });

  it('refuses bad --currency before any request, exit 2', async () => {
    for (const currency of ['H', 'HK$', Array.from({ length: 21 }, (_, i) => `C${i}X`).join(',')]) {
      const result = await runBalance(['show', '--provider', 'sample', '--currency', currency]);
      expect(result.code, currency).toBe(2);
      expect(result.stdout).toBe('');
    }
  });
});

describe('help a cron user can act on', () => {
  it.each([
    ['show', ['0 ok', '2 usage', '4 credentials', '$ balance show --currency']],
    ['check', ['0 every condition holds, 5 a condition is breached', '2 usage', '4 credentials', '$ balance check --max-risk medium']],
  ])('%s --help: global options, examples, exit codes, where settings live, the timeout default as a number', async (command, expected) => {
    const help = await runBalance([command, '--help']);
    expect(help.code).toBe(0);
    for (const text of ['Global Options:', '--debug', '--no-color', 'Examples:', 'Exit codes:', 'BALANCE_CONFIG_DIR', 'config.json', 'keyring', ...expected]) {
      expect(help.stdout, text).toContain(text);
    }
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('(at most 600) (default: 15)');
    expect(help.stdout).not.toContain('"15"');
  });
});

describe('option values', () => {
  it('fixed choices are accepted in any case: --provider SAMPLE, --format JSON, --max-risk Medium', async () => {
    const shown = await runBalance(['show', '--provider', 'SAMPLE', '--format', 'JSON']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout).schemaVersion).toBe(1);
    expect((await runBalance(['check', '--provider', 'Sample', '--max-risk', 'Medium'])).code).toBe(0);
    expect((await runBalance(['check', '--provider', 'sample', '--max-risk', 'SAFE'])).code).toBe(5);
  });

  it('--site EEA and --provider OKX are saved as eea and okx', async () => {
    const env = { BALANCE_CONFIG_DIR: join(mkdtempSync(join(tmpdir(), 'balance-cli-')), 'config') };
    const input = `${OKX_KEY.apiKey}\n${OKX_KEY.apiSecret}\n${OKX_KEY.passphrase}\n`;
    const login = await runBalance(['auth', 'login', '--provider', 'OKX', '--site', 'EEA', '--profile', 'eu', '--with-stdin', '--no-verify'], { env, input });
    expect(login.code, login.stderr).toBe(0);
    const listed = JSON.parse((await runBalance(['auth', 'list', '--json'], { env })).stdout);
    expect(listed.profiles[0]).toMatchObject({ name: 'eu', provider: 'okx', settings: { site: 'eea' } });
  });

  it('a mistyped choice gets "did you mean" and exit 2', async () => {
    for (const [args, near] of [
      [['show', '--provider', 'sample', '--format', 'jsno'], 'json'],
      [['check', '--provider', 'sample', '--max-risk', 'meduim'], 'medium'],
      [['show', '--provider', 'okz'], 'okx'],
    ] as const) {
      const result = await runBalance(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toContain(`Did you mean ${near}?`);
    }
  });

  it('--currency given twice shows both currencies (the lists are merged)', async () => {
    const result = await runBalance(['show', '--provider', 'sample', '--currency', 'HKD', '--currency', 'usd']);
    expect(result.code).toBe(0);
    const currencies = new Set(result.stdout.split('\n').filter(Boolean).map((line) => line.split('\t')[3]));
    expect(currencies).toEqual(new Set(['HKD', 'USD']));
  });

  it('any other option given twice is refused, exit 2, before any request', async () => {
    for (const args of [
      ['show', '--provider', 'sample', '--timeout', '5', '--timeout', '60'],
      ['show', '--provider', 'sample', '--format', 'json', '--format', 'tsv'],
      ['show', '--provider', 'okx', '--provider', 'sample'],
      ['check', '--provider', 'sample', '--max-risk', 'safe', '--max-risk', 'danger'],
    ]) {
      const result = await runBalance(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/option '.*' was given more than once/);
    }
    const twice = await runBalance(['check', '--provider', 'sample', '--min-available', 'HKD=1', '--min-available', 'USD=1', '--json']);
    expect([0, 5], twice.stderr).toContain(twice.code);
    expect(JSON.parse(twice.stdout).conditions).toHaveLength(2);
  });
});
