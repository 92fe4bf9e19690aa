// src/store/ keeps what lives on disk and in the keyring: where the files are
// (config-paths), JSON files written atomically, the lock, the keyring and its
// helper process (keyring/), the secrets file, the settings file and this store
// over them. It knows no HTTP and no provider (which secrets a provider has is
// given to it); it imports only src/base/.
//
// Stored profiles and their secrets: the settings file (profiles, default),
// the secrets, each in the OS keyring or in the 0600 secrets file, and the
// lock that serialises changes across processes. Knows nothing of the terminal.
import { BalanceError } from '../base/errors.js';
import { configPaths, type ConfigPaths } from './config-paths.js';
import { withFileLock } from './file-lock.js';
import { ensurePrivateDirectory, narrowPrivateFile, readJsonFile, updateJsonFile } from './json-file.js';
import { childProcessKeyring, keyringAccount, keyringEnabled, KeyringUnavailable, type KeyringBackend } from './keyring.js';
import { findProfile, settingsFileSpec, unknownProfile, type ProfilesState, type SecretStoreKind, type StoredProfile } from './profiles.js';
import { registerSecret } from '../base/redact.js';
import { secretsFileSpec, type SecretsByProfile } from './secrets-file.js';
import type { RealProviderName } from '../base/model.js';
import type { SecretSpec } from '../base/settings.js';
import { KEYRING_SERVICE } from './keyring/protocol.js';
import type { SecretSource, Credentials, Env, SettingsInput } from '../base/settings.js';
import { compareNames } from '../base/compare-names.js';

export interface LoadedSecrets {
  /** The secrets found, by SecretSpec.key; missing ones are absent. */
  readonly values: Credentials;
  readonly sources: Readonly<Record<string, SecretSource>>;
}

export type SecretsOutcome = { readonly ok: true; readonly secrets: LoadedSecrets } | { readonly ok: false; readonly error: BalanceError };

export interface SaveRequest {
  readonly name: string;
  /** The provider's name and the secrets it takes (a Provider will do). */
  readonly provider: { readonly name: RealProviderName; readonly secrets: readonly Pick<SecretSpec, 'key'>[] };
  readonly credentials: Credentials;
  readonly settings: SettingsInput;
  /** 'auto': the keyring when it is enabled and works, else the file. 'file': --insecure-storage. */
  readonly storage: 'auto' | 'file';
}

export interface SaveResult {
  readonly profile: StoredProfile;
  /** The profile this one replaced, if the name was taken. */
  readonly replaced: StoredProfile | null;
  /** Why the keyring was tried and not used; null otherwise. */
  readonly keyringProblem: string | null;
  /** Whether it became the default profile (the first profile does). */
  readonly madeDefault: boolean;
  readonly warnings: readonly string[];
}

export interface RemoveResult {
  readonly removed: readonly StoredProfile[];
  readonly defaultCleared: boolean;
  readonly warnings: readonly string[];
}

/** The names of a provider's secrets (SecretSpec.key), in order: the store knows no provider. */
export type SecretKeysOf = (provider: RealProviderName) => Promise<readonly string[]>;

export class ProfileStore {
  constructor(
    readonly paths: ConfigPaths,
    /** null when BALANCE_KEYRING=off. */
    private readonly keyring: KeyringBackend | null,
    /** Which secrets a stored profile has: where to find them in the keyring and the file. */
    private readonly secretKeysOf: SecretKeysOf,
    /** Tells the user what the store did on its own (a secrets file made private again). */
    private readonly warn: (message: string) => void = () => undefined,
  ) {}

  get keyringEnabled(): boolean {
    return this.keyring !== null;
  }

  readState(): Promise<ProfilesState> {
    return readJsonFile(settingsFileSpec(this.paths.settingsFile));
  }

  /** The stored secrets of each profile, by name; each one registered for redaction. */
  async loadSecrets(profiles: readonly StoredProfile[]): Promise<Map<string, SecretsOutcome>> {
    const outcomes = new Map<string, SecretsOutcome>();
    const inFile = profiles.filter((profile) => profile.secretStore === 'file');
    const inKeyring = profiles.filter((profile) => profile.secretStore === 'keyring');
    if (inFile.length > 0) {
      const file = await this.readSecretsFile();
      for (const profile of inFile) {
        const found = file.get(profile.name) ?? {};
        const keys = await this.secretKeys(profile);
        outcomes.set(profile.name, loaded(keys, (key) => found[key], () => ({ kind: 'file', path: this.paths.secretsFile })));
      }
    }
    if (inKeyring.length > 0) {
      for (const [name, outcome] of await this.loadFromKeyring(inKeyring)) outcomes.set(name, outcome);
    }
    return outcomes;
  }

