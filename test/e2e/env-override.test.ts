// A credential variable left in the shell hides a stored profile: when it is
// not the whole set, the error names the variable that overrides the profile
// and says to unset it (or set all of them), instead of "log in", which
// cannot help — the profile is stored.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LONGPORT_KEY, OKX_KEY, OKX_OTHER_KEY } from '../secrets.js';
import { runBalance } from './harness.js';

async function storedOkxProfile(): Promise<Record<string, string>> {
  const root = mkdtempSync(join(tmpdir(), 'balance-override-'));
  const env = { HOME: root, BALANCE_CONFIG_DIR: join(root, 'config') };
  const input = `${OKX_KEY.apiKey}\n${OKX_KEY.apiSecret}\n${OKX_KEY.passphrase}\n`;
  const made = await runBalance(['auth', 'login', '--provider', 'okx', '--profile', 'okx-main', '--with-stdin', '--no-verify'], { env, input });
  expect(made.code, made.stderr).toBe(0);
  return env;
}

const HIDES_ONE =
  'balance: OKX_API_KEY is set in the environment and overrides the stored profile okx-main, but OKX_API_SECRET and OKX_API_PASSPHRASE are not.\n' +
  '  To use profile okx-main, unset OKX_API_KEY; or set all of OKX_API_KEY, OKX_API_SECRET, OKX_API_PASSPHRASE.\n';

describe('a stale credential variable and a stored profile', () => {
  it.each([
    ['show --profile okx-main', ['show', '--profile', 'okx-main']],
    ['show --provider okx', ['show', '--provider', 'okx']],
    ['show (the default profile)', ['show']],
    ['check --profile okx-main', ['check', '--profile', 'okx-main', '--max-risk', 'medium']],
  ])('%s: names the variable that overrides the profile and says to unset it', async (_name, args) => {
    const env = await storedOkxProfile();
    const result = await runBalance(args, { env: { ...env, OKX_API_KEY: OKX_OTHER_KEY.apiKey } });
    expect(result.code).toBe(4);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(HIDES_ONE);
  });

  it('two of three set: both are named', async () => {
    const env = await storedOkxProfile();
    const result = await runBalance(['show', '--profile', 'okx-main'], {
      env: { ...env, OKX_API_KEY: OKX_OTHER_KEY.apiKey, OKX_API_PASSPHRASE: OKX_OTHER_KEY.passphrase },
    });
    expect(result.code).toBe(4);
    expect(result.stderr).toBe(
      'balance: OKX_API_KEY and OKX_API_PASSPHRASE are set in the environment and override the stored profile okx-main, but OKX_API_SECRET is not.\n' +
        '  To use profile okx-main, unset OKX_API_KEY OKX_API_PASSPHRASE; or set all of OKX_API_KEY, OKX_API_SECRET, OKX_API_PASSPHRASE.\n',
    );
  });

  it('with no stored profile the advice is still to set the rest or log in', async () => {
    const root = mkdtempSync(join(tmpdir(), 'balance-override-'));
    const result = await runBalance(['show', '--provider', 'longport'], {
      env: { HOME: root, BALANCE_CONFIG_DIR: join(root, 'config'), LONGPORT_APP_KEY: LONGPORT_KEY.appKey },
    });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('balance auth login --provider longport');
  });
});
