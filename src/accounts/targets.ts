// src/accounts/ decides which accounts a command reads and fetches them:
// targets (this file), credentials from the environment, the opened profile
// store (stored-profiles), fetching a report, checks, totals and refresh
// intervals. It is the only layer below the commands that knows the provider
// registry; it imports base, net, store and providers.
//
// Which account a command talks to: from the command line, the environment and
// the stored profiles to a FetchTarget — provider, profile name, settings and
// credentials — plus where each secret came from.
//
// Precedence: command-line flag > environment variable > stored profile >
// default. Secrets are never flags. When the environment holds any of a
// provider's credential variables, the environment supplies all of that
// provider's secrets (a key from one place and a secret from another would
// only fail confusingly); settings are resolved one by one.
import { credentialsFromEnv, hasOwnEnvCredentials, requireComplete, requireCompleteOverride } from './credentials.js';
import { BalanceError, isBalanceError, usageError } from '../base/errors.js';
import type { FetchTarget } from './fetch.js';
import { secretsFor } from './stored-profiles.js';
import { PROVIDER_NAMES, type RealProviderName } from '../base/model.js';
import { checkProfileName, findProfile, unknownProfile, type ProfilesState, type StoredProfile } from '../store/profiles.js';
import type { SecretsOutcome } from '../store/profile-store.js';
import { credentialTag } from '../net/rate-limit.js';
import { isRealProviderName, loadAllProviders, loadProvider } from '../providers/registry.js';
import type { Provider } from '../providers/types.js';
import { PROXY_PASSWORD, proxyHasUser, type SecretSource, type ConnectionSettings, type Credentials, type Env, type SettingName, type SettingsInput } from '../base/settings.js';
import { chooseProxy, withPassword, type ProxyRoute } from '../net/proxy.js';

/** The profile name of credentials taken from the environment alone. */
export const ENVIRONMENT_PROFILE = 'default';

export interface ResolvedTarget extends FetchTarget {
  /** Where each secret came from, by SecretSpec.key. */
  readonly sources: Readonly<Record<string, SecretSource>>;
  /** The stored profile used, or null for credentials from the environment alone. */
  readonly stored: StoredProfile | null;
  /** Environment variables replaced the stored profile's secrets. */
  readonly environmentOverride: boolean;
}

/** What target resolution needs from the profile store (ProfileStore has it). */
export interface ProfileSource {
  readState(): Promise<ProfilesState>;
  /** Where the profiles are kept, for messages. */
  readonly settingsFile?: string;
  loadSecrets(profiles: readonly StoredProfile[]): Promise<Map<string, SecretsOutcome>>;
}

export interface TargetContext {
  readonly env: Env;
  /** Read only when the command line and environment do not settle it. */
  readonly profiles: ProfileSource;
}

export interface TargetRequest {
  readonly provider?: string | undefined;
  readonly profile?: string | undefined;
  /** Settings flags (--base-url, --site, …). */
  readonly flags: SettingsInput;
}

/**
 * One target:
 * 1. --profile names a stored profile (a different --provider is exit 2);
 * 2. --provider: the environment's credentials for it if any are set, else its
 *    stored profile (the default one, or the only one);
 * 3. neither: the environment's credentials for exactly one provider, else the
 *    default profile, else a usage error saying what to choose.
 */