  async save(request: SaveRequest): Promise<SaveResult> {
    const { name, provider } = request;
    // Both files are read (and checked) before anything is written anywhere.
    const before = await this.readState();
    await this.readSecretsFile();
    const replaced = findProfile(before, name) ?? null;

    let secretStore: SecretStoreKind = 'file';
    let keyringProblem: string | null = null;
    const entries = provider.secrets.map((secret) => ({
      account: keyringAccount(name, secret.key),
      password: request.credentials[secret.key] ?? '',
    }));
    if (request.storage === 'auto' && this.keyring !== null) {
      try {
        await this.keyring.set(entries);
        secretStore = 'keyring';
      } catch (error) {
        if (!(error instanceof KeyringUnavailable)) throw error;
        keyringProblem = error.message;
      }
    }

    const profile: StoredProfile = { name, provider: provider.name, secretStore, settings: request.settings, savedAt: new Date().toISOString() };
    let madeDefault = false;
    try {
      await this.locked(async () => {
        await updateJsonFile(secretsFileSpec(this.paths.secretsFile), (secrets) => {
          const next = new Map(secrets);
          if (secretStore === 'file') next.set(name, { ...request.credentials });
          else next.delete(name);
          return next;
        });
        await updateJsonFile(settingsFileSpec(this.paths.settingsFile), (state) => {
          madeDefault = state.defaultProfile === null;
          return {
            defaultProfile: state.defaultProfile ?? name,
            profiles: [...state.profiles.filter((other) => other.name !== name), profile].sort((a, b) => compareNames(a.name, b.name)),
          };
        });
      });
    } catch (error) {
      if (secretStore === 'keyring') await this.keyring?.delete(entries.map((entry) => entry.account)).catch(() => undefined);
      throw error;
    }

    const warnings: string[] = [];
    if (replaced?.secretStore === 'keyring') {
      // Entries the new profile does not overwrite: all of them when it moved to the file.
      const kept = new Set(secretStore === 'keyring' ? entries.map((entry) => entry.account) : []);
      const stale = (await this.keyringAccounts(replaced)).filter((account) => !kept.has(account));
      if (this.keyring === null) warnings.push(leftInKeyring([name], stale));
      else {
        // A keyring that has just failed is not asked again: a hung one would cost its time limit twice.
        const problem = keyringProblem ?? (await this.deleteFromKeyring(stale));
        if (problem !== null) warnings.push(`The old keyring entries of ${name} (service ${KEYRING_SERVICE}, ${stale.join(', ')}) could not be removed: ${problem}.`);
      }
    }
    return { profile, replaced, keyringProblem, madeDefault, warnings };
  }

  /** Removes profiles: keyring entries first (nothing else changes if that fails), then both files. */
  async remove(names: readonly string[] | 'all'): Promise<RemoveResult> {
    const state = await this.readState();
    await this.readSecretsFile();
    const targets = names === 'all' ? state.profiles : names.map((name) => findProfile(state, name) ?? unknownProfile(name, state));
    const warnings: string[] = [];
    const keyringTargets = targets.filter((profile) => profile.secretStore === 'keyring');
    const accounts = (await Promise.all(keyringTargets.map((profile) => this.keyringAccounts(profile)))).flat();
    if (accounts.length > 0 && this.keyring === null) {
      warnings.push(leftInKeyring(keyringTargets.map((profile) => profile.name), accounts));
    } else if (accounts.length > 0) {
      const problem = await this.deleteFromKeyring(accounts);
      if (problem !== null) {
        throw new BalanceError('config', `Could not remove the secrets of ${keyringTargets.map((p) => p.name).join(', ')} from the system keyring: ${problem}.`, {
          hint: 'Nothing was removed. Try again; BALANCE_KEYRING=off removes the rest and leaves the keyring entries.',
        });
      }
    }
    const removing = new Set(targets.map((profile) => profile.name));
    let defaultCleared = false;
    await this.locked(async () => {
      await updateJsonFile(secretsFileSpec(this.paths.secretsFile), (secrets) =>
        names === 'all' ? new Map() : new Map([...secrets].filter(([name]) => !removing.has(name))),
      );
      await updateJsonFile(settingsFileSpec(this.paths.settingsFile), (current) => {
        defaultCleared = current.defaultProfile !== null && removing.has(current.defaultProfile);
        return {
          defaultProfile: defaultCleared ? null : current.defaultProfile,
          profiles: current.profiles.filter((profile) => !removing.has(profile.name)),
        };
      });
    });
    return { removed: targets, defaultCleared, warnings };
  }

  async setDefault(name: string): Promise<StoredProfile> {
    let chosen: StoredProfile | undefined;
    await this.locked(() =>
      updateJsonFile(settingsFileSpec(this.paths.settingsFile), (state) => {
        chosen = findProfile(state, name) ?? unknownProfile(name, state);
        return { ...state, defaultProfile: name };
      }),
    );
    return chosen!;
  }

