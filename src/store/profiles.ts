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

export interface StoredProfile {
  readonly name: string;
  readonly provider: RealProviderName;
  /** Where the secrets are: the OS keyring, or the 0600 secrets file. */
  readonly secretStore: SecretStoreKind;
  /** Settings given at login (only those given), below flags and environment. */
  readonly settings: SettingsInput;
  readonly savedAt: string;
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
  throw usageError(`Invalid profile name ${JSON.stringify(name.slice(0, 40))}: ${problem}.`, `Profile names are 1–${MAX_PROFILE_NAME} letters, digits, - or _.`);
}

export function findProfile(state: ProfilesState, name: string): StoredProfile | undefined {
  return state.profiles.find((profile) => profile.name === name);
}

/** The usage error for a name that is not a stored profile, listing those that are. */
export function unknownProfile(name: string, state: ProfilesState): never {
  const known = state.profiles.map((profile) => profile.name);
  throw usageError(
    `No profile named "${name}".`,
    known.length === 0 ? 'No profiles are stored; create one with `balance auth login --provider <name>`.' : `Stored profiles: ${known.join(', ')}.`,
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
});

const profileSchema = v.strictObject({
  provider: v.picklist(REAL_PROVIDER_NAMES),
  secrets: v.picklist(['keyring', 'file']),
  settings: v.optional(settingsSchema, {}),
  savedAt: v.optional(v.string(), ''),
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
      settings: dropUndefined(entry.settings),
      savedAt: entry.savedAt,
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
      settings: dropUndefined(profile.settings),
      savedAt: profile.savedAt,
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

function dropUndefined(settings: SettingsInput): SettingsInput {
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined)) as SettingsInput;
}
