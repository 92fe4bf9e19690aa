// Which account a command talks to: from the command line, the environment and
// the stored profiles to a FetchTarget — provider, profile name, settings and
// credentials — plus where each secret came from.
//
// Precedence: command-line flag > environment variable > stored profile >
// default. Secrets are never flags. When the environment holds any of a
// provider's credential variables, the environment supplies all of that
// provider's secrets (a key from one place and a secret from another would
// only fail confusingly); settings are resolved one by one.
import { credentialsFromEnv, hasOwnEnvCredentials, requireComplete, type SecretSource } from './credentials.js';
import { BalanceError, isBalanceError, usageError } from './errors.js';
import type { FetchTarget } from './fetch.js';
import { PROVIDER_NAMES, type RealProviderName } from './model.js';
import { checkProfileName, findProfile, unknownProfile, type ProfilesState, type StoredProfile } from './profiles.js';
import type { SecretsOutcome } from './profile-store.js';
import { isRealProviderName, loadAllProviders, loadProvider } from '../providers/registry.js';
import type { ConnectionSettings, Env, Provider, SettingsInput } from '../providers/types.js';

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
    const stored = findProfile(state, name) ?? unknownProfile(name, state);
    if (request.provider !== undefined && request.provider !== stored.provider) {
      throw usageError(`Profile ${name} is a ${stored.provider} profile, not ${request.provider}.`, 'Leave out --provider, or name a profile of that provider.');
    }
    return storedTarget(stored, request.flags, context);
  }

  if (request.provider !== undefined) {
    const provider = await providerNamed(request.provider);
    const fromEnv = credentialsFromEnv(provider, env);
    if (Object.keys(fromEnv.values).length > 0) return environmentTarget(provider, request.flags, env);
    const state = await context.profiles.readState();
    const own = state.profiles.filter((profile) => profile.provider === provider.name);
    const chosen = own.find((profile) => profile.name === state.defaultProfile) ?? (own.length === 1 ? own[0] : undefined);
    if (chosen !== undefined) return storedTarget(chosen, request.flags, context);
    if (own.length > 1) {
      throw usageError(`Several ${provider.name} profiles are stored (${own.map((p) => p.name).join(', ')}).`, 'Choose one with --profile.');
    }
    return environmentTarget(provider, request.flags, env); // says what is missing (exit 4)
  }

  const detected = (await loadAllProviders()).filter((provider) => hasOwnEnvCredentials(provider, env));
  if (detected.length === 1) return environmentTarget(detected[0]!, request.flags, env);
  if (detected.length > 1) {
    const names = detected.map((provider) => provider.name).join(', ');
    throw usageError(`Credentials for several providers are set (${names}).`, `Choose one with --provider ${detected[0]!.name}.`);
  }
  const state = await context.profiles.readState();
  const fallback = state.defaultProfile === null ? undefined : findProfile(state, state.defaultProfile);
  if (fallback !== undefined) return storedTarget(fallback, request.flags, context);
  throw usageError(
    'No provider chosen, no provider credentials in the environment (LONGPORT_*, LONGBRIDGE_*, OKX_*) and no default profile.',
    `Pass --provider (${PROVIDER_NAMES.join(', ')}) or --profile, or log in with \`balance auth login --provider <name>\`; \`balance show --provider sample\` shows sample data.`,
  );
}

export type TargetOutcome =
  | { readonly ok: true; readonly target: ResolvedTarget }
  | { readonly ok: false; readonly provider: RealProviderName; readonly profile: string; readonly error: BalanceError };

/**
 * Stored profiles' targets, their secrets read in one go (one keyring call).
 * `environment`: 'override' applies the precedence rule (the environment's
 * credentials for a provider replace a stored profile's); 'ignore' uses each
 * profile's stored secrets as they are. A profile that cannot be resolved is
 * an outcome with its error, so the others still run.
 */