  /** Every read first makes the file private again if it is not (so this is said once: the next read finds it so). */
  private readSecretsFile(): Promise<SecretsByProfile> {
    const narrowed = narrowPrivateFile(this.paths.secretsFile, 'secrets file');
    if (narrowed !== null) this.warn(narrowed);
    return readJsonFile(secretsFileSpec(this.paths.secretsFile));
  }

  private async secretKeys(profile: StoredProfile): Promise<readonly string[]> {
    return this.secretKeysOf(profile.provider);
  }

  private async keyringAccounts(profile: StoredProfile): Promise<string[]> {
    return (await this.secretKeys(profile)).map((key) => keyringAccount(profile.name, key));
  }

  private async locked<T>(work: () => Promise<T>): Promise<T> {
    ensurePrivateDirectory(this.paths.dir);
    return withFileLock(this.paths.lockFile, work);
  }

  private async loadFromKeyring(profiles: readonly StoredProfile[]): Promise<Map<string, SecretsOutcome>> {
    const outcomes = new Map<string, SecretsOutcome>();
    const fail = (profile: StoredProfile, message: string, hint: string): void =>
      void outcomes.set(profile.name, { ok: false, error: new BalanceError('auth', message, { provider: profile.provider, hint }) });
    if (this.keyring === null) {
      for (const profile of profiles) {
        fail(profile, `Profile ${profile.name} keeps its secrets in the system keyring, and BALANCE_KEYRING=off.`, `Unset BALANCE_KEYRING, or log in again: balance auth login --provider ${profile.provider} --profile ${profile.name} --insecure-storage`);
      }
      return outcomes;
    }
    const perProfile = await Promise.all(profiles.map(async (profile) => ({ profile, keys: await this.secretKeys(profile) })));
    const accounts = perProfile.flatMap(({ profile, keys }) => keys.map((key) => keyringAccount(profile.name, key)));
    let passwords: (string | null)[];
    try {
      passwords = await this.keyring.get(accounts);
    } catch (error) {
      if (!(error instanceof KeyringUnavailable)) throw error;
      for (const profile of profiles) {
        fail(profile, `Could not read the secrets of profile ${profile.name} from the system keyring: ${error.message}.`, 'Check that the keyring is unlocked and try again.');
      }
      return outcomes;
    }
    const byAccount = new Map(accounts.map((account, index) => [account, passwords[index] ?? null]));
    for (const { profile, keys } of perProfile) {
      outcomes.set(
        profile.name,
        loaded(keys, (key) => byAccount.get(keyringAccount(profile.name, key)) ?? undefined, (key) => ({
          kind: 'keyring',
          service: KEYRING_SERVICE,
          account: keyringAccount(profile.name, key),
        })),
      );
    }
    return outcomes;
  }

  /** null when done (or nothing to do), else why not. */
  private async deleteFromKeyring(accounts: readonly string[]): Promise<string | null> {
    if (accounts.length === 0 || this.keyring === null) return null;
    try {
      await this.keyring.delete(accounts);
      return null;
    } catch (error) {
      if (error instanceof KeyringUnavailable) return error.message;
      throw error;
    }
  }
}

export interface StoreOptions {
  /** Which secrets each provider has (src/accounts/stored-profiles.ts gives the registry's). */
  readonly secretKeys: SecretKeysOf;
  /** The keyring to use; by default the system's, unless BALANCE_KEYRING=off. */
  readonly keyring?: KeyringBackend | null;
  /** Where to tell the user what the store did on its own; commands that read secrets pass one. */
  readonly warn?: (message: string) => void;
}

export function openProfileStore(env: Env, { keyring, warn, secretKeys }: StoreOptions): ProfileStore {
  return new ProfileStore(configPaths(env), keyring !== undefined ? keyring : keyringEnabled(env) ? childProcessKeyring() : null, secretKeys, warn);
}

function loaded(
  keys: readonly string[],
  value: (key: string) => string | undefined,
  source: (key: string) => SecretSource,
): SecretsOutcome {
  const values: Record<string, string> = {};
  const sources: Record<string, SecretSource> = {};
  for (const key of keys) {
    const secret = value(key);
    if (secret === undefined || secret === '') continue;
    registerSecret(secret);
    values[key] = secret;
    sources[key] = source(key);
  }
  return { ok: true, secrets: { values, sources } };
}

function leftInKeyring(names: readonly string[], accounts: readonly string[]): string {
  return `BALANCE_KEYRING=off: the keyring entries of ${names.join(', ')} were left in place (service ${KEYRING_SERVICE}, ${accounts.join(', ')}).`;
}