export async function resolveTarget(request: TargetRequest, context: TargetContext): Promise<ResolvedTarget> {
  const { env } = context;
  if (request.profile !== undefined) {
    const name = checkProfileName(request.profile);
    const state = await context.profiles.readState();
    const stored = findProfile(state, name) ?? unknownProfile(name, state, context.profiles.settingsFile);
    if (request.provider !== undefined && request.provider !== stored.provider) {
      const title = (await loadProvider(stored.provider)).title;
      const wanted = isRealProviderName(request.provider) ? (await loadProvider(request.provider)).title : request.provider;
      throw usageError(`Profile ${name} is ${article(title)} ${title} profile, not ${wanted}.`, 'Leave out --provider, or name a profile of that provider.');
    }
    return storedTarget(stored, request.flags, context);
  }

  if (request.provider !== undefined) {
    const provider = await providerNamed(request.provider);
    const fromEnv = credentialsFromEnv(provider, env);
    const inEnv = Object.keys(fromEnv.values).length > 0;
    if (inEnv && Object.keys(fromEnv.values).length === provider.secrets.length) return environmentTarget(provider, request.flags, env);
    const state = await context.profiles.readState();
    const own = state.profiles.filter((profile) => profile.provider === provider.name);
    const chosen = own.find((profile) => profile.name === state.defaultProfile) ?? (own.length === 1 ? own[0] : undefined);
    // Some of the provider's variables set, not all: they would hide the stored profile; say which.
    if (inEnv && chosen !== undefined) requireCompleteOverride(provider, fromEnv, chosen.name);
    if (inEnv) return environmentTarget(provider, request.flags, env); // says what is missing (exit 4)
    if (chosen !== undefined) return storedTarget(chosen, request.flags, context);
    if (own.length > 1) {
      throw usageError(`Several ${provider.name} profiles are stored (${own.map((p) => p.name).join(', ')}).`, 'Choose one with --profile.');
    }
    return environmentTarget(provider, request.flags, env); // says what is missing (exit 4)
  }

  const detected = (await loadAllProviders()).filter((provider) => hasOwnEnvCredentials(provider, env));
  if (detected.length === 1) {
    const provider = detected[0]!;
    const fromEnv = credentialsFromEnv(provider, env);
    if (Object.keys(fromEnv.values).length < provider.secrets.length) {
      // Incomplete: if they hide the default profile, say that rather than "log in".
      const state = await context.profiles.readState();
      const hidden = state.defaultProfile === null ? undefined : findProfile(state, state.defaultProfile);
      if (hidden !== undefined) requireCompleteOverride(provider, fromEnv, hidden.name);
    }
    return environmentTarget(provider, request.flags, env);
  }
  if (detected.length > 1) {
    const names = detected.map((provider) => provider.name).join(', ');
    throw usageError(`Credentials for several providers are set (${names}).`, `Choose one with --provider ${detected[0]!.name}.`);
  }
  const state = await context.profiles.readState();
  const fallback = state.defaultProfile === null ? undefined : findProfile(state, state.defaultProfile);
  if (fallback !== undefined) return storedTarget(fallback, request.flags, context);
  throw usageError(
    `No provider chosen, no provider credentials in the environment (LONGPORT_*, LONGBRIDGE_*, OKX_*) and no default profile${context.profiles.settingsFile === undefined ? '' : ` (in ${context.profiles.settingsFile})`}.`,
    `Pass --provider (${PROVIDER_NAMES.join(', ')}) or --profile, or log in with \`balance auth login --provider <name>\`; \`balance show --provider sample\` shows sample data.`,
  );
}

export type TargetOutcome =
  | { readonly ok: true; readonly target: ResolvedTarget }
  | { readonly ok: false; readonly provider: RealProviderName; readonly profile: string; readonly error: BalanceError };

/** The settings flags a provider's targets get: all of them, or (--all-profiles) only those it takes. */
export type FlagsFor = (provider: Provider) => SettingsInput;

/**
 * Stored profiles' targets, their secrets read in one go (one keyring call).
 * `environment`: 'override' applies the precedence rule (the environment's
 * credentials for a provider replace a stored profile's); 'ignore' uses each
 * profile's stored secrets as they are. A profile that cannot be resolved is
 * an outcome with its error, so the others still run.
 */
export async function resolveStoredTargets(
  profiles: readonly StoredProfile[],
  flagsFor: FlagsFor,
  context: TargetContext,
  environment: 'override' | 'ignore',
): Promise<TargetOutcome[]> {
  const { env } = context;
  const loaded = await Promise.all(profiles.map(async (stored) => ({ stored, provider: await loadProvider(stored.provider) })));
  const overridden = (provider: Provider): boolean =>
    environment === 'override' && Object.keys(credentialsFromEnv(provider, env).values).length > 0;
  // A profile whose credentials the environment replaces still has its proxy, and the proxy's password.
  const secrets = await context.profiles.loadSecrets(
    loaded.filter(({ provider, stored }) => !overridden(provider) || proxyHasUser(stored.settings.proxy)).map(({ stored }) => stored),
  );
  return loaded.map(({ stored, provider }) =>
    attempt(provider.name, stored.name, () => {
      const flags = flagsFor(provider);
      const settings = provider.resolveSettings(flags, env, stored.settings);
      if (!overridden(provider)) return fromStoredSecrets(provider, stored, settings, secrets.get(stored.name), flags, env);
      const fromEnv = credentialsFromEnv(provider, env);
      return {
        provider,
        profile: stored.name,
        settings,
        proxy: chooseProxy(settings.baseUrl, { flag: flags.proxy, env, profile: storedProxy(stored, storedSecrets(secrets.get(stored.name))) }),
        credentials: requireCompleteOverride(provider, fromEnv, stored.name),
        sources: fromEnv.sources,
        stored,
        environmentOverride: true,
      };
    }),
  );
}

/** A stored profile's target under the precedence rule; throws what stops it. */
export async function storedTarget(stored: StoredProfile, flags: SettingsInput, context: TargetContext): Promise<ResolvedTarget> {
  const [outcome] = await resolveStoredTargets([stored], () => flags, context, 'override');
  if (outcome === undefined) throw new Error('no outcome');
  if (!outcome.ok) throw outcome.error;
  return outcome.target;
}

