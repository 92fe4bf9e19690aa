// The profile store against a fake keyring: where secrets go, falling back to
// the file, --insecure-storage, moving between stores, logout, and reading.
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configPaths } from '../../../src/store/config-paths.js';
import { BalanceError } from '../../../src/base/errors.js';
import { KeyringUnavailable, type KeyringBackend } from '../../../src/store/keyring.js';
import { ProfileStore, SecretsNotSaved, type SaveRequest } from '../../../src/store/profile-store.js';
import { redact } from '../../../src/base/redact.js';
import { loadProvider } from '../../../src/providers/registry.js';
import { secretKeysFromRegistry } from '../../../src/accounts/stored-profiles.js';

const OKX = { apiKey: 'unit-store-okx-key-41c2', apiSecret: 'unit-store-okx-secret-9a7e', passphrase: 'unit-store-okx-pass-07b3' };
const LP = { appKey: 'unit-store-lp-key-d5e8', appSecret: 'unit-store-lp-secret-2f61', accessToken: 'unit-store-lp-token-8c4a' };

/** An in-memory keyring that records its calls and can be made to fail. */
class FakeKeyring implements KeyringBackend {
  readonly entries = new Map<string, string>();
  readonly calls: string[] = [];
  failure: string | null = null;

  async get(accounts: readonly string[]): Promise<(string | null)[]> {
    this.record('get', accounts);
    return accounts.map((account) => this.entries.get(account) ?? null);
  }
  async set(entries: readonly { account: string; password: string }[]): Promise<void> {
    this.record('set', entries.map((entry) => entry.account));
    for (const { account, password } of entries) this.entries.set(account, password);
  }
  async delete(accounts: readonly string[]): Promise<void> {
    this.record('delete', accounts);
    for (const account of accounts) this.entries.delete(account);
  }
  private record(op: string, accounts: readonly string[]): void {
    this.calls.push(`${op} ${accounts.join(',')}`);
    if (this.failure !== null) throw new KeyringUnavailable(this.failure);
  }
}

function storeWith(keyring: FakeKeyring | null): ProfileStore {
  return new ProfileStore(configPaths({ BALANCE_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'balance-store-')) }), keyring, secretKeysFromRegistry);
}

async function okxLogin(name: string, storage: SaveRequest['storage'] = 'auto', credentials: Record<string, string> = OKX): Promise<SaveRequest> {
  return { name, provider: await loadProvider('okx'), credentials, settings: { site: 'eea' }, storage };
}

const fileText = (path: string): string => (existsSync(path) ? readFileSync(path, 'utf8') : '');

