// Stored profiles: names, the settings file's shape, and how it is checked.
// A profile is a provider, its non-secret settings and where its secrets
// live; the secrets themselves never enter this file.
import * as v from 'valibot';
import { usageError } from '../base/errors.js';
import { FileProblem, type JsonFileSpec } from './json-file.js';
import { REAL_PROVIDER_NAMES, type RealProviderName } from '../base/model.js';
import { describeIssues } from '../base/schema.js';
import type { SettingsInput } from '../base/settings.js';
import { compareNames } from '../base/compare-names.js';

export type SecretStoreKind = 'keyring' | 'file';

/** How a profile signs in: app keys, or an OAuth 2.0 session (Longbridge). */
export type AuthKind = 'keys' | 'oauth';

export interface StoredProfile {
  readonly name: string;
  readonly provider: RealProviderName;
  /** Where the secrets are: the OS keyring, or the 0600 secrets file. */
  readonly secretStore: SecretStoreKind;
  /** 'oauth': the secrets are an OAuth session (tokens that renew themselves); absent: app keys. */
  readonly auth?: AuthKind;
  /** Settings given at login (only those given), below flags and environment. */
  readonly settings: SettingsInput;
  readonly savedAt: string;
  /** What the credentials said about themselves when last saved, for `auth list` without reading a secret. */
  readonly facts?: StoredFacts | undefined;
  /** Renew the credentials before use when they expire soon (`auth login --auto-refresh`). */
  readonly autoRefresh?: boolean | undefined;
  /**
   * Its secrets moved to the file when the keyring could not keep new ones:
   * the old, now stale, entries may still be in the keyring (logout and a new
   * login remove them).
   */
  readonly keyringLeftovers?: boolean | undefined;
}

/** Non-secret facts about a profile's credentials, as ISO 8601 times. */
export interface StoredFacts {
  readonly tokenExpiresAt?: string | undefined;
  readonly tokenIssuedAt?: string | undefined;
  readonly paperTrading?: boolean | undefined;
}

export interface ProfilesState {
  readonly defaultProfile: string | null;
  /** Sorted by name. */
  readonly profiles: readonly StoredProfile[];
}

export const EMPTY_STATE: ProfilesState = { defaultProfile: null, profiles: [] };

export const MAX_PROFILE_NAME = 32;
const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
/**
 * "default" labels credentials from the environment and "sample" the built-in
 * data; the others are names JavaScript objects already carry.
 */
const RESERVED = new Set(['default', 'sample', 'constructor', 'prototype']);

/** Why a name cannot be a profile name, or null when it can. */
export function profileNameProblem(name: string): string | null {
  if (name.length === 0) return 'it is empty';
  if (name.length > MAX_PROFILE_NAME) return `it is longer than ${MAX_PROFILE_NAME} characters`;
  if (!NAME.test(name)) return 'use letters, digits, - and _, starting with a letter or digit';
  if (RESERVED.has(name.toLowerCase())) return `"${name}" is reserved`;
  return null;
}

/** A profile name from the command line, or a usage error. */
export function checkProfileName(name: string): string {
  const problem = profileNameProblem(name);
  if (problem === null) return name;
  if (name.toLowerCase() === 'default') {
    throw usageError(
      '"default" is not a stored profile name: it stands for the credentials in the environment (the OKX_*, LONGPORT_* or LONGBRIDGE_* variables).',
      'To use those, leave out --profile (add --provider to choose one); `balance auth list` shows the stored profiles.',
    );
  }
  throw usageError(`Invalid profile name ${JSON.stringify(name.slice(0, 40))}: ${problem}.`, `Profile names are 1–${MAX_PROFILE_NAME} letters, digits, - or _.`);
}

export function findProfile(state: ProfilesState, name: string): StoredProfile | undefined {
  return state.profiles.find((profile) => profile.name === name);
}

/** The usage error for a name that is not a stored profile, listing those that are. */
export function unknownProfile(name: string, state: ProfilesState, settingsFile?: string): never {
  const known = state.profiles.map((profile) => profile.name);
  const where = settingsFile === undefined ? '' : ` (in ${settingsFile})`;
  throw usageError(
    `No profile named "${name}".`,
    known.length === 0 ? `No profiles are stored${where}; create one with \`balance auth login --provider <name>\`.` : `Stored profiles${where}: ${known.join(', ')}.`,
  );
}

// ---- the settings file ------------------------------------------------------

const FORMAT_VERSION = 1;

const settingsSchema = v.strictObject({
  baseUrl: v.optional(v.pipe(v.string(), v.minLength(1, 'expected a URL'))),
  region: v.optional(v.picklist(['global', 'cn'])),
  site: v.optional(v.picklist(['global', 'eea', 'us'])),
  demoTrading: v.optional(v.boolean()),
  legacyApi: v.optional(v.boolean()),
  funding: v.optional(v.boolean()),
  // Without its password (that is with the profile's secrets).
  proxy: v.optional(v.pipe(v.string(), v.minLength(1, 'expected a URL'), v.check((url) => !/:\/\/[^/@]*:[^/@]*@/.test(url), 'a proxy password belongs in the secrets, not here'))),
});

