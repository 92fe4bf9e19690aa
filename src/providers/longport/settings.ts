// Connection settings: flag > environment > stored profile > default. The
// environment variables are the official SDK's (*_HTTP_URL, *_REGION,
// *_LANGUAGE), so a user's existing setup just works.
import { checkBaseUrl } from '../../net/base-url.js';
import { usageError } from '../../base/errors.js';
import type { Brand } from './brand.js';
import type { ConnectionSettings, Env, EnvVarDoc, Region, SettingsInput } from '../../base/settings.js';

const LANGUAGES = ['en', 'zh-CN', 'zh-HK'] as const;

export function resolveSettings(brand: Brand, flags: SettingsInput, env: Env, stored: SettingsInput = {}): ConnectionSettings {
  if (flags.site !== undefined) throw usageError(`--site applies to okx only, not ${brand.name}.`);
  if (flags.demoTrading === true) throw usageError(`--demo-trading applies to okx only, not ${brand.name}.`);
  if (flags.funding === true) throw usageError(`--funding applies to okx only, not ${brand.name}.`);
  if (flags.legacyApi === true && brand.hosts.legacy === null) {
    throw usageError(`--legacy-api applies to longbridge only.`, 'Use --provider longbridge --legacy-api for the 2022 API.');
  }
  const region = resolveRegion(brand, flags, env, stored);
  const legacyApi = brand.hosts.legacy !== null && (flags.legacyApi ?? stored.legacyApi ?? false);
  return {
    baseUrl: resolveBaseUrl(brand, flags, env, stored, region, legacyApi),
    region,
    site: null,
    demoTrading: false,
    legacyApi,
    language: resolveLanguage(brand, env),
    funding: false,
  };
}

/** The first of the brand's variables (own prefix, then fallbacks) that is set. */
export function envSetting(brand: Brand, env: Env, suffix: string): { name: string; value: string } | undefined {
  for (const prefix of brand.envPrefixes) {
    const name = `${prefix}${suffix}`;
    const value = env[name]?.trim();
    if (value !== undefined && value !== '') return { name, value };
  }
  return undefined;
}

function resolveRegion(brand: Brand, flags: SettingsInput, env: Env, stored: SettingsInput): Region {
  const fromEnv = envSetting(brand, env, 'REGION');
  const [raw, source] =
    flags.region !== undefined
      ? [flags.region, '--region']
      : fromEnv !== undefined
        ? [fromEnv.value, fromEnv.name]
        : stored.region !== undefined
          ? [stored.region, 'the stored region']
          : ['global', 'default'];
  const region = raw.trim().toLowerCase();
  if (region === 'global' || region === 'cn') return region;
  throw usageError(`${source} must be global or cn, not ${JSON.stringify(clip(raw))}.`);
}

function resolveBaseUrl(
  brand: Brand,
  flags: SettingsInput,
  env: Env,
  stored: SettingsInput,
  region: Region,
  legacyApi: boolean,
): URL {
  if (flags.baseUrl !== undefined) return checkBaseUrl(flags.baseUrl, '--base-url');
  const fromEnv = envSetting(brand, env, 'HTTP_URL');
  if (fromEnv !== undefined) return checkBaseUrl(fromEnv.value, fromEnv.name);
  if (stored.baseUrl !== undefined) return checkBaseUrl(stored.baseUrl, 'the stored base URL');
  if (legacyApi && brand.hosts.legacy !== null) return new URL(brand.hosts.legacy);
  return new URL(region === 'cn' ? brand.hosts.cn : brand.hosts.global);
}

function resolveLanguage(brand: Brand, env: Env): string | null {
  const fromEnv = envSetting(brand, env, 'LANGUAGE');
  if (fromEnv === undefined) return null;
  const language = LANGUAGES.find((known) => known.toLowerCase() === fromEnv.value.toLowerCase());
  if (language !== undefined) return language;
  throw usageError(`${fromEnv.name} must be one of ${LANGUAGES.join(', ')}, not ${JSON.stringify(clip(fromEnv.value))}.`);
}

/** Documentation of every variable the brand reads. */
export function envVarDocs(brand: Brand): EnvVarDoc[] {
  const [own, ...fallbacks] = brand.envPrefixes;
  const fallback = (suffix: string): string =>
    fallbacks.length === 0 ? '' : ` Falls back to ${fallbacks.map((prefix) => `${prefix}${suffix}`).join(', ')}.`;
  const doc = (suffix: string, description: string): EnvVarDoc => ({
    name: `${own ?? ''}${suffix}`,
    description: `${description}${fallback(suffix)}`,
  });
  const defaults = `${brand.hosts.global}; ${brand.hosts.cn} with region cn`;
  return [
    doc('APP_KEY', `${brand.title} app key.`),
    doc('APP_SECRET', `${brand.title} app secret.`),
    doc('ACCESS_TOKEN', `${brand.title} access token.`),
    doc('HTTP_URL', `Base URL instead of the default (${defaults}${brand.hosts.legacy === null ? '' : `; ${brand.hosts.legacy} with --legacy-api`}). http:// only for loopback hosts.`),
    doc('REGION', '"cn" for the mainland China hosts, "global" (default) for the others.'),
    doc('LANGUAGE', `Language of the server's messages, sent as Accept-Language: ${LANGUAGES.join(', ')}.`),
  ];
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
