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
import { withFileLock, type LockOptions } from './file-lock.js';
import { checkStoreAccess, type StoreNeed } from './store-access.js';
import { ensurePrivateDirectory, narrowPrivateFile, readJsonFile, updateJsonFile } from './json-file.js';
import { childProcessKeyring, keyringAccount, keyringEnabled, KeyringUnavailable, type KeyringBackend } from './keyring.js';
import { findProfile, settingsFileSpec, unknownProfile, type AuthKind, type ProfilesState, type SecretStoreKind, type StoredFacts, type StoredProfile } from './profiles.js';
import { registerSecret } from '../base/redact.js';
import { secretsFileSpec, type SecretsByProfile } from './secrets-file.js';
import type { RealProviderName } from '../base/model.js';
import { PROXY_PASSWORD, proxyHasUser, type SecretSpec } from '../base/settings.js';
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
  /** 'oauth': the secrets are an OAuth session; app keys when absent. */
  readonly auth?: AuthKind;
  /** 'auto': the keyring when it is enabled and works, else the file. 'file': --insecure-storage. */
  readonly storage: 'auto' | 'file';
  /** What the credentials say about themselves (expiry…), kept beside the settings. */
  readonly facts?: StoredFacts | undefined;
  readonly autoRefresh?: boolean | undefined;
}

/** New secrets for a profile, and what they say about themselves. */
export interface SecretsUpdate {
  /** The complete set, unchanged secrets included. */
  readonly credentials: Credentials;
  readonly facts?: StoredFacts | undefined;
}

export interface UpdateResult {
  /** false when the change decided there was nothing to do. */
  readonly changed: boolean;
  /** The profile as it is now (its store may have moved to the file). */
  readonly profile: StoredProfile;
  /** The secrets as read back after the write (or as found, when unchanged). */
  readonly secrets: LoadedSecrets;
  /** Why the keyring could not keep them, when they went to the secrets file instead; null otherwise. */
  readonly keyringProblem: string | null;
  /** Other profiles that held the same secrets (see UpdateOptions.sameAs) and got the new ones too. */
  readonly shared?: readonly string[];
  /** Other profiles that held the same secrets and could not be given the new ones, each with why. */
  readonly sharedProblems?: readonly { readonly name: string; readonly problem: string }[];
}

export interface UpdateOptions {
  /**
   * When given: every other profile whose secrets hold the same values as the
   * changed profile's for all these keys (the very same credentials, saved
   * twice) gets the changed values too, under the same lock. A provider that
   * invalidates the old credentials on renewal would otherwise leave them dead.
   */
  readonly sameAs?: readonly string[];
}

/**
 * New secrets that exist only in memory: neither the keyring nor the file
 * could keep them. Whoever asked for them says what that means (an old
 * token already invalidated) and never prints them.
 */
export class SecretsNotSaved extends Error {
  override readonly name = 'SecretsNotSaved';
  constructor(
    readonly profile: string,
    /** Each store tried, and why it failed. */
    readonly problems: readonly string[],
  ) {
    super(`the new secrets of profile ${profile} could not be saved (${problems.join('; ')})`);
  }
}

/**
 * Lock timings for updateSecrets: its holder waits on a provider's answer,
 * so others wait longer for it and do not take it for abandoned while the
 * request runs.
 */
const UPDATE_LOCK = { timeoutMs: 90_000, staleMs: 120_000 } as const;

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

