// Which account a command talks to: the precedence rules of targets.ts, with
// the stored profiles in memory.
import { describe, expect, it } from 'vitest';
import type { BalanceError } from '../../../src/base/errors.js';
import type { SecretsOutcome } from '../../../src/store/profile-store.js';
import type { ProfilesState, StoredProfile } from '../../../src/store/profiles.js';
import { resolveAllTargets, resolveTarget, type ProfileSource, type TargetOutcome, type TargetRequest } from '../../../src/accounts/targets.js';
import { loadAllProviders } from '../../../src/providers/registry.js';
import type { Env, SettingName, SettingsInput } from '../../../src/base/settings.js';

const OKX_STORED = { apiKey: 'unit-targets-okx-key', apiSecret: 'unit-targets-okx-secret', passphrase: 'unit-targets-okx-pass' };
const LP_STORED = { appKey: 'unit-targets-lp-key', appSecret: 'unit-targets-lp-secret', accessToken: 'unit-targets-lp-token' };
const OKX_ENV: Env = { OKX_API_KEY: 'unit-env-okx-key', OKX_API_SECRET: 'unit-env-okx-secret', OKX_API_PASSPHRASE: 'unit-env-okx-pass' };
const LP_ENV: Env = { LONGPORT_APP_KEY: 'unit-env-lp-key', LONGPORT_APP_SECRET: 'unit-env-lp-secret', LONGPORT_ACCESS_TOKEN: 'unit-env-lp-token' };

function profile(name: string, provider: StoredProfile['provider'], settings: SettingsInput = {}): StoredProfile {
  return { name, provider, secretStore: 'file', settings, savedAt: '' };
}

/** Stored profiles in memory; counts how often they are read. */
function memory(state: ProfilesState, secrets: Record<string, Record<string, string>>): ProfileSource & { reads: number; secretLoads: number } {
  return {
    reads: 0,
    secretLoads: 0,
    async readState() {
      this.reads++;
      return state;
    },
    async loadSecrets(profiles) {
      this.secretLoads++;
      return new Map(
        profiles.map((stored): [string, SecretsOutcome] => {
          const values = secrets[stored.name] ?? {};
          const sources = Object.fromEntries(Object.keys(values).map((key) => [key, { kind: 'file' as const, path: '/cfg/credentials.json' }]));
          return [stored.name, { ok: true, secrets: { values, sources } }];
        }),
      );
    },
  };
}

const THREE: ProfilesState = {
  defaultProfile: 'lp-cash',
  profiles: [profile('lp-cash', 'longport', { region: 'cn' }), profile('okx-a', 'okx', { site: 'eea' }), profile('okx-b', 'okx')],
};
const SECRETS = { 'lp-cash': LP_STORED, 'okx-a': OKX_STORED, 'okx-b': OKX_STORED };

async function resolve(request: Partial<TargetRequest>, env: Env = {}, state = THREE, secrets: Record<string, Record<string, string>> = SECRETS) {
  const profiles = memory(state, secrets);
  const target = await resolveTarget({ flags: {}, ...request }, { env, profiles });
  return { target, profiles };
}

async function failure(request: Partial<TargetRequest>, env: Env = {}, state = THREE): Promise<BalanceError> {
  return resolve(request, env, state).then(
    () => {
      throw new Error('expected an error');
    },
    (error: BalanceError) => error,
  );
}