describe('ProfileStore.save', () => {
  it('puts each secret in the keyring as <profile>:<key>, and only settings in the settings file', async () => {
    const keyring = new FakeKeyring();
    const store = storeWith(keyring);
    const saved = await store.save(await okxLogin('main'));
    expect(saved).toMatchObject({ keyringProblem: null, madeDefault: true, replaced: null, warnings: [] });
    expect(saved.profile.secretStore).toBe('keyring');
    expect([...keyring.entries]).toEqual([
      ['main:apiKey', OKX.apiKey],
      ['main:apiSecret', OKX.apiSecret],
      ['main:passphrase', OKX.passphrase],
    ]);
    expect(existsSync(store.paths.secretsFile)).toBe(false);
    const settings = fileText(store.paths.settingsFile);
    expect(settings).toContain('"site": "eea"');
    for (const secret of Object.values(OKX)) expect(settings).not.toContain(secret);
    expect(await store.readState()).toMatchObject({ defaultProfile: 'main', profiles: [{ name: 'main', provider: 'okx', secretStore: 'keyring' }] });
  });

  it('falls back to the 0600 file when the keyring fails, and says why', async () => {
    const keyring = new FakeKeyring();
    keyring.failure = 'no D-Bus session';
    const store = storeWith(keyring);
    const saved = await store.save(await okxLogin('main'));
    expect(saved.keyringProblem).toBe('no D-Bus session');
    expect(saved.profile.secretStore).toBe('file');
    expect(JSON.parse(fileText(store.paths.secretsFile))).toEqual({ version: 1, profiles: { main: OKX } });
  });

  it('--insecure-storage and BALANCE_KEYRING=off never touch the keyring', async () => {
    const keyring = new FakeKeyring();
    const insecure = storeWith(keyring);
    expect((await insecure.save(await okxLogin('main', 'file'))).profile.secretStore).toBe('file');
    expect(keyring.calls).toEqual([]);
    const off = storeWith(null);
    const saved = await off.save(await okxLogin('main'));
    expect(saved).toMatchObject({ keyringProblem: null, profile: { secretStore: 'file' } });
  });

  it('moving a profile from the keyring to the file removes its keyring entries, and back again its file entry', async () => {
    const keyring = new FakeKeyring();
    const store = storeWith(keyring);
    await store.save(await okxLogin('main'));
    const toFile = await store.save(await okxLogin('main', 'file'));
    expect(toFile.replaced?.secretStore).toBe('keyring');
    expect(keyring.entries.size).toBe(0);
    expect(fileText(store.paths.secretsFile)).toContain(OKX.apiSecret);

    await store.save(await okxLogin('main'));
    expect(keyring.entries.size).toBe(3);
    expect(existsSync(store.paths.secretsFile)).toBe(false);
  });

  it('when the keyring fails while replacing a keyring profile, it is not asked again: the old entries are named, left behind', async () => {
    const keyring = new FakeKeyring();
    const store = storeWith(keyring);
    await store.save(await okxLogin('main'));
    keyring.calls.length = 0;
    keyring.failure = 'the keyring did not answer within 5 s';
    const saved = await store.save(await okxLogin('main'));
    expect(saved).toMatchObject({ keyringProblem: 'the keyring did not answer within 5 s', profile: { secretStore: 'file' } });
    expect(keyring.calls).toEqual(['set main:apiKey,main:apiSecret,main:passphrase']);
    expect(saved.warnings).toEqual([
      'The old keyring entries of main (service balance, main:apiKey, main:apiSecret, main:passphrase) could not be removed: the keyring did not answer within 5 s.',
    ]);
  });

  it('with the keyring off, replacing a keyring profile names the entries left behind', async () => {
    const keyring = new FakeKeyring();
    const store = storeWith(keyring);
    await store.save(await okxLogin('main'));
    const saved = await new ProfileStore(store.paths, null, secretKeysFromRegistry).save(await okxLogin('main'));
    expect(saved.profile.secretStore).toBe('file');
    expect(saved.warnings).toEqual([
      'BALANCE_KEYRING=off: the keyring entries of main were left in place (service balance, main:apiKey, main:apiSecret, main:passphrase).',
    ]);
  });

  it('a profile that changes provider leaves no keyring entry of the old one behind', async () => {
    const keyring = new FakeKeyring();
    const store = storeWith(keyring);
    await store.save(await okxLogin('main'));
    await store.save({ name: 'main', provider: await loadProvider('longport'), credentials: LP, settings: {}, storage: 'auto' });
    expect([...keyring.entries.keys()].sort()).toEqual(['main:accessToken', 'main:appKey', 'main:appSecret']);
  });

  it('only the first profile becomes the default', async () => {
    const store = storeWith(null);
    expect((await store.save(await okxLogin('a'))).madeDefault).toBe(true);
    expect((await store.save(await okxLogin('b'))).madeDefault).toBe(false);
    expect((await store.readState()).defaultProfile).toBe('a');
  });
});

