// ProfileStore.updateSecrets: a profile's secrets changed under the store's
// lock (an OAuth session renewed), written where the profile keeps them —
// the file when the keyring refuses — and read back.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configPaths } from '../../../src/store/config-paths.js';
import { KeyringUnavailable, type KeyringBackend } from '../../../src/store/keyring.js';
import { ProfileStore } from '../../../src/store/profile-store.js';
import { redact } from '../../../src/base/redact.js';
import { secretKeysFromRegistry } from '../../../src/accounts/stored-profiles.js';
import { SESSION, SESSION_SECRETS } from '../../../src/providers/longport/oauth-session.js';

const session = (n: number): Record<string, string> => ({
  [SESSION.clientId]: 'unit-client-id-public',
  [SESSION.accessToken]: `m_unit-oauth-access-${n}-6b1e`,
  [SESSION.refreshToken]: `unit-oauth-refresh-${n}-93ad`,
  [SESSION.expiresAt]: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(),
  [SESSION.renewsUntil]: new Date(Date.UTC(2026, 0, 31)).toISOString(),
  [SESSION.registrationToken]: 'unit-oauth-registration-0d4f',
  [SESSION.registrationUri]: 'https://openapi.longbridge.com/oauth2/register/unit-client-id-public',
});

class FakeKeyring implements KeyringBackend {
  readonly entries = new Map<string, string>();
  refuseSet = false;
  async get(accounts: readonly string[]): Promise<(string | null)[]> {
    return accounts.map((account) => this.entries.get(account) ?? null);
  }
  async set(entries: readonly { account: string; password: string }[]): Promise<void> {
    if (this.refuseSet) throw new KeyringUnavailable('the keyring is locked');
    for (const { account, password } of entries) this.entries.set(account, password);
  }
  async delete(accounts: readonly string[]): Promise<void> {
    for (const account of accounts) this.entries.delete(account);
  }
}

async function storeWithSession(keyring: FakeKeyring | null, dir = mkdtempSync(join(tmpdir(), 'balance-update-'))): Promise<{ store: ProfileStore; warnings: string[]; dir: string }> {
  const warnings: string[] = [];
  const store = new ProfileStore(configPaths({ BALANCE_CONFIG_DIR: dir }), keyring, secretKeysFromRegistry, (message) => warnings.push(message));
  await store.save({ name: 'lb', provider: { name: 'longbridge', secrets: SESSION_SECRETS }, credentials: session(1), settings: {}, auth: 'oauth', storage: keyring === null ? 'file' : 'auto' });
  return { store, warnings, dir };
}

describe('ProfileStore.updateSecrets', () => {
  it('writes the new secrets to the keyring and returns them as read back', async () => {
    const keyring = new FakeKeyring();
    const { store } = await storeWithSession(keyring);
    const updated = await store.updateSecrets('lb', async (current) => {
      expect(current.values[SESSION.accessToken]).toBe(session(1)[SESSION.accessToken]);
      return { credentials: session(2) };
    });
    expect(updated.secrets.values).toEqual(session(2));
    expect(keyring.entries.get(`lb:${SESSION.refreshToken}`)).toBe(session(2)[SESSION.refreshToken]);
    expect((await store.readState()).profiles[0]).toMatchObject({ name: 'lb', auth: 'oauth', secretStore: 'keyring' });
  });

  it('null keeps the secrets as they are', async () => {
    const { store } = await storeWithSession(new FakeKeyring());
    expect((await store.updateSecrets('lb', async () => null)).secrets.values).toEqual(session(1));
  });

  it('a keyring that refuses the renewed secrets: they go to the 0600 file, and the profile says so', async () => {
    const keyring = new FakeKeyring();
    const { store, warnings } = await storeWithSession(keyring);
    keyring.refuseSet = true;
    const updated = await store.updateSecrets('lb', async () => ({ credentials: session(2) }));
    expect(updated.secrets.values).toEqual(session(2));
    expect(updated.keyringProblem).not.toBeNull();
    expect(warnings).toEqual([]);
    expect((await store.readState()).profiles[0]).toMatchObject({ secretStore: 'file', auth: 'oauth' });
    expect(JSON.parse(readFileSync(store.paths.secretsFile, 'utf8')).profiles.lb).toEqual(session(2));
  });

  it('updates from two stores at once take turns: each sees what the other wrote', async () => {
    const { dir } = await storeWithSession(null);
    const open = (): ProfileStore => new ProfileStore(configPaths({ BALANCE_CONFIG_DIR: dir }), null, secretKeysFromRegistry);
    const seen: string[] = [];
    const bump = (store: ProfileStore): Promise<unknown> =>
      store.updateSecrets('lb', async (current) => {
        const n = Number(/access-(\d+)/.exec(current.values[SESSION.accessToken] ?? '')?.[1]);
        seen.push(String(n));
        await new Promise((resolve) => setTimeout(resolve, 50));
        return { credentials: session(n + 1) };
      });
    await Promise.all([bump(open()), bump(open())]);
    expect(seen.sort()).toEqual(['1', '2']);
    expect((await open().updateSecrets('lb', async () => null)).secrets.values).toEqual(session(3));
  });

  it('tokens are masked in messages; the client id and times, which are not secret, are not', async () => {
    const { store } = await storeWithSession(null);
    await store.updateSecrets('lb', async () => null);
    expect(redact(`token ${session(1)[SESSION.refreshToken]}`)).toBe('token ****');
    expect(redact('client unit-client-id-public')).toBe('client unit-client-id-public');
  });
});