const profileSchema = v.strictObject({
  provider: v.picklist(REAL_PROVIDER_NAMES),
  secrets: v.picklist(['keyring', 'file']),
  auth: v.optional(v.picklist(['keys', 'oauth']), 'keys'),
  settings: v.optional(settingsSchema, {}),
  savedAt: v.optional(v.string(), ''),
  tokenExpiresAt: v.optional(v.string()),
  tokenIssuedAt: v.optional(v.string()),
  paperTrading: v.optional(v.boolean()),
  autoRefresh: v.optional(v.boolean()),
  keyringLeftovers: v.optional(v.boolean()),
});

const documentSchema = v.strictObject({
  version: v.literal(FORMAT_VERSION),
  defaultProfile: v.optional(v.nullable(v.string()), null),
  profiles: v.optional(v.record(v.string(), profileSchema), {}),
});

/** Checks a settings document; every problem names the field. */
export function parseSettingsDocument(document: unknown): ProfilesState {
  checkVersion(document);
  checkProfileKeys(document, 'profiles');
  const result = v.safeParse(documentSchema, document);
  if (!result.success) throw new FileProblem(describeProblem(result.issues));
  const profiles = Object.entries(result.output.profiles)
    .map(([name, entry]): StoredProfile => ({
      name,
      provider: entry.provider,
      secretStore: entry.secrets,
      ...(entry.auth === 'oauth' ? { auth: 'oauth' as const } : {}),
      settings: dropUndefined(entry.settings),
      savedAt: entry.savedAt,
      ...factsOf(entry),
      ...(entry.autoRefresh === true ? { autoRefresh: true } : {}),
      ...(entry.keyringLeftovers === true ? { keyringLeftovers: true } : {}),
    }))
    .sort((a, b) => compareNames(a.name, b.name));
  const { defaultProfile } = result.output;
  if (defaultProfile !== null && !profiles.some((profile) => profile.name === defaultProfile)) {
    throw new FileProblem(`defaultProfile: "${defaultProfile}" is not a stored profile`);
  }
  return { defaultProfile, profiles };
}

export function serializeSettings(state: ProfilesState): Record<string, unknown> {
  const profiles: Record<string, unknown> = {};
  for (const profile of state.profiles) {
    profiles[profile.name] = {
      provider: profile.provider,
      secrets: profile.secretStore,
      ...(profile.auth === 'oauth' ? { auth: 'oauth' } : {}),
      settings: dropUndefined(profile.settings),
      savedAt: profile.savedAt,
      ...(profile.facts === undefined ? {} : dropUndefined(profile.facts)),
      ...(profile.autoRefresh === true ? { autoRefresh: true } : {}),
      ...(profile.keyringLeftovers === true ? { keyringLeftovers: true } : {}),
    };
  }
  return { version: FORMAT_VERSION, defaultProfile: state.defaultProfile, profiles };
}

export function settingsFileSpec(path: string): JsonFileSpec<ProfilesState> {
  return {
    path,
    what: 'settings file',
    parse: parseSettingsDocument,
    empty: () => EMPTY_STATE,
    serialize: serializeSettings,
  };
}

/**
 * "field: problem", with keys that are missing or unknown called what they
 * are. `wrongValue` replaces the description of a wrong value (which quotes
 * it) where the value may be a secret.
 */
export function describeProblem(issues: readonly v.BaseIssue<unknown>[], wrongValue?: string): string {
  const { field, problem } = describeIssues(issues);
  if (problem.startsWith('expected never')) return `${field}: unknown key`;
  if (problem.endsWith('got undefined')) return `${field}: missing`;
  return `${field}: ${wrongValue ?? problem}`;
}

/** A newer format is not guessed at. */
export function checkVersion(document: unknown): void {
  const version = isObject(document) ? document.version : undefined;
  if (typeof version === 'number' && version > FORMAT_VERSION) {
    throw new FileProblem(`it was written by a newer balance (format ${version}); update balance`);
  }
}

/** Keys of a name → entry map must be valid profile names (checked before valibot, which would drop some). */
export function checkProfileKeys(document: unknown, field: string): void {
  const map = isObject(document) ? document[field] : undefined;
  if (!isObject(map)) return;
  for (const name of Object.keys(map)) {
    const problem = profileNameProblem(name);
    if (problem !== null) throw new FileProblem(`${field}: ${JSON.stringify(name.slice(0, 40))} is not a valid profile name (${problem})`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function dropUndefined<T extends object>(settings: T): T {
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined)) as T;
}

function factsOf(entry: StoredFacts): { facts?: StoredFacts } {
  const facts = dropUndefined({ tokenExpiresAt: entry.tokenExpiresAt, tokenIssuedAt: entry.tokenIssuedAt, paperTrading: entry.paperTrading });
  return Object.keys(facts).length === 0 ? {} : { facts };
}