describe('resolveTarget', () => {
  it('--profile: that profile, its provider and stored settings and secrets', async () => {
    const { target } = await resolve({ profile: 'okx-a' });
    expect(target).toMatchObject({ profile: 'okx-a', credentials: OKX_STORED, environmentOverride: false });
    expect(target.provider.name).toBe('okx');
    expect(target.settings.baseUrl.href).toBe('https://eea.okx.com/');
    expect(target.sources.apiKey).toEqual({ kind: 'file', path: '/cfg/credentials.json' });
  });

  it('--profile with a --provider that contradicts it, an unknown or invalid name: usage errors', async () => {
    expect(await failure({ profile: 'okx-a', provider: 'longport' })).toMatchObject({ exitCode: 2, message: 'Profile okx-a is an OKX profile, not Longport.' });
    expect(await failure({ profile: 'nope' })).toMatchObject({ exitCode: 2, hint: 'Stored profiles: lp-cash, okx-a, okx-b.' });
    expect((await failure({ profile: 'no spaces' })).exitCode).toBe(2);
    expect((await resolve({ profile: 'okx-a', provider: 'okx' })).target.profile).toBe('okx-a');
  });

  it("--profile with the provider's credentials in the environment: those replace the stored ones, settings stay", async () => {
    const { target } = await resolve({ profile: 'okx-a' }, OKX_ENV);
    expect(target).toMatchObject({ profile: 'okx-a', environmentOverride: true, credentials: { apiKey: 'unit-env-okx-key' } });
    expect(target.sources.apiSecret).toEqual({ kind: 'env', variable: 'OKX_API_SECRET' });
    expect(target.settings.site).toBe('eea');
  });

  it("an incomplete environment does not mix with stored secrets: exit 4 naming what is missing and what hides the profile", async () => {
    const error = await failure({ profile: 'okx-a' }, { OKX_API_KEY: 'unit-env-okx-key' });
    expect(error.exitCode).toBe(4);
    expect(error.message).toContain('OKX_API_KEY is set in the environment and overrides the stored profile okx-a');
    expect(error.message).toContain('OKX_API_SECRET and OKX_API_PASSPHRASE are not');
    expect(error.hint).toContain('unset OKX_API_KEY');
  });

  it('--provider with its credentials in the environment: those, as profile "default", without reading the store', async () => {
    const { target, profiles } = await resolve({ provider: 'okx' }, OKX_ENV);
    expect(target).toMatchObject({ profile: 'default', stored: null, credentials: { passphrase: 'unit-env-okx-pass' } });
    expect(profiles.reads).toBe(0);
  });

  it('--provider without: the default profile if it is that provider’s, else its only one, else ask', async () => {
    expect((await resolve({ provider: 'longport' })).target.profile).toBe('lp-cash');
    const oneOkx: ProfilesState = { defaultProfile: 'lp-cash', profiles: [THREE.profiles[0]!, THREE.profiles[1]!] };
    expect((await resolve({ provider: 'okx' }, {}, oneOkx)).target.profile).toBe('okx-a');
    expect(await failure({ provider: 'okx' })).toMatchObject({ exitCode: 2, message: 'Several okx profiles are stored (okx-a, okx-b).' });
    const okxDefault: ProfilesState = { ...THREE, defaultProfile: 'okx-b' };
    expect((await resolve({ provider: 'okx' }, {}, okxDefault)).target.profile).toBe('okx-b');
    const none = await failure({ provider: 'longbridge' });
    expect(none.exitCode).toBe(4);
    expect(none.hint).toContain('balance auth login --provider longbridge');
  });

  it('neither: the environment’s credentials for exactly one provider, else the default profile, else a usage error', async () => {
    const fromEnv = await resolve({}, LP_ENV);
    expect(fromEnv.target).toMatchObject({ profile: 'default', stored: null });
    expect(fromEnv.target.provider.name).toBe('longport');
    expect(fromEnv.profiles.reads).toBe(0);

    expect((await failure({}, { ...LP_ENV, ...OKX_ENV })).message).toBe('Credentials for several providers are set (longport, okx).');

    const fallback = await resolve({});
    expect(fallback.target).toMatchObject({ profile: 'lp-cash', credentials: LP_STORED });
    expect(fallback.target.settings.baseUrl.href).toBe('https://openapi.longportapp.cn/');

    const nothing = await failure({}, {}, { defaultProfile: null, profiles: [] });
    expect(nothing.exitCode).toBe(2);
    expect(nothing.hint).toContain('--provider');
  });

  it('a stored profile missing a secret: exit 4 naming it and how to log in again', async () => {
    const missing = await resolve({ profile: 'okx-b' }, {}, THREE, { ...SECRETS, 'okx-b': { apiKey: 'k-1234' } }).catch((e: BalanceError) => e);
    expect(missing).toMatchObject({
      exitCode: 4,
      message: 'Profile okx-b is missing its API secret, API passphrase in the secrets file.',
      hint: 'Log in again: balance auth login --provider okx --profile okx-b',
    });
  });

  it('flags beat the environment, which beats the stored settings', async () => {
    const stored = (await resolve({ profile: 'okx-a' })).target.settings.baseUrl.href;
    const env = (await resolve({ profile: 'okx-a' }, { OKX_SITE: 'us' })).target.settings.baseUrl.href;
    const flag = (await resolve({ profile: 'okx-a', flags: { site: 'global' } }, { OKX_SITE: 'us' })).target.settings.baseUrl.href;
    expect([stored, env, flag]).toEqual(['https://eea.okx.com/', 'https://us.okx.com/', 'https://www.okx.com/']);
  });
});