export interface AllTargets {
  readonly outcomes: TargetOutcome[];
  /** What the user should know about the choice: accounts that were found twice and fetched once. */
  readonly notes: string[];
}

/**
 * Every account there is, for `--all-profiles`: each stored profile with its
 * own stored secrets (here the environment does not replace them), in name
 * order, then the environment's credentials of each provider that has its own
 * variables set, as profile "default".
 *
 * Each settings flag goes to the providers that take it (--funding to OKX,
 * --region to Longport and Longbridge); one that fits none of them, or
 * --base-url (the accounts are on different hosts), is a usage error.
 *
 * An account is fetched once however often it is found: targets of one
 * provider with the same key (hashed), host origin and demo setting are one
 * account, and only the first is kept — the first that shows the funding
 * account, if one does — so no total counts it twice. Each one left out is a note.
 */
export async function resolveAllTargets(flags: SettingsInput, context: TargetContext): Promise<AllTargets> {
  if (given(flags.baseUrl)) {
    throw usageError(
      '--base-url cannot be used with --all-profiles: the accounts are on different hosts.',
      "Save a host with its profile (balance auth login … --base-url URL), or set the provider's variable (OKX_BASE_URL, LONGPORT_HTTP_URL, LONGBRIDGE_HTTP_URL).",
    );
  }
  const state = await context.profiles.readState();
  const fromEnv = await providersInEnv(context.env);
  const involved = new Set<RealProviderName>([...state.profiles.map((profile) => profile.provider), ...fromEnv.map((provider) => provider.name)]);
  await checkFlagsFit(flags, involved);
  const flagsFor: FlagsFor = (provider) => takenBy(provider, flags);
  const outcomes = [...(await resolveStoredTargets(state.profiles, flagsFor, context, 'ignore')), ...environmentOutcomes(fromEnv, flagsFor, context.env)];
  return fetchEachAccountOnce(outcomes);
}

/** The environment's credentials of each provider that has its own variables set. */
export async function environmentTargets(flags: SettingsInput, env: Env): Promise<TargetOutcome[]> {
  return environmentOutcomes(await providersInEnv(env), () => flags, env);
}

async function providersInEnv(env: Env): Promise<Provider[]> {
  return (await loadAllProviders()).filter((provider) => hasOwnEnvCredentials(provider, env));
}

function environmentOutcomes(providers: readonly Provider[], flagsFor: FlagsFor, env: Env): TargetOutcome[] {
  return providers.map((provider) => attempt(provider.name, ENVIRONMENT_PROFILE, () => environmentTarget(provider, flagsFor(provider), env)));
}

/** Each setting's flag, for messages. */
const SETTING_FLAGS: Readonly<Record<SettingName, string>> = {
  baseUrl: '--base-url',
  region: '--region',
  site: '--site',
  demoTrading: '--demo-trading',
  legacyApi: '--legacy-api',
  funding: '--funding',
};

const given = (value: string | boolean | undefined): boolean => (typeof value === 'string' ? value.trim() !== '' : value === true);

/** The settings given that the provider takes (every provider takes --proxy). */
function takenBy(provider: Provider, flags: SettingsInput): SettingsInput {
  // --no-funding (false) is given too: it switches a stored setting off.
  const stated = (name: SettingName): boolean => given(flags[name]) || flags[name] === false;
  const taken: SettingsInput = Object.fromEntries(provider.settings.filter(stated).map((name) => [name, flags[name]]));
  return flags.proxy === undefined ? taken : { ...taken, proxy: flags.proxy };
}

/** A flag that none of the accounts' providers takes would do nothing: exit 2 instead. */
async function checkFlagsFit(flags: SettingsInput, involved: ReadonlySet<RealProviderName>): Promise<void> {
  if (involved.size === 0) return; // nothing to show: the caller says so
  const providers = await loadAllProviders();
  for (const name of Object.keys(SETTING_FLAGS) as SettingName[]) {
    if (!given(flags[name])) continue;
    const takers = providers.filter((provider) => provider.settings.includes(name)).map((provider) => provider.name);
    if (takers.some((provider) => involved.has(provider))) continue;
    throw usageError(
      `${SETTING_FLAGS[name]} applies to ${takers.join(' and ')} accounts only, and --all-profiles found none.`,
      `Leave out ${SETTING_FLAGS[name]}.`,
    );
  }
}

/** Same provider, same key (hashed, as the rate limiter keys it), same host and demo setting. */
function accountIdentity({ provider, credentials, settings, stored, profile }: ResolvedTarget): string {
  // An OAuth session names no key: each profile is its own sign-in.
  const key = stored?.auth === 'oauth' ? `oauth ${profile}` : credentialTag(credentials[provider.accountSecret] ?? '');
  return [provider.name, key, settings.baseUrl.origin, settings.demoTrading ? 'demo' : 'live'].join(' ');
}

