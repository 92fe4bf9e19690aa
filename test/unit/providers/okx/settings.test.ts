import { describe, expect, it } from 'vitest';
import { BalanceError } from '../../../../src/base/errors.js';
import { okx } from '../../../../src/providers/okx/index.js';
import type { Env, SettingsInput } from '../../../../src/base/settings.js';

const resolve = (flags: SettingsInput = {}, env: Env = {}, stored?: SettingsInput) => okx.resolveSettings(flags, env, stored);

function usageFailure(fn: () => unknown): BalanceError {
  try {
    fn();
  } catch (error) {
    if (error instanceof BalanceError && error.kind === 'usage') return error;
    throw error;
  }
  throw new Error('expected a usage error');
}

describe('OKX connection settings', () => {
  it('defaults to the global site, live trading', () => {
    const settings = resolve();
    expect(settings.baseUrl.href).toBe('https://www.okx.com/');
    expect(settings).toMatchObject({ site: 'global', demoTrading: false, region: null, legacyApi: false, language: null });
  });

  it.each([
    ['global', 'https://www.okx.com/'],
    ['eea', 'https://eea.okx.com/'],
    ['us', 'https://us.okx.com/'],
    ['EEA', 'https://eea.okx.com/'],
  ])('--site %s → %s', (site, href) => {
    expect(resolve({ site }).baseUrl.href).toBe(href);
  });

  it('takes the site from OKX_SITE, then the stored profile; the flag wins', () => {
    expect(resolve({}, { OKX_SITE: 'us' }).site).toBe('us');
    expect(resolve({}, {}, { site: 'eea' }).site).toBe('eea');
    expect(resolve({}, { OKX_SITE: 'us' }, { site: 'eea' }).site).toBe('us');
    expect(resolve({ site: 'eea' }, { OKX_SITE: 'us' }).baseUrl.href).toBe('https://eea.okx.com/');
  });

  it('refuses an unknown site, listing the valid ones and naming the source', () => {
    expect(usageFailure(() => resolve({ site: 'bogus' })).message).toBe('--site must be one of global, eea, us, not "bogus".');
    expect(usageFailure(() => resolve({}, { OKX_SITE: 'asia' })).message).toContain('OKX_SITE');
  });

  it('takes the base URL from --base-url, OKX_BASE_URL, then the stored profile', () => {
    expect(resolve({ baseUrl: 'https://a.example' }, { OKX_BASE_URL: 'https://b.example' }).baseUrl.host).toBe('a.example');
    expect(resolve({}, { OKX_BASE_URL: 'https://b.example/' }, { baseUrl: 'https://c.example' }).baseUrl.href).toBe(
      'https://b.example/',
    );
    expect(resolve({}, {}, { baseUrl: 'https://c.example' }).baseUrl.host).toBe('c.example');
  });

  it('lets a base URL beat a site at the same level, and a site flag beat OKX_BASE_URL', () => {
    expect(resolve({ baseUrl: 'https://a.example', site: 'eea' }).baseUrl.host).toBe('a.example');
    expect(resolve({}, { OKX_BASE_URL: 'https://b.example', OKX_SITE: 'us' }).baseUrl.host).toBe('b.example');
    expect(resolve({ site: 'us' }, { OKX_BASE_URL: 'https://b.example' }).baseUrl.host).toBe('us.okx.com');
  });

  it('accepts plain http:// only to loopback, naming the setting otherwise', () => {
    expect(resolve({}, { OKX_BASE_URL: 'http://127.0.0.1:8080' }).baseUrl.href).toBe('http://127.0.0.1:8080/');
    const error = usageFailure(() => resolve({}, { OKX_BASE_URL: 'http://example.com' }));
    expect(error.message).toContain('OKX_BASE_URL');
    expect(error.exitCode).toBe(2);
    expect(usageFailure(() => resolve({ baseUrl: 'http://okx.example' })).message).toContain('--base-url');
  });

  it.each(['1', 'true', 'YES', 'on'])('OKX_DEMO_TRADING=%s turns demo trading on', (value) => {
    expect(resolve({}, { OKX_DEMO_TRADING: value }).demoTrading).toBe(true);
  });

  it.each(['0', 'false', 'no', ''])('OKX_DEMO_TRADING=%j leaves it off', (value) => {
    expect(resolve({}, { OKX_DEMO_TRADING: value }).demoTrading).toBe(false);
  });

  it('refuses an OKX_DEMO_TRADING value it cannot read rather than guessing live', () => {
    expect(usageFailure(() => resolve({}, { OKX_DEMO_TRADING: 'sure' })).message).toContain('OKX_DEMO_TRADING');
  });

  it('lets --demo-trading and the stored profile set demo trading, flag first', () => {
    expect(resolve({ demoTrading: true }).demoTrading).toBe(true);
    expect(resolve({}, {}, { demoTrading: true }).demoTrading).toBe(true);
    expect(resolve({}, { OKX_DEMO_TRADING: '0' }, { demoTrading: true }).demoTrading).toBe(false);
  });

  it('adds the funding account with --funding, OKX_FUNDING=1 or a stored setting, flag first', () => {
    expect(resolve().funding).toBe(false);
    expect(resolve({ funding: true }).funding).toBe(true);
    expect(resolve({}, { OKX_FUNDING: 'yes' }).funding).toBe(true);
    expect(resolve({}, {}, { funding: true }).funding).toBe(true);
    expect(resolve({}, { OKX_FUNDING: '0' }, { funding: true }).funding).toBe(false);
    expect(resolve({ funding: true }, { OKX_FUNDING: '0' }).funding).toBe(true);
    expect(usageFailure(() => resolve({}, { OKX_FUNDING: 'please' })).message).toContain('OKX_FUNDING');
  });

  it('refuses the Longport-only flags', () => {
    expect(usageFailure(() => resolve({ legacyApi: true })).message).toContain('--legacy-api applies to longbridge only');
    expect(usageFailure(() => resolve({ region: 'cn' })).message).toContain('--region');
    expect(resolve({ legacyApi: false }).legacyApi).toBe(false);
  });
});

describe('OKX provider description', () => {
  it('names its secrets and documents every variable it reads', () => {
    expect(okx.secrets.map((secret) => `OKX_${secret.envSuffix}`)).toEqual(['OKX_API_KEY', 'OKX_API_SECRET', 'OKX_API_PASSPHRASE']);
    expect(okx.envVars.map((doc) => doc.name)).toEqual([
      'OKX_API_KEY',
      'OKX_API_SECRET',
      'OKX_API_PASSPHRASE',
      'OKX_SITE',
      'OKX_BASE_URL',
      'OKX_DEMO_TRADING',
      'OKX_FUNDING',
    ]);
  });
});
