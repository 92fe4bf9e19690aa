// Longport and Longbridge: one OpenAPI under two names, so one implementation
// with two faces. Reading order: brand → sign → schema → map → errors →
// settings → client → sample.
import type { Account } from '../../base/model.js';
import type { Provider } from '../types.js';
import { LONGBRIDGE, LONGPORT, SECRETS, type Brand } from './brand.js';
import { fetchAccounts, readAccounts } from './client.js';
import { ACCOUNT_EXAMPLE, LEGACY_ACCOUNT_EXAMPLE } from './sample.js';
import { envVarDocs, resolveSettings } from './settings.js';
import { describeCredentials } from './credential-facts.js';
import { MAX_TOKEN_DAYS, renewAccessToken } from './refresh.js';
import { describeSession, SESSION_SECRETS } from './oauth-session.js';

/** Longbridge signs in with OAuth 2.0 (the official tools do so on the Longbridge hosts only). */
const OAUTH: NonNullable<Provider['oauth']> = {
  secrets: SESSION_SECRETS,
  describe: describeSession,
  load: () => import('./oauth.js').then((m) => m.flow),
};

function provider(brand: Brand, sampleBody: string): Provider {
  return {
    ...(brand === LONGBRIDGE ? { oauth: OAUTH } : {}),
    name: brand.name,
    title: brand.title,
    envPrefixes: brand.envPrefixes,
    secrets: SECRETS,
    accountSecret: 'appKey',
    settings: brand.hosts.legacy === null ? ['baseUrl', 'region'] : ['baseUrl', 'region', 'legacyApi'],
    envVars: envVarDocs(brand),
    defaultHosts: [brand.hosts.global, brand.hosts.cn, ...(brand.hosts.legacy === null ? [] : [brand.hosts.legacy])],
    resolveSettings: (flags, env, stored) => resolveSettings(brand, flags, env, stored),
    fetchAccounts: (request) => fetchAccounts(brand, request),
    describeCredentials,
    refresh: { maxValidDays: MAX_TOKEN_DAYS, renew: (request, expiresAt) => renewAccessToken(brand, request, expiresAt) },
    sampleAccounts: (): Account[] => readAccounts(brand, { status: 200, body: sampleBody }),
    valuation: async () => (await import('./valuation.js')).longportValuation(brand),
  };
}

export const longport: Provider = provider(LONGPORT, ACCOUNT_EXAMPLE);

/** Sample data is the 2022 example, so the legacy shape is shown too. */
export const longbridge: Provider = provider(LONGBRIDGE, LEGACY_ACCOUNT_EXAMPLE);
