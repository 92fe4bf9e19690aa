// Credentials from the environment (each secret from the first prefix that
// sets it), and where every secret came from.
import { BalanceError } from '../base/errors.js';
import { registerSecret } from '../base/redact.js';
import type { Provider } from '../providers/types.js';
import type { Credentials, Env, SecretSource } from '../base/settings.js';

export interface ResolvedCredentials {
  readonly values: Credentials;
  /** Where each secret came from, by SecretSpec.key. */
  readonly sources: Readonly<Record<string, SecretSource>>;
}

/** Variable name that supplies a secret, honouring fallback prefixes. */
export function envNameFor(provider: Provider, envSuffix: string, env: Env): string | undefined {
  for (const prefix of provider.envPrefixes) {
    const name = `${prefix}${envSuffix}`;
    if (nonEmpty(env[name])) return name;
  }
  return undefined;
}

/** True when any of the provider's own (first-prefix) secret variables is set. */
export function hasOwnEnvCredentials(provider: Provider, env: Env): boolean {
  const own = provider.envPrefixes[0];
  return own !== undefined && provider.secrets.some((secret) => nonEmpty(env[`${own}${secret.envSuffix}`]));
}

/** Reads whatever secrets the environment sets; missing ones are simply absent. */
export function credentialsFromEnv(provider: Provider, env: Env): ResolvedCredentials {
  const values: Record<string, string> = {};
  const sources: Record<string, SecretSource> = {};
  for (const secret of provider.secrets) {
    const name = envNameFor(provider, secret.envSuffix, env);
    const value = name === undefined ? undefined : env[name];
    if (name !== undefined && value !== undefined) {
      values[secret.key] = value.trim();
      sources[secret.key] = { kind: 'env', variable: name };
      registerSecret(values[secret.key]);
    }
  }
  return { values, sources };
}

/** Throws exit-4 error naming every missing secret and where it can come from. */
export function requireComplete(provider: Provider, resolved: ResolvedCredentials): Credentials {
  const missing = provider.secrets.filter((secret) => !nonEmpty(resolved.values[secret.key]));
  if (missing.length === 0) return resolved.values;
  const own = provider.envPrefixes[0] ?? '';
  const names = missing.map((secret) => `${own}${secret.envSuffix}`).join(', ');
  throw new BalanceError('auth', `${provider.title} credentials are incomplete: ${names} not set.`, {
    provider: provider.name,
    hint: `Set ${names} in the environment, or store them with \`balance auth login --provider ${provider.name}\`.`,
  });
}

/**
 * The environment's credentials where they replace a stored profile's: when
 * some are missing, the error names the variables that are set and hide the
 * profile, and says to unset them (or set all of them) — logging in again
 * would not help, the profile is there.
 */
export function requireCompleteOverride(provider: Provider, resolved: ResolvedCredentials, profile: string): Credentials {
  const missing = provider.secrets.filter((secret) => !nonEmpty(resolved.values[secret.key]));
  if (missing.length === 0) return resolved.values;
  const set = Object.values(resolved.sources).flatMap((source) => (source.kind === 'env' ? [source.variable] : []));
  const own = provider.envPrefixes[0] ?? '';
  const all = provider.secrets.map((secret) => `${own}${secret.envSuffix}`);
  const names = (list: readonly string[]): string => (list.length <= 1 ? list.join('') : `${list.slice(0, -1).join(', ')} and ${list.at(-1)!}`);
  const isAre = set.length === 1 ? 'is' : 'are';
  throw new BalanceError(
    'auth',
    `${names(set)} ${isAre} set in the environment and ${set.length === 1 ? 'overrides' : 'override'} the stored profile ${profile}, but ${names(missing.map((secret) => `${own}${secret.envSuffix}`))} ${missing.length === 1 ? 'is' : 'are'} not.`,
    {
      provider: provider.name,
      hint: `To use profile ${profile}, unset ${set.join(' ')}; or set all of ${all.join(', ')}.`,
    },
  );
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}