export async function resolveStoredTargets(
  profiles: readonly StoredProfile[],
  flags: SettingsInput,
  context: TargetContext,
  environment: 'override' | 'ignore',
): Promise<TargetOutcome[]> {
  const { env } = context;
  const loaded = await Promise.all(profiles.map(async (stored) => ({ stored, provider: await loadProvider(stored.provider) })));
  const overridden = (provider: Provider): boolean =>
    environment === 'override' && Object.keys(credentialsFromEnv(provider, env).values).length > 0;
  const secrets = await context.profiles.loadSecrets(loaded.filter(({ provider }) => !overridden(provider)).map(({ stored }) => stored));
  return loaded.map(({ stored, provider }) =>
    attempt(provider.name, stored.name, () => {
      const settings = provider.resolveSettings(flags, env, stored.settings);
      if (!overridden(provider)) return fromStoredSecrets(provider, stored, settings, secrets.get(stored.name));
      const fromEnv = credentialsFromEnv(provider, env);
      return {
        provider,
        profile: stored.name,
        settings,
        credentials: requireComplete(provider, fromEnv),
        sources: fromEnv.sources,
        stored,
        environmentOverride: true,
      };
    }),
  );
}

/** A stored profile's target under the precedence rule; throws what stops it. */
export async function storedTarget(stored: StoredProfile, flags: SettingsInput, context: TargetContext): Promise<ResolvedTarget> {
  const [outcome] = await resolveStoredTargets([stored], flags, context, 'override');
  if (outcome === undefined) throw new Error('no outcome');
  if (!outcome.ok) throw outcome.error;
  return outcome.target;
}

/**
 * Every account there is, for `--all-profiles`: each stored profile with its
 * own stored secrets (here the environment does not replace them), in name
 * order, then the environment's credentials of each provider that has its own
 * variables set, as profile "default". `flags` apply to every target as
 * given; a flag that does not fit a provider (--site for longport) is that
 * target's usage error.
 */
export async function resolveAllTargets(flags: SettingsInput, context: TargetContext): Promise<TargetOutcome[]> {
  const state = await context.profiles.readState();
  return [...(await resolveStoredTargets(state.profiles, flags, context, 'ignore')), ...(await environmentTargets(flags, context.env))];
}

/** The environment's credentials of each provider that has its own variables set. */
export async function environmentTargets(flags: SettingsInput, env: Env): Promise<TargetOutcome[]> {
  const providers = (await loadAllProviders()).filter((provider) => hasOwnEnvCredentials(provider, env));
  return providers.map((provider) => attempt(provider.name, ENVIRONMENT_PROFILE, () => environmentTarget(provider, flags, env)));
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
    credentials: requireComplete(provider, fromEnv),
    sources: fromEnv.sources,
    stored: null,
    environmentOverride: false,
  };
}

function fromStoredSecrets(provider: Provider, stored: StoredProfile, settings: ConnectionSettings, outcome: SecretsOutcome | undefined): ResolvedTarget {
  if (outcome === undefined) throw new Error(`no secrets loaded for profile ${stored.name}`);
  if (!outcome.ok) throw outcome.error;
  const { values, sources } = outcome.secrets;
  const missing = provider.secrets.filter((secret) => values[secret.key] === undefined);
  if (missing.length > 0) {
    const where = stored.secretStore === 'keyring' ? 'the system keyring' : 'the secrets file';
    throw new BalanceError('auth', `Profile ${stored.name} is missing its ${missing.map((secret) => secret.label).join(', ')} in ${where}.`, {
      provider: provider.name,
      hint: `Log in again: balance auth login --provider ${provider.name} --profile ${stored.name}`,
    });
  }
  return { provider, profile: stored.name, settings, credentials: values, sources, stored, environmentOverride: false };
}

async function providerNamed(name: string): Promise<Provider> {
  if (!isRealProviderName(name)) {
    throw usageError(`Unknown provider "${name}".`, `Choose one of: ${PROVIDER_NAMES.join(', ')}.`);
  }
  return loadProvider(name);
}
