// The command line itself: help, version, usage errors and provider choice.
import { describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { INCOMPLETE_KEY, LONGPORT_KEY, OKX_KEY } from '../secrets.js';
import { runBalance } from './harness.js';

describe('balance CLI', () => {
  it('prints its version and help, exit 0', async () => {
    const version = await runBalance(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(pkg.version);

    const help = await runBalance(['show', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--currency');
    expect(help.stdout).toContain('--provider');
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
