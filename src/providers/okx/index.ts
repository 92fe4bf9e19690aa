// OKX: the trading account of API v5, from GET /api/v5/account/balance plus
// GET /api/v5/account/max-withdrawal for withdrawable amounts; with the
// `funding` setting also the funding account, GET /api/v5/asset/balances.
//
//   sign.ts    request signing           schema.ts  what the answers look like
//   client.ts  signed GETs, the query    map.ts     → Account, risk level
//   errors.ts  OKX codes → messages      sample.ts  the docs' example, built in
import { checkBaseUrl } from '../../net/base-url.js';
import { usageError } from '../../base/errors.js';
import { filterCurrencies } from '../../base/model.js';
import type { Provider } from '../types.js';
import { fetchKeyDescription, fetchOkxAccounts } from './client.js';
import { sampleAccounts } from './sample.js';
import type { ConnectionSettings, Env, OkxSite, SettingsInput } from '../../base/settings.js';

export const SITE_HOSTS: Readonly<Record<OkxSite, string>> = {
  global: 'https://www.okx.com',
  eea: 'https://eea.okx.com',
  us: 'https://us.okx.com',
};
const SITES = Object.keys(SITE_HOSTS) as OkxSite[];

function parseSite(raw: string, source: string): OkxSite {
  const site = raw.trim().toLowerCase();
  if ((SITES as string[]).includes(site)) return site as OkxSite;
  throw usageError(
    `${source} must be one of ${SITES.join(', ')}, not ${JSON.stringify(raw)}.`,
    'global: www.okx.com; eea: accounts opened on my.okx.com; us: accounts opened on app.okx.com.',
  );
}

const TRUE = ['1', 'true', 'yes', 'on'];
const FALSE = ['', '0', 'false', 'no', 'off'];

function parseFlag(raw: string, source: string): boolean {
  const value = raw.trim().toLowerCase();
  if (TRUE.includes(value)) return true;
  if (FALSE.includes(value)) return false;
  throw usageError(`${source} must be 1 or 0 (true/false, yes/no), not ${JSON.stringify(raw)}.`);
}

const given = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';

interface Level {
  readonly baseUrl: string | undefined;
  readonly baseUrlSource: string;
  readonly site: string | undefined;
  readonly siteSource: string;
}

/**
 * Precedence is flag > environment > stored profile > default. At each level
 * an explicit base URL beats a site, so `--site eea` overrides OKX_BASE_URL,
 * and `--base-url` overrides everything.
 */
function resolveHost(levels: readonly Level[]): { baseUrl: URL; site: OkxSite } {
  // Every site given is checked, so a typo never passes silently.
  const sites = levels.map((level) => (given(level.site) ? parseSite(level.site, level.siteSource) : undefined));
  const site = sites.find((value) => value !== undefined) ?? 'global';
  for (const [index, level] of levels.entries()) {
    if (given(level.baseUrl)) return { baseUrl: checkBaseUrl(level.baseUrl.trim(), level.baseUrlSource), site };
    const levelSite = sites[index];
    if (levelSite !== undefined) return { baseUrl: new URL(SITE_HOSTS[levelSite]), site };
  }
  return { baseUrl: new URL(SITE_HOSTS.global), site };
}

function resolveSettings(flags: SettingsInput, env: Env, stored: SettingsInput = {}): ConnectionSettings {
  if (given(flags.region)) throw usageError('--region applies to longport and longbridge only, not okx.', 'Use --site global|eea|us for OKX.');
  if (flags.legacyApi === true) throw usageError('--legacy-api applies to longbridge only, not okx.');
  const { baseUrl, site } = resolveHost([
    { baseUrl: flags.baseUrl, baseUrlSource: '--base-url', site: flags.site, siteSource: '--site' },
    { baseUrl: env.OKX_BASE_URL, baseUrlSource: 'OKX_BASE_URL', site: env.OKX_SITE, siteSource: 'OKX_SITE' },
    { baseUrl: stored.baseUrl, baseUrlSource: 'the stored base URL', site: stored.site, siteSource: 'the stored site' },
  ]);
  const envDemo = env.OKX_DEMO_TRADING === undefined ? undefined : parseFlag(env.OKX_DEMO_TRADING, 'OKX_DEMO_TRADING');
  const envFunding = env.OKX_FUNDING === undefined ? undefined : parseFlag(env.OKX_FUNDING, 'OKX_FUNDING');
  return {
    baseUrl,
    region: null,
    site,
    demoTrading: flags.demoTrading ?? envDemo ?? stored.demoTrading ?? false,
    legacyApi: false,
    language: null,
    funding: flags.funding ?? envFunding ?? stored.funding ?? false,
  };
}

export const okx: Provider = {
  name: 'okx',
  title: 'OKX',
  envPrefixes: ['OKX_'],
  secrets: [
    { key: 'apiKey', label: 'API key', envSuffix: 'API_KEY', isPublic: true },
    { key: 'apiSecret', label: 'API secret', envSuffix: 'API_SECRET' },
    { key: 'passphrase', label: 'API passphrase', envSuffix: 'API_PASSPHRASE' },
  ],
  accountSecret: 'apiKey',
  settings: ['baseUrl', 'site', 'demoTrading', 'funding'],
  envVars: [
    { name: 'OKX_API_KEY', description: 'OKX API v5 key (read permission is enough).' },
    { name: 'OKX_API_SECRET', description: 'Secret of the OKX API key.' },
    { name: 'OKX_API_PASSPHRASE', description: 'Passphrase chosen when the OKX API key was created.' },
    {
      name: 'OKX_SITE',
      description: 'Where the account was opened: global (www.okx.com, default), eea (my.okx.com), us (app.okx.com).',
    },
    { name: 'OKX_BASE_URL', description: 'Override the OKX host (https://, or http:// to a loopback address only).' },
    { name: 'OKX_DEMO_TRADING', description: '1 to use a demo-trading key (sends x-simulated-trading: 1).' },
    { name: 'OKX_FUNDING', description: '1 to show the funding account beside the trading account (as --funding).' },
  ],
  defaultHosts: SITES.map((site) => SITE_HOSTS[site]),
  resolveSettings,
  async fetchAccounts(request) {
    // Both accounts at once. OKX filters by ccy already; filtering again keeps
    // the rows honest if a server ignores the parameter.
    const accounts = await fetchOkxAccounts(request);
    return accounts.map((account) => filterCurrencies(account, request.currencies));
  },
  describeKey: fetchKeyDescription,
  sampleAccounts,
  valuation: async () => (await import('./valuation.js')).okxValuation,
};