describe('ProfileStore.loadSecrets', () => {
  it('reads keyring and file profiles, the keyring in one call, and registers every secret for redaction', async () => {
    const keyring = new FakeKeyring();
    const store = storeWith(keyring);
    await store.save(await okxLogin('in-keyring'));
    await store.save({ name: 'lp', provider: await loadProvider('longport'), credentials: LP, settings: {}, storage: 'file' });
    await store.save(await okxLogin('also-keyring', 'auto', { ...OKX, apiKey: 'unit-store-okx-key-second' }));
    keyring.calls.length = 0;

    const outcomes = await store.loadSecrets((await store.readState()).profiles);
    expect(keyring.calls).toEqual([
      'get also-keyring:apiKey,also-keyring:apiSecret,also-keyring:passphrase,in-keyring:apiKey,in-keyring:apiSecret,in-keyring:passphrase',
    ]);
    expect(outcomes.get('in-keyring')).toEqual({
      ok: true,
      secrets: {
        values: OKX,
        sources: {
          apiKey: { kind: 'keyring', service: 'balance', account: 'in-keyring:apiKey' },
          apiSecret: { kind: 'keyring', service: 'balance', account: 'in-keyring:apiSecret' },
          passphrase: { kind: 'keyring', service: 'balance', account: 'in-keyring:passphrase' },
        },
      },
    });
    expect(outcomes.get('lp')).toMatchObject({ ok: true, secrets: { values: LP, sources: { appKey: { kind: 'file', path: store.paths.secretsFile } } } });
    expect(redact(`x ${OKX.apiSecret} ${LP.accessToken} y`)).toBe('x **** **** y');
  });

  it('a keyring profile with the keyring off or failing is an auth error saying what to do', async () => {
    const keyring = new FakeKeyring();
    const store = storeWith(keyring);
    await store.save(await okxLogin('main'));
    const profiles = (await store.readState()).profiles;

    const off = await new ProfileStore(store.paths, null, secretKeysFromRegistry).loadSecrets(profiles);
    const offError = (off.get('main') as { error: BalanceError }).error;
    expect(offError.exitCode).toBe(4);
    expect(offError.message).toContain('BALANCE_KEYRING=off');

    keyring.failure = 'the collection is locked';
    const failing = await store.loadSecrets(profiles);
    expect((failing.get('main') as { error: BalanceError }).error.message).toContain('the collection is locked');
  });

  it('a missing keyring entry is simply absent (the caller names it)', async () => {
    const keyring = new FakeKeyring();
    const store = storeWith(keyring);
    await store.save(await okxLogin('main'));
    keyring.entries.delete('main:passphrase');
    const outcome = (await store.loadSecrets((await store.readState()).profiles)).get('main');
    expect(outcome).toMatchObject({ ok: true, secrets: { values: { apiKey: OKX.apiKey, apiSecret: OKX.apiSecret } } });
    expect(outcome?.ok === true && 'passphrase' in outcome.secrets.values).toBe(false);
  });
});

describe('ProfileStore.remove', () => {
  it('removes keyring entries, the file entry and the settings', async () => {
    const keyring = new FakeKeyring();
    const store = storeWith(keyring);
    await store.save(await okxLogin('main'));
    await store.save(await okxLogin('filed', 'file'));
    const result = await store.remove(['main', 'filed']);
    expect(result).toMatchObject({ defaultCleared: true, warnings: [] });
    expect(keyring.entries.size).toBe(0);
    expect(existsSync(store.paths.secretsFile)).toBe(false);
    expect(await store.readState()).toEqual({ defaultProfile: null, profiles: [] });
  });

  it('when the keyring cannot remove the secrets, nothing is removed', async () => {
    const keyring = new FakeKeyring();
    const store = storeWith(keyring);
    await store.save(await okxLogin('main'));
    keyring.failure = 'the collection is locked';
    const failure = await store.remove(['main']).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BalanceError);
    expect((failure as BalanceError).message).toContain('the collection is locked');
    expect((failure as BalanceError).hint).toContain('Nothing was removed');
    keyring.failure = null;
    expect((await store.readState()).profiles.map((profile) => profile.name)).toEqual(['main']);
    expect(keyring.entries.size).toBe(3);
  });

  it('with the keyring off, a keyring profile is removed and its entries named as left behind', async () => {
    const keyring = new FakeKeyring();
    const store = storeWith(keyring);
    await store.save(await okxLogin('main'));
    const result = await new ProfileStore(store.paths, null, secretKeysFromRegistry).remove('all');
    expect(result.warnings).toEqual([
      'BALANCE_KEYRING=off: the keyring entries of main were left in place (service balance, main:apiKey, main:apiSecret, main:passphrase).',
    ]);
    expect((await store.readState()).profiles).toEqual([]);
  });

  it('an unknown name is a usage error', async () => {
    const store = storeWith(null);
    await store.save(await okxLogin('main'));
    await expect(store.remove(['other'])).rejects.toMatchObject({ exitCode: 2, message: 'No profile named "other".' });
  });
});

