// Connection settings: flag > environment > stored > default, for both brands.
import { describe, expect, it } from 'vitest';
import { BalanceError } from '../../../../src/base/errors.js';
import { longbridge, longport } from '../../../../src/providers/longport/index.js';
import type { Provider } from '../../../../src/providers/types.js';
import type { Env, SettingsInput } from '../../../../src/base/settings.js';

function usage(provider: Provider, flags: SettingsInput, env: Env = {}, stored?: SettingsInput): BalanceError {
  try {
    provider.resolveSettings(flags, env, stored);
  } catch (error) {
    if (error instanceof BalanceError) return error;
    throw error;
  }
  throw new Error('expected a usage error');
}

describe('longport', () => {
  it('defaults to the global host, no language', () => {
    const settings = longport.resolveSettings({}, {});
    expect(settings.baseUrl.href).toBe('https://openapi.longportapp.com/');
    expect(settings).toMatchObject({ region: 'global', legacyApi: false, language: null, site: null, demoTrading: false });
  });

  it('selects the mainland host with region cn, from the flag or LONGPORT_REGION', () => {
    expect(longport.resolveSettings({ region: 'cn' }, {}).baseUrl.href).toBe('https://openapi.longportapp.cn/');
    expect(longport.resolveSettings({}, { LONGPORT_REGION: 'cn' }).baseUrl.href).toBe('https://openapi.longportapp.cn/');
    expect(longport.resolveSettings({}, { LONGPORT_REGION: 'CN' }).region).toBe('cn');
  });

  it('lets the flag beat the environment and the environment beat the stored profile', () => {
    expect(longport.resolveSettings({ region: 'global' }, { LONGPORT_REGION: 'cn' }).region).toBe('global');
    expect(longport.resolveSettings({}, { LONGPORT_REGION: 'global' }, { region: 'cn' }).region).toBe('global');
    expect(longport.resolveSettings({}, {}, { region: 'cn' }).region).toBe('cn');
    const env = { LONGPORT_HTTP_URL: 'https://env.example.com' };
    const stored = { baseUrl: 'https://stored.example.com' };
    expect(longport.resolveSettings({ baseUrl: 'https://flag.example.com' }, env, stored).baseUrl.host).toBe('flag.example.com');
    expect(longport.resolveSettings({}, env, stored).baseUrl.host).toBe('env.example.com');
    expect(longport.resolveSettings({}, {}, stored).baseUrl.host).toBe('stored.example.com');
  });

  it('lets a base URL override win over the region', () => {
    const settings = longport.resolveSettings({ region: 'cn' }, { LONGPORT_HTTP_URL: 'http://127.0.0.1:9999/' });
    expect(settings.baseUrl.href).toBe('http://127.0.0.1:9999/');
    expect(settings.region).toBe('cn');
  });

  it('refuses plain http:// to a non-loopback host, naming the setting', () => {
    const error = usage(longport, {}, { LONGPORT_HTTP_URL: 'http://openapi.example.com' });
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('LONGPORT_HTTP_URL');
    expect(usage(longport, { baseUrl: 'http://10.0.0.1' }).message).toContain('--base-url');
  });

  it('refuses an unknown region, naming where it came from', () => {
    expect(usage(longport, {}, { LONGPORT_REGION: 'eu' }).message).toBe('LONGPORT_REGION must be global or cn, not "eu".');
    expect(usage(longport, { region: 'hk' }).message).toContain('--region');
  });

  it('sends LONGPORT_LANGUAGE in its canonical spelling, and refuses others', () => {
    expect(longport.resolveSettings({}, { LONGPORT_LANGUAGE: 'zh-hk' }).language).toBe('zh-HK');
    expect(longport.resolveSettings({}, { LONGPORT_LANGUAGE: 'en' }).language).toBe('en');
    expect(usage(longport, {}, { LONGPORT_LANGUAGE: 'fr' }).message).toContain('LONGPORT_LANGUAGE');
  });

  it('refuses options of other providers', () => {
    expect(usage(longport, { legacyApi: true }).message).toContain('applies to longbridge only');
    expect(usage(longport, { site: 'eea' }).message).toContain('applies to okx only');
    expect(usage(longport, { demoTrading: true }).message).toContain('applies to okx only');
    expect(usage(longport, { demoTrading: true }).exitCode).toBe(2);
    expect(usage(longport, { funding: true }).message).toBe('--funding applies to okx only, not longport.');
    expect(usage(longbridge, { funding: true }).message).toBe('--funding applies to okx only, not longbridge.');
    expect(longport.resolveSettings({}, {}, { funding: true }).funding).toBe(false);
  });

  it('ignores empty variables', () => {
    expect(longport.resolveSettings({}, { LONGPORT_HTTP_URL: '', LONGPORT_REGION: ' ' }).baseUrl.host).toBe('openapi.longportapp.com');
  });
});

