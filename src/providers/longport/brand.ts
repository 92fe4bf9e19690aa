// One OpenAPI, two names: Longport (2023–2026) and Longbridge (2022, and again
// from 2026). Everything that differs between them is here.
import type { ProviderName } from '../../base/model.js';
import type { SecretSpec } from '../../base/settings.js';

export interface Brand {
  readonly name: Extract<ProviderName, 'longport' | 'longbridge'>;
  readonly title: string;
  /** Own prefix first; each variable falls back to the later ones. */
  readonly envPrefixes: readonly string[];
  readonly hosts: {
    readonly global: string;
    readonly cn: string;
    /** Host of the 2022 pre-release API (GetAccountCashInfo), when the brand has one. */
    readonly legacy: string | null;
  };
}

export const LONGPORT: Brand = {
  name: 'longport',
  title: 'Longport',
  envPrefixes: ['LONGPORT_'],
  hosts: {
    global: 'https://openapi.longportapp.com',
    cn: 'https://openapi.longportapp.cn',
    legacy: null,
  },
};

export const LONGBRIDGE: Brand = {
  name: 'longbridge',
  title: 'Longbridge',
  envPrefixes: ['LONGBRIDGE_', 'LONGPORT_'],
  hosts: {
    global: 'https://openapi.longbridge.com',
    cn: 'https://openapi.longbridge.cn',
    legacy: 'https://openapi.longbridge.sg',
  },
};

export const ACCOUNT_PATH = '/v1/asset/account';
export const LEGACY_ACCOUNT_PATH = '/v1/trade/asset/GetAccountCashInfo';

/** API-key mode credentials, the same for both brands. */
export const SECRETS: readonly SecretSpec[] = [
  { key: 'appKey', label: 'app key', envSuffix: 'APP_KEY', isPublic: true },
  { key: 'appSecret', label: 'app secret', envSuffix: 'APP_SECRET' },
  { key: 'accessToken', label: 'access token', envSuffix: 'ACCESS_TOKEN' },
];