describe('a secrets file open to other users', () => {
  const modes = (store: ProfileStore): number[] => [store.paths.secretsFile, store.paths.dir].map((path) => statSync(path).mode & 0o777);

  it('is made private on the first read, and the store says so once', async () => {
    const warnings: string[] = [];
    const saving = storeWith(null);
    await saving.save(await okxLogin('main', 'file'));
    chmodSync(saving.paths.secretsFile, 0o664);
    const store = new ProfileStore(saving.paths, null, secretKeysFromRegistry, (message) => warnings.push(message));
    const profiles = (await store.readState()).profiles;
    expect((await store.loadSecrets(profiles)).get('main')).toMatchObject({ ok: true });
    await store.loadSecrets(profiles);
    expect(modes(store)).toEqual([0o600, 0o700]);
    expect(warnings).toEqual([
      `the secrets file ${store.paths.secretsFile} was open to other users (file 0664); balance made it private (file 0600). ` +
        'Anyone else who can use this machine may have read it: if so, replace the keys in it.',
    ]);
  });

  it.runIf(process.getuid?.() === 0)("another user's file is not changed: the warning says how to fix it", async () => {
    const warnings: string[] = [];
    const saving = storeWith(null);
    await saving.save(await okxLogin('main', 'file'));
    chmodSync(saving.paths.secretsFile, 0o644);
    chownSync(saving.paths.secretsFile, 4242, 4242);
    await new ProfileStore(saving.paths, null, secretKeysFromRegistry, (message) => warnings.push(message)).loadSecrets((await saving.readState()).profiles);
    expect(modes(saving)).toEqual([0o644, 0o700]);
    expect(warnings).toEqual([
      `the secrets file ${saving.paths.secretsFile} was open to other users (file 0644); balance could not make it private: the file is another user's ` +
        `(chmod 0600 ${saving.paths.secretsFile} as its owner). Anyone else who can use this machine may have read it: if so, replace the keys in it.`,
    ]);
  });
});