describe('longbridge', () => {
  it('defaults to the 2026 hosts', () => {
    expect(longbridge.resolveSettings({}, {}).baseUrl.href).toBe('https://openapi.longbridge.com/');
    expect(longbridge.resolveSettings({}, { LONGBRIDGE_REGION: 'cn' }).baseUrl.href).toBe('https://openapi.longbridge.cn/');
  });

  it('falls back to each LONGPORT_ variable, its own winning', () => {
    const env = { LONGPORT_REGION: 'cn', LONGPORT_LANGUAGE: 'zh-CN', LONGPORT_HTTP_URL: 'https://old.example.com' };
    const settings = longbridge.resolveSettings({}, env);
    expect(settings).toMatchObject({ region: 'cn', language: 'zh-CN' });
    expect(settings.baseUrl.host).toBe('old.example.com');
    const own = longbridge.resolveSettings({}, { ...env, LONGBRIDGE_HTTP_URL: 'https://new.example.com', LONGBRIDGE_REGION: 'global' });
    expect(own.baseUrl.host).toBe('new.example.com');
    expect(own.region).toBe('global');
  });

  it('names the fallback variable it actually used in an error', () => {
    expect(usage(longbridge, {}, { LONGPORT_HTTP_URL: 'http://example.com' }).message).toContain('LONGPORT_HTTP_URL');
  });

  it('uses the 2022 host for --legacy-api, unless a base URL is given', () => {
    const legacy = longbridge.resolveSettings({ legacyApi: true }, {});
    expect(legacy.legacyApi).toBe(true);
    expect(legacy.baseUrl.href).toBe('https://openapi.longbridge.sg/');
    expect(longbridge.resolveSettings({ legacyApi: true }, { LONGBRIDGE_HTTP_URL: 'http://localhost:1234' }).baseUrl.host).toBe(
      'localhost:1234',
    );
    expect(longbridge.resolveSettings({}, {}, { legacyApi: true }).legacyApi).toBe(true);
  });
});

describe('provider descriptions', () => {
  it('declare three secrets and document every variable', () => {
    expect(longport.secrets.map((secret) => secret.envSuffix)).toEqual(['APP_KEY', 'APP_SECRET', 'ACCESS_TOKEN']);
    expect(longport.envVars.map((doc) => doc.name)).toEqual([
      'LONGPORT_APP_KEY',
      'LONGPORT_APP_SECRET',
      'LONGPORT_ACCESS_TOKEN',
      'LONGPORT_HTTP_URL',
      'LONGPORT_REGION',
      'LONGPORT_LANGUAGE',
    ]);
    expect(longbridge.envPrefixes).toEqual(['LONGBRIDGE_', 'LONGPORT_']);
    expect(longbridge.envVars.find((doc) => doc.name === 'LONGBRIDGE_APP_SECRET')?.description).toContain('LONGPORT_APP_SECRET');
  });
});