function fetchEachAccountOnce(outcomes: readonly TargetOutcome[]): AllTargets {
  const groups = new Map<string, ResolvedTarget[]>();
  for (const outcome of outcomes) {
    if (!outcome.ok) continue;
    const identity = accountIdentity(outcome.target);
    groups.set(identity, [...(groups.get(identity) ?? []), outcome.target]);
  }
  const dropped = new Set<ResolvedTarget>();
  const notes: string[] = [];
  for (const group of groups.values()) {
    const kept = group.find((target) => target.settings.funding) ?? group[0]!;
    for (const other of group) {
      if (other === kept) continue;
      dropped.add(other);
      const label = other.provider.secrets.find((secret) => secret.key === other.provider.accountSecret)?.label ?? 'key';
      notes.push(
        `${describeTarget(other)} ${other.stored === null ? 'are' : 'is'} the same ${other.provider.title} account as ${describeTarget(kept)} ` +
          `(same ${label}, host and demo setting): shown once, as ${kept.provider.name}/${kept.profile}` +
          `${kept.settings.funding && !other.settings.funding ? ', with its funding account' : ''}.`,
      );
    }
  }
  return { outcomes: outcomes.filter((outcome) => !outcome.ok || !dropped.has(outcome.target)), notes };
}

function describeTarget(target: ResolvedTarget): string {
  return target.stored === null ? `the environment's ${target.provider.title} credentials` : `profile ${target.profile}`;
}

function attempt(provider: RealProviderName, profile: string, build: () => ResolvedTarget): TargetOutcome {
  try {
    return { ok: true, target: build() };
  } catch (error) {
    if (!isBalanceError(error)) throw error;
    return { ok: false, provider, profile, error };
  }
}

/** Credentials from the environment alone (profile "default"). */
export function environmentTarget(provider: Provider, flags: SettingsInput, env: Env): ResolvedTarget {
  const settings = provider.resolveSettings(flags, env);
  const fromEnv = credentialsFromEnv(provider, env);
  return {
    provider,
    profile: ENVIRONMENT_PROFILE,
    settings,
    proxy: chooseProxy(settings.baseUrl, { flag: flags.proxy, env }),
    credentials: requireComplete(provider, fromEnv),
    sources: fromEnv.sources,
    stored: null,
    environmentOverride: false,
  };
}

function fromStoredSecrets(
  provider: Provider,
  stored: StoredProfile,
  settings: ConnectionSettings,
  outcome: SecretsOutcome | undefined,
  flags: SettingsInput,
  env: Env,
): ResolvedTarget {
  if (outcome === undefined) throw new Error(`no secrets loaded for profile ${stored.name}`);
  if (!outcome.ok) throw outcome.error;
  // The proxy's password is the profile's, not the provider's: it goes into the proxy's URL only.
  const { [PROXY_PASSWORD.key]: _proxyPassword, ...values } = outcome.secrets.values;
  const { [PROXY_PASSWORD.key]: _proxySource, ...sources } = outcome.secrets.sources;
  const proxy = chooseProxy(settings.baseUrl, { flag: flags.proxy, env, profile: storedProxy(stored, outcome.secrets.values) });
  const missing = secretsFor(provider, stored.auth).filter((secret) => values[secret.key] === undefined);
  if (missing.length > 0) {
    const where = stored.secretStore === 'keyring' ? 'the system keyring' : 'the secrets file';
    throw new BalanceError('auth', `Profile ${stored.name} is missing its ${missing.map((secret) => secret.label).join(', ')} in ${where}.`, {
      provider: provider.name,
      hint: `Log in again: balance auth login --provider ${provider.name} --profile ${stored.name}`,
    });
  }
  return { provider, profile: stored.name, settings, credentials: values, sources, stored, environmentOverride: false, proxy };
}

function storedSecrets(outcome: SecretsOutcome | undefined): Credentials {
  return outcome?.ok === true ? outcome.secrets.values : {};
}

/** The profile's saved proxy, its password (from the profile's secrets) put back. */
export function storedProxy(stored: StoredProfile, secrets: Credentials): ProxyRoute | undefined {
  const saved = stored.settings.proxy;
  if (saved === undefined) return undefined;
  return { url: withPassword(saved, secrets[PROXY_PASSWORD.key], `the proxy saved with profile ${stored.name}`), source: `profile ${stored.name}` };
}

async function providerNamed(name: string): Promise<Provider> {
  if (!isRealProviderName(name)) {
    throw usageError(`Unknown provider "${name}".`, `Choose one of: ${PROVIDER_NAMES.join(', ')}.`);
  }
  return loadProvider(name);
}

/** "a" or "an" before a provider's title: an OKX profile, a Longport profile. */
function article(word: string): string {
  return /^[AEIOU]/i.test(word) ? 'an' : 'a';
}