describe('ProfileStore.updateSecrets', () => {
  const lpLogin = async (name: string, storage: SaveRequest['storage'] = 'auto'): Promise<SaveRequest> => ({
    name,
    provider: await loadProvider('longport'),
    credentials: LP,
    settings: {},
    storage,
    facts: { tokenExpiresAt: '2027-01-01T00:00:00.000Z' },
  });
  const NEW_TOKEN = 'unit-store-lp-new-token-3e91';
  const renewed = { credentials: { ...LP, accessToken: NEW_TOKEN }, facts: { tokenExpiresAt: '2027-03-01T00:00:00.000Z' } };

  it('writes the new secrets where the old ones live (the keyring), reads them back, records the new facts', async () => {
    const keyring = new FakeKeyring();
    const store = storeWith(keyring);
    await store.save(await lpLogin('lp'));
    let seen: string | undefined;
    const result = await store.updateSecrets('lp', async (current) => {
      seen = current.values.accessToken;
      return renewed;
    });
    expect(seen).toBe(LP.accessToken);
    expect(result).toMatchObject({ changed: true, keyringProblem: null, profile: { secretStore: 'keyring', facts: { tokenExpiresAt: '2027-03-01T00:00:00.000Z' } } });
    expect(result.secrets.values.accessToken).toBe(NEW_TOKEN);
    expect(keyring.entries.get('lp:accessToken')).toBe(NEW_TOKEN);
    expect(keyring.calls.slice(-2)).toEqual(['set lp:appKey,lp:appSecret,lp:accessToken', 'get lp:appKey,lp:appSecret,lp:accessToken']);
    expect(existsSync(store.paths.secretsFile)).toBe(false);
    expect((await store.readState()).profiles[0]?.facts).toEqual({ tokenExpiresAt: '2027-03-01T00:00:00.000Z' });
  });

  it('null from the change: nothing is written', async () => {
    const keyring = new FakeKeyring();
    const store = storeWith(keyring);
    await store.save(await lpLogin('lp'));
    keyring.calls.length = 0;
    const result = await store.updateSecrets('lp', async () => null);
    expect(result.changed).toBe(false);
    expect(keyring.calls).toEqual(['get lp:appKey,lp:appSecret,lp:accessToken']);
  });

  it('when the keyring fails after the change, the secrets go to the 0600 file and the profile says so', async () => {
    const keyring = new FakeKeyring();
    const store = storeWith(keyring);
    await store.save(await lpLogin('lp'));
    const result = await store.updateSecrets('lp', async () => {
      keyring.failure = 'the unlock prompt was dismissed';
      return renewed;
    });
    expect(result).toMatchObject({ changed: true, keyringProblem: 'the unlock prompt was dismissed', profile: { secretStore: 'file' } });
    expect(JSON.parse(fileText(store.paths.secretsFile)).profiles.lp.accessToken).toBe(NEW_TOKEN);
    expect((await store.readState()).profiles[0]).toMatchObject({ secretStore: 'file', facts: { tokenExpiresAt: '2027-03-01T00:00:00.000Z' } });
    keyring.failure = null;
    expect((await store.loadSecrets((await store.readState()).profiles)).get('lp')).toMatchObject({ ok: true, secrets: { values: { accessToken: NEW_TOKEN } } });
  });

  it('a keyring that does not give back what was written counts as failed', async () => {
    const keyring = new FakeKeyring();
    const store = storeWith(keyring);
    await store.save(await lpLogin('lp'));
    keyring.set = async () => undefined; // accepts, keeps nothing
    const result = await store.updateSecrets('lp', async () => renewed);
    expect(result).toMatchObject({ keyringProblem: 'the keyring did not give back what was written', profile: { secretStore: 'file' } });
  });

  it('when neither can keep them: SecretsNotSaved, naming both problems and no secret', async () => {
    const keyring = new FakeKeyring();
    const store = storeWith(keyring);
    await store.save(await lpLogin('lp'));
    const failure = store.updateSecrets('lp', async () => {
      keyring.failure = 'the keyring did not answer within 5 s';
      mkdirSync(store.paths.secretsFile); // a directory where the file would go
      return renewed;
    });
    await expect(failure).rejects.toBeInstanceOf(SecretsNotSaved);
    const error = (await failure.catch((caught: unknown) => caught)) as SecretsNotSaved;
    expect(error.problems[0]).toBe('system keyring: the keyring did not answer within 5 s');
    expect(error.problems[1]).toMatch(/^secrets file: /);
    expect(error.message).not.toContain(NEW_TOKEN);
  });

  it('holds the lock from before the change until the write: a second update sees the first one\'s secrets', async () => {
    const store = storeWith(null);
    await store.save(await lpLogin('lp', 'file'));
    const seen: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = store.updateSecrets('lp', async (current) => {
      seen.push(current.values.accessToken!);
      await gate; // the provider is slow to answer
      return renewed;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = store.updateSecrets('lp', async (current) => {
      seen.push(current.values.accessToken!);
      return null;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen).toEqual([LP.accessToken]); // the second waits on the lock
    release();
    await Promise.all([first, second]);
    expect(seen).toEqual([LP.accessToken, NEW_TOKEN]);
  });
});