describe('resolveAllTargets (for --all-profiles)', () => {
  it('each stored profile with its own secrets, then the environment’s accounts; secrets read in one go', async () => {
    const profiles = memory(THREE, { ...SECRETS, 'okx-b': {} });
    const { outcomes, notes } = await resolveAllTargets({}, { env: OKX_ENV, profiles });
    expect(notes).toEqual([]);
    expect(profiles.secretLoads).toBe(1);
    expect(outcomes.map((outcome) => (outcome.ok ? `${outcome.target.provider.name}/${outcome.target.profile}` : `${outcome.provider}/${outcome.profile}: ${outcome.error.message}`))).toEqual([
      'longport/lp-cash',
      'okx/okx-a',
      'okx/okx-b: Profile okx-b is missing its API key, API secret, API passphrase in the secrets file.',
      'okx/default',
    ]);
    const okxA = outcomes[1];
    expect(okxA?.ok === true && okxA.target.credentials).toEqual(OKX_STORED);
  });
});

const labels = (outcomes: readonly TargetOutcome[]): string[] =>
  outcomes.map((outcome) => (outcome.ok ? `${outcome.target.provider.name}/${outcome.target.profile}` : `${outcome.provider}/${outcome.profile}: ${outcome.error.message}`));

describe('resolveAllTargets: each account once', () => {
  const OKX_ENV_AS_STORED: Env = { OKX_API_KEY: OKX_STORED.apiKey, OKX_API_SECRET: OKX_STORED.apiSecret, OKX_API_PASSPHRASE: OKX_STORED.passphrase };
  const okxMain: ProfilesState = { defaultProfile: 'okx-main', profiles: [profile('okx-main', 'okx')] };

  it("the environment's credentials for a stored profile's account are dropped, with one note naming the profile kept", async () => {
    const { outcomes, notes } = await resolveAllTargets({}, { env: OKX_ENV_AS_STORED, profiles: memory(okxMain, { 'okx-main': OKX_STORED }) });
    expect(labels(outcomes)).toEqual(['okx/okx-main']);
    expect(notes).toEqual([
      "the environment's OKX credentials are the same OKX account as profile okx-main (same API key, host and demo setting): shown once, as okx/okx-main.",
    ]);
  });

  it('the same key with another secret is still the same account', async () => {
    const env = { ...OKX_ENV_AS_STORED, OKX_API_SECRET: 'unit-env-other-secret' };
    const { outcomes } = await resolveAllTargets({}, { env, profiles: memory(okxMain, { 'okx-main': OKX_STORED }) });
    expect(labels(outcomes)).toEqual(['okx/okx-main']);
  });

  it('another key, host or demo setting is another account: both are kept', async () => {
    const secrets = { 'okx-main': OKX_STORED };
    const cases: [Env, ProfilesState][] = [
      [OKX_ENV, okxMain],
      [OKX_ENV_AS_STORED, { ...okxMain, profiles: [profile('okx-main', 'okx', { site: 'eea' })] }],
      [OKX_ENV_AS_STORED, { ...okxMain, profiles: [profile('okx-main', 'okx', { demoTrading: true })] }],
    ];
    for (const [env, state] of cases) {
      const { outcomes, notes } = await resolveAllTargets({}, { env, profiles: memory(state, secrets) });
      expect(labels(outcomes)).toEqual(['okx/okx-main', 'okx/default']);
      expect(notes).toEqual([]);
    }
  });

  it('two stored profiles of one account: the first by name is kept, or the one that shows the funding account', async () => {
    const twins: ProfilesState = { defaultProfile: 'okx-a', profiles: [profile('lp', 'longport'), profile('okx-a', 'okx'), profile('okx-b', 'okx')] };
    const secrets = { lp: LP_STORED, 'okx-a': OKX_STORED, 'okx-b': OKX_STORED };
    const first = await resolveAllTargets({}, { env: {}, profiles: memory(twins, secrets) });
    expect(labels(first.outcomes)).toEqual(['longport/lp', 'okx/okx-a']);
    expect(first.notes).toEqual(['profile okx-b is the same OKX account as profile okx-a (same API key, host and demo setting): shown once, as okx/okx-a.']);

    const withFunding: ProfilesState = { ...twins, profiles: [profile('lp', 'longport'), profile('okx-a', 'okx'), profile('okx-b', 'okx', { funding: true })] };
    const funded = await resolveAllTargets({}, { env: {}, profiles: memory(withFunding, secrets) });
    expect(labels(funded.outcomes)).toEqual(['longport/lp', 'okx/okx-b']);
    expect(funded.notes).toEqual([
      'profile okx-a is the same OKX account as profile okx-b (same API key, host and demo setting): shown once, as okx/okx-b, with its funding account.',
    ]);
  });

  it('Longport accounts are told apart by the app key', async () => {
    const state: ProfilesState = { defaultProfile: 'lp', profiles: [profile('lp', 'longport')] };
    const same: Env = { LONGPORT_APP_KEY: LP_STORED.appKey, LONGPORT_APP_SECRET: LP_STORED.appSecret, LONGPORT_ACCESS_TOKEN: 'unit-env-lp-newer-token' };
    expect(labels((await resolveAllTargets({}, { env: same, profiles: memory(state, { lp: LP_STORED }) })).outcomes)).toEqual(['longport/lp']);
    expect(labels((await resolveAllTargets({}, { env: LP_ENV, profiles: memory(state, { lp: LP_STORED }) })).outcomes)).toEqual(['longport/lp', 'longport/default']);
  });
});