/** The names of a provider's secrets (SecretSpec.key) for a way of signing in, in order: the store knows no provider. */
export type SecretKeysOf = (provider: RealProviderName, auth: AuthKind) => Promise<readonly Pick<SecretSpec, 'key' | 'notSecret'>[]>;

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

  /** Where the profiles are listed: said in messages and by `auth list`/`auth status`. */
  get settingsFile(): string {
    return this.paths.settingsFile;
  }

  get keyringEnabled(): boolean {
    return this.keyring !== null;
  }

  /**
   * Throws (exit 2) when this process cannot read the store, or with 'write'
   * change it: a command asks before any question, so no secret is typed for nothing.
   */
  checkAccess(need: StoreNeed): void {
    checkStoreAccess(this.paths, need);
  }

  async readState(): Promise<ProfilesState> {
    this.checkAccess('read');
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
        const keys = await this.secretSpecs(profile);
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
    this.checkAccess('write');
    // Both files are read (and checked) before anything is written anywhere.
    const before = await this.readState();
    await this.readSecretsFile();
    const replaced = findProfile(before, name) ?? null;

    let secretStore: SecretStoreKind = 'file';
    let keyringProblem: string | null = null;
    // The proxy's password, when the profile saves a proxy with a user, is one secret more.
    const keys = [...provider.secrets, ...(request.credentials[PROXY_PASSWORD.key] === undefined ? [] : [PROXY_PASSWORD])];
    const entries = keys.map((secret) => ({
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

    const profile: StoredProfile = {
      name,
      provider: provider.name,
      secretStore,
      ...(request.auth === 'oauth' ? { auth: 'oauth' as const } : {}),
      settings: request.settings,
      savedAt: new Date().toISOString(),
      ...(request.facts === undefined ? {} : { facts: request.facts }),
      ...(request.autoRefresh === true ? { autoRefresh: true } : {}),
    };
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
    if (replaced?.secretStore === 'keyring' || replaced?.keyringLeftovers === true) {
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
    this.checkAccess('write');
    const state = await this.readState();
    await this.readSecretsFile();
    const targets = names === 'all' ? state.profiles : names.map((name) => findProfile(state, name) ?? unknownProfile(name, state, this.paths.settingsFile));
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
    // Stale entries a keyring could not replace (the secrets moved to the file): removed if it can now, else said where.
    const leftovers = targets.filter((profile) => profile.secretStore === 'file' && profile.keyringLeftovers === true);
    for (const profile of leftovers) {
      const stale = await this.keyringAccounts(profile);
      if (this.keyring === null) {
        warnings.push(leftInKeyring([profile.name], stale));
        continue;
      }
      const problem = await this.deleteFromKeyring(stale);
      if (problem !== null) {
        warnings.push(
          `The old keyring entries of ${profile.name} (service ${KEYRING_SERVICE}, ${stale.join(', ')}) could not be removed: ${problem}. ` +
            `Remove them when the keyring works again, in its app or (Linux) with \`secret-tool clear service ${KEYRING_SERVICE} username <entry>\`.`,
        );
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
    this.checkAccess('write');
    let chosen: StoredProfile | undefined;
    await this.locked(() =>
      updateJsonFile(settingsFileSpec(this.paths.settingsFile), (state) => {
        chosen = findProfile(state, name) ?? unknownProfile(name, state, this.paths.settingsFile);
        return { ...state, defaultProfile: name };
      }),
    );
    return chosen!;
  }

  /**
   * Replaces a profile's secrets under the store's lock, held from before
   * `change` runs (which may ask a provider for new ones) until they are
   * written and read back, so two processes never both renew the same
   * secrets: the second sees what the first wrote. `change` gets the secrets
   * as stored now and returns the new set, or null for nothing to do.
   *
   * The new secrets go where the old ones live. When the keyring cannot keep
   * them they go to the 0600 secrets file instead (keyringProblem says why);
   * when that fails too, SecretsNotSaved.
   */
  async updateSecrets(
    name: string,
    change: (current: LoadedSecrets, profile: StoredProfile) => Promise<SecretsUpdate | null>,
    options: UpdateOptions = {},
  ): Promise<UpdateResult> {
    return this.locked(async () => {
      const state = await this.readState();
      const profile = findProfile(state, name) ?? unknownProfile(name, state);
      const outcome = (await this.loadSecrets([profile])).get(name);
      if (outcome === undefined) throw new Error(`no secrets loaded for profile ${name}`);
      if (!outcome.ok) throw outcome.error;
      const before = outcome.secrets.values;
      // Read before the change: it may be a renewal that makes these secrets invalid everywhere.
      const sharing = options.sameAs === undefined ? [] : await this.holdingSame(state, profile, before, options.sameAs);
      const update = await change(outcome.secrets, profile);
      if (update === null) return { changed: false, profile, secrets: outcome.secrets, keyringProblem: null };
      const result = await this.writeUpdate(profile, update);
      if (sharing.length === 0) return result;
      const changedKeys = Object.keys(update.credentials).filter((key) => update.credentials[key] !== before[key]);
      const shared: string[] = [];
      const sharedProblems: { name: string; problem: string }[] = [];
      for (const { profile: other, values } of sharing) {
        const credentials = { ...values };
        for (const key of changedKeys) credentials[key] = update.credentials[key]!;
        try {
          await this.writeUpdate(other, { credentials, facts: update.facts });
          shared.push(other.name);
        } catch (error) {
          sharedProblems.push({ name: other.name, problem: error instanceof SecretsNotSaved ? error.problems.join('; ') : error instanceof Error ? error.message : String(error) });
        }
      }
      return { ...result, shared, sharedProblems };
    }, UPDATE_LOCK);
  }

  /** The other profiles whose secrets hold the same non-empty values for all `keys` as `values`. */
  private async holdingSame(state: ProfilesState, profile: StoredProfile, values: Credentials, keys: readonly string[]): Promise<{ profile: StoredProfile; values: Credentials }[]> {
    if (keys.length === 0 || keys.some((key) => (values[key] ?? '') === '')) return [];
    const others = state.profiles.filter((other) => other.name !== profile.name);
    const loadedOthers = await this.loadSecrets(others);
    return others.flatMap((other) => {
      const outcome = loadedOthers.get(other.name);
      if (outcome?.ok !== true || !keys.every((key) => outcome.secrets.values[key] === values[key])) return [];
      return [{ profile: other, values: outcome.secrets.values }];
    });
  }

  /** Sets or clears a profile's autoRefresh mark. */
  async setAutoRefresh(name: string, on: boolean): Promise<StoredProfile> {
    let updated: StoredProfile | undefined;
    await this.locked(() =>
      updateJsonFile(settingsFileSpec(this.paths.settingsFile), (state) => {
        const profile = findProfile(state, name) ?? unknownProfile(name, state);
        const { autoRefresh: _old, ...rest } = profile;
        updated = on ? { ...rest, autoRefresh: true } : rest;
        return { ...state, profiles: state.profiles.map((other) => (other.name === name ? updated! : other)) };
      }),
    );
    return updated!;
  }

  /** Under the lock: the new secrets where the old ones live, else in the file; read back either way. */
  private async writeUpdate(profile: StoredProfile, update: SecretsUpdate): Promise<UpdateResult> {
    const specs = await this.secretSpecs(profile);
    const keys = specs.map((spec) => spec.key);
    const problems: string[] = [];
    let keyringProblem: string | null = null;
    if (profile.secretStore === 'keyring' && this.keyring !== null) {
      const entries = keys.map((key) => ({ account: keyringAccount(profile.name, key), password: update.credentials[key] ?? '' }));
      try {
        await this.keyring.set(entries);
        const back = await this.keyring.get(entries.map((entry) => entry.account));
        if (!entries.every((entry, index) => back[index] === entry.password)) throw new KeyringUnavailable('the keyring did not give back what was written');
        // The secrets are safe where they were; the recorded facts (expiry for `auth list`) are a convenience.
        const next = await this.recordFacts(profile, 'keyring', update.facts).catch(() => profile);
        const secrets = loaded(specs, (key) => back[keys.indexOf(key)] ?? undefined, (key) => ({ kind: 'keyring', service: KEYRING_SERVICE, account: keyringAccount(profile.name, key) }));
        return { changed: true, profile: next, secrets: secretsOf(secrets), keyringProblem: null };
      } catch (error) {
        keyringProblem = error instanceof Error ? error.message : String(error);
        problems.push(`system keyring: ${keyringProblem}`);
      }
    }
    try {
      await updateJsonFile(secretsFileSpec(this.paths.secretsFile), (secrets) => new Map(secrets).set(profile.name, { ...update.credentials }));
      const back = (await this.readSecretsFile()).get(profile.name) ?? {};
      if (!keys.every((key) => back[key] === (update.credentials[key] ?? undefined))) throw new Error('the file did not give back what was written');
      // Moved from a keyring that could not keep the new secrets: the old entries may be left there.
      const next = await this.recordFacts(profile, 'file', update.facts, profile.secretStore === 'keyring' || profile.keyringLeftovers === true);
      const secrets = loaded(specs, (key) => back[key], () => ({ kind: 'file', path: this.paths.secretsFile }));
      return { changed: true, profile: next, secrets: secretsOf(secrets), keyringProblem };
    } catch (error) {
      problems.push(`secrets file: ${error instanceof Error ? error.message : String(error)}`);
      throw new SecretsNotSaved(profile.name, problems);
    }
  }

  /** The profile's store and facts in the settings file (the caller holds the lock). */
  private async recordFacts(profile: StoredProfile, secretStore: SecretStoreKind, facts: StoredFacts | undefined, keyringLeftovers = false): Promise<StoredProfile> {
    const { keyringLeftovers: _was, ...rest } = profile;
    const next: StoredProfile = { ...rest, secretStore, ...(facts === undefined ? {} : { facts }), ...(keyringLeftovers ? { keyringLeftovers: true } : {}) };
    if (next.secretStore === profile.secretStore && facts === undefined && next.keyringLeftovers === profile.keyringLeftovers) return profile;
    await updateJsonFile(settingsFileSpec(this.paths.settingsFile), (state) => ({
      ...state,
      profiles: state.profiles.map((other) => (other.name === profile.name ? next : other)),
    }));
    return next;
  }

  /** Every read first makes the file private again if it is not (so this is said once: the next read finds it so). */
  private readSecretsFile(): Promise<SecretsByProfile> {
    const narrowed = narrowPrivateFile(this.paths.secretsFile, 'secrets file');
    if (narrowed !== null) this.warn(narrowed);
    return readJsonFile(secretsFileSpec(this.paths.secretsFile));
  }

  private async secretKeys(profile: StoredProfile): Promise<readonly string[]> {
    return (await this.secretSpecs(profile)).map((spec) => spec.key);
  }

  /** The provider's secrets for the profile's kind of sign-in, and a saved proxy's password when it has a user. */
  private async secretSpecs(profile: StoredProfile): Promise<readonly Pick<SecretSpec, 'key' | 'notSecret'>[]> {
    const specs = await this.secretKeysOf(profile.provider, profile.auth ?? 'keys');
    return proxyHasUser(profile.settings.proxy) ? [...specs, PROXY_PASSWORD] : specs;
  }

  private async keyringAccounts(profile: StoredProfile): Promise<string[]> {
    return (await this.secretKeys(profile)).map((key) => keyringAccount(profile.name, key));
  }

  private async locked<T>(work: () => Promise<T>, options?: LockOptions): Promise<T> {
    ensurePrivateDirectory(this.paths.dir);
    return withFileLock(this.paths.lockFile, work, options);
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
    const perProfile = await Promise.all(profiles.map(async (profile) => ({ profile, keys: await this.secretSpecs(profile) })));
    const accounts = perProfile.flatMap(({ profile, keys }) => keys.map(({ key }) => keyringAccount(profile.name, key)));
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
  keys: readonly Pick<SecretSpec, 'key' | 'notSecret'>[],
  value: (key: string) => string | undefined,
  source: (key: string) => SecretSource,
): SecretsOutcome {
  const values: Record<string, string> = {};
  const sources: Record<string, SecretSource> = {};
  for (const { key, notSecret } of keys) {
    const secret = value(key);
    if (secret === undefined || secret === '') continue;
    if (notSecret !== true) registerSecret(secret);
    values[key] = secret;
    sources[key] = source(key);
  }
  return { ok: true, secrets: { values, sources } };
}

function leftInKeyring(names: readonly string[], accounts: readonly string[]): string {
  return `BALANCE_KEYRING=off: the keyring entries of ${names.join(', ')} were left in place (service ${KEYRING_SERVICE}, ${accounts.join(', ')}).`;
}


function secretsOf(outcome: SecretsOutcome): LoadedSecrets {
  if (!outcome.ok) throw outcome.error;
  return outcome.secrets;
}
