// `balance providers`: what each provider talks to and which variables it reads.
import { describe, expect, it } from 'vitest';
import { runBalance } from './harness.js';

describe('balance providers', () => {
  it('--json lists each provider with its default hosts, credential variables and every variable it reads', async () => {
    const result = await runBalance(['providers', '--json']);
    expect(result.code).toBe(0);
    const { schemaVersion, providers } = JSON.parse(result.stdout) as {
      schemaVersion: number;
      providers: { name: string; title: string; defaultHosts: string[]; credentials: string[]; envVars: { name: string; description: string }[]; sample: boolean }[];
    };
    expect(schemaVersion).toBe(1);
    expect(providers.map((provider) => [provider.name, provider.sample])).toEqual([
      ['longport', false],
      ['longbridge', false],
      ['okx', false],
      ['sample', true],
    ]);
    expect(providers.at(-1)).toMatchObject({ defaultHosts: [], credentials: [], envVars: [] });
    const okx = providers.find((provider) => provider.name === 'okx')!;
    expect(okx.defaultHosts).toEqual(['https://www.okx.com', 'https://eea.okx.com', 'https://us.okx.com']);
    expect(okx.credentials).toEqual(['OKX_API_KEY', 'OKX_API_SECRET', 'OKX_API_PASSPHRASE']);
    expect(okx.envVars.map((doc) => doc.name)).toEqual(
      expect.arrayContaining(['OKX_SITE', 'OKX_BASE_URL', 'OKX_DEMO_TRADING', 'OKX_FUNDING']),
    );
    const longbridge = providers.find((provider) => provider.name === 'longbridge')!;
    expect(longbridge.defaultHosts).toContain('https://openapi.longbridge.sg');
    expect(longbridge.envVars.find((doc) => doc.name === 'LONGBRIDGE_APP_KEY')?.description).toContain('Falls back to LONGPORT_APP_KEY');
    for (const provider of providers.filter((entry) => !entry.sample)) expect(provider.envVars.every((doc) => doc.description.length > 0)).toBe(true);
  });

  it('prints a table per provider, with its hosts, for people', async () => {
    const result = await runBalance(['providers']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('okx  OKX · default hosts: https://www.okx.com, https://eea.okx.com, https://us.okx.com');
    expect(result.stdout).toContain('longport  Longport · default hosts: https://openapi.longportapp.com, https://openapi.longportapp.cn');
    expect(result.stdout).toMatch(/│ OKX_FUNDING +│ 1 to show the funding account/);
    expect(result.stdout).toMatch(/│ LONGPORT_REGION +│/);
    expect(result.stdout).toContain('sample  built-in sample data');
  });
});