describe('resolveAllTargets: provider-specific flags', () => {
  const MIXED: ProfilesState = {
    defaultProfile: 'lp',
    profiles: [profile('lb', 'longbridge'), profile('lp', 'longport'), profile('okx-a', 'okx')],
  };
  const MIXED_SECRETS = { lb: LP_STORED, lp: LP_STORED, 'okx-a': OKX_STORED };

  it('each flag goes to the providers that take it; every account still resolves', async () => {
    const flags: SettingsInput = { funding: true, site: 'eea', demoTrading: true, region: 'cn', legacyApi: true };
    const { outcomes } = await resolveAllTargets(flags, { env: {}, profiles: memory(MIXED, MIXED_SECRETS) });
    const settings = Object.fromEntries(outcomes.map((outcome) => [outcome.ok ? outcome.target.profile : outcome.error.message, outcome.ok ? outcome.target.settings : null]));
    expect(Object.keys(settings)).toEqual(['lb', 'lp', 'okx-a']);
    expect(settings['okx-a']).toMatchObject({ funding: true, site: 'eea', demoTrading: true, region: null });
    expect(settings['okx-a']?.baseUrl.href).toBe('https://eea.okx.com/');
    expect(settings.lp).toMatchObject({ region: 'cn', funding: false, demoTrading: false, legacyApi: false });
    expect(settings.lb).toMatchObject({ legacyApi: true, funding: false });
  });

  it('a flag that fits none of the accounts, or --base-url: a usage error', async () => {
    const onlyOkx: ProfilesState = { defaultProfile: 'okx-a', profiles: [profile('okx-a', 'okx')] };
    const context = { env: {}, profiles: memory(onlyOkx, { 'okx-a': OKX_STORED }) };
    await expect(resolveAllTargets({ region: 'cn' }, context)).rejects.toMatchObject({
      exitCode: 2,
      message: '--region applies to longport and longbridge accounts only, and --all-profiles found none.',
    });
    await expect(resolveAllTargets({ legacyApi: true }, { env: LP_ENV, profiles: context.profiles })).rejects.toMatchObject({ exitCode: 2 });
    await expect(resolveAllTargets({ baseUrl: 'https://www.okx.com' }, context)).rejects.toMatchObject({
      exitCode: 2,
      message: '--base-url cannot be used with --all-profiles: the accounts are on different hosts.',
    });
  });
});

describe('Provider.settings', () => {
  const VALUES: Required<Record<SettingName, string | boolean>> = {
    baseUrl: 'https://example.com',
    region: 'cn',
    site: 'eea',
    demoTrading: true,
    legacyApi: true,
    funding: true,
  };

  it('declares exactly the settings resolveSettings accepts', async () => {
    for (const provider of await loadAllProviders()) {
      for (const name of Object.keys(VALUES) as SettingName[]) {
        const resolve = (): unknown => provider.resolveSettings({ [name]: VALUES[name] }, {});
        if (provider.settings.includes(name)) expect(resolve, `${provider.name} ${name}`).not.toThrow();
        else expect(resolve, `${provider.name} ${name}`).toThrow(/applies to/);
      }
    }
  });
});
