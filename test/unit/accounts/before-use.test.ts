// The hook before credentials are used (show, check, each --watch refresh):
// renewal of marked profiles (and of providers whose refresh is automatic,
// as OAuth access tokens will be) when due, under ProfileStore.updateSecrets,
// and the expiry warning. A fake provider and an in-memory store.
import { describe, expect, it } from 'vitest';
import { BalanceError } from '../../../src/base/errors.js';
import type { CredentialFacts, Credentials } from '../../../src/base/settings.js';
import { credentialsBeforeUse } from '../../../src/accounts/before-use.js';
import type { ResolvedTarget } from '../../../src/accounts/targets.js';
import type { HttpClient } from '../../../src/net/http.js';
import type { CredentialRefresh, Provider } from '../../../src/providers/types.js';
import type { LoadedSecrets, ProfileStore, SecretsUpdate, UpdateResult } from '../../../src/store/profile-store.js';
import type { StoredProfile } from '../../../src/store/profiles.js';

const NOW = Date.parse('2026-12-04T00:00:00.000Z');
const DAY = 86_400_000;

/** The token is "token-<expiry in ms>": what it says about itself is its expiry. */
const tokenFor = (expiresAtMs: number): string => `token-${expiresAtMs}`;

function provider(refresh: Partial<CredentialRefresh> & { fail?: boolean } = {}): Provider & { renewals: number } {
  const fake = {
    name: 'longport',
    title: 'Fake',
    envPrefixes: ['FAKE_'],
    secrets: [{ key: 'accessToken', label: 'access token', envSuffix: 'ACCESS_TOKEN' }],
    accountSecret: 'accessToken',
    settings: [],
    envVars: [],
    defaultHosts: [],
    renewals: 0,
    resolveSettings: () => {
      throw new Error('not used');
    },
    fetchAccounts: async () => [],
    describeCredentials: (credentials: Credentials): CredentialFacts => ({
      expiresAt: new Date(Number((credentials.accessToken ?? '').slice('token-'.length))),
      issuedAt: null,
      paperTrading: null,
      dataCenter: null,
      mismatch: null,
    }),
    refresh: {
      maxValidDays: 90,
      ...refresh,
      renew: async (_request: unknown, expiresAt: Date) => {
        fake.renewals++;
        if (refresh.fail === true) throw new BalanceError('provider', 'Fake had an internal error (500000).');
        return { credentials: { accessToken: tokenFor(expiresAt.getTime()) }, expiresAt, issuedAt: null };
      },
    },
  } satisfies Provider & { renewals: number };
  return fake;
}

function target(fake: Provider, daysLeft: number, stored: Partial<StoredProfile> | null = {}): ResolvedTarget {
  const credentials = { accessToken: tokenFor(NOW + daysLeft * DAY) };
  return {
    provider: fake,
    profile: stored === null ? 'default' : 'lp-main',
    settings: { baseUrl: new URL('https://example.invalid'), region: null, site: null, demoTrading: false, legacyApi: false, language: null, funding: false },
    credentials,
    sources: { accessToken: stored === null ? { kind: 'env', variable: 'FAKE_ACCESS_TOKEN' } : { kind: 'file', path: '/cfg/credentials.json' } },
    stored: stored === null ? null : { name: 'lp-main', provider: 'longport', secretStore: 'file', settings: {}, savedAt: '', ...stored },
    environmentOverride: false,
  };
}

/** One profile's secrets in memory, behind updateSecrets. */
function store(initial: Credentials): Pick<ProfileStore, 'updateSecrets'> & { values: Credentials; writes: number } {
  const memory = {
    values: initial,
    writes: 0,
    async updateSecrets(name: string, change: (current: LoadedSecrets, profile: StoredProfile) => Promise<SecretsUpdate | null>): Promise<UpdateResult> {
      const profile: StoredProfile = { name, provider: 'longport', secretStore: 'file', settings: {}, savedAt: '' };
      const current = { values: memory.values, sources: {} };
      const update = await change(current, profile);
      if (update === null) return { changed: false, profile, secrets: current, keyringProblem: null };
      memory.values = update.credentials;
      memory.writes++;
      return { changed: true, profile, secrets: { values: update.credentials, sources: {} }, keyringProblem: null };
    },
  };
  return memory;
}

async function run(targets: ResolvedTarget[], memory: ReturnType<typeof store>, warnOfExpiry = true) {
  const said: string[] = [];
  const warned: string[] = [];
  const result = await credentialsBeforeUse(targets, {
    store: memory,
    http: () => ({}) as HttpClient,
    say: (line) => said.push(line),
    warn: (line) => warned.push(line),
    warnOfExpiry,
    now: () => NOW,
  });
  return { result, said, warned };
}

describe('credentialsBeforeUse', () => {
  it('a marked profile expiring within 14 days is renewed for 90 days and said once; the new credentials are used', async () => {
    const fake = provider();
    const marked = target(fake, 5, { autoRefresh: true });
    const memory = store(marked.credentials);
    const { result, said, warned } = await run([marked], memory);
    expect(fake.renewals).toBe(1);
    expect(result[0]?.credentials.accessToken).toBe(tokenFor(NOW + 90 * DAY));
    expect(memory.values.accessToken).toBe(tokenFor(NOW + 90 * DAY));
    expect(said).toEqual(['balance: renewed the Fake access token of profile lp-main (--auto-refresh); valid until 2027-03-04.']);
    expect(warned).toEqual([]);
  });

  it('not marked, or not due: no renewal; within 14 days a warning (unless already said this run)', async () => {
    const fake = provider();
    const memory = store({});
    const soon = await run([target(fake, 5.5)], memory);
    expect(soon.warned).toEqual(['the access token of profile lp-main expires in 5 days (2026-12-09); run `balance auth refresh --profile lp-main`']);
    expect((await run([target(fake, 5.5)], memory, false)).warned).toEqual([]);
    expect((await run([target(fake, 30, { autoRefresh: true })], memory)).warned).toEqual([]);
    expect(fake.renewals).toBe(0);
    expect(memory.writes).toBe(0);
  });

  it('credentials from the environment are never renewed; the warning says to issue a new token or store them', async () => {
    const fake = provider();
    const { warned } = await run([target(fake, 2.5, null)], store({}));
    expect(fake.renewals).toBe(0);
    expect(warned[0]).toMatch(/^the access token in FAKE_ACCESS_TOKEN expires in 2 days \(2026-12-06\); issue a new one in the Fake developer portal, or store it as a profile/);
  });

  it('another profile of this run that held the same token gets the new one too, as the store gave it (its old one is dead now)', async () => {
    const fake = provider();
    const marked = target(fake, 5, { autoRefresh: true });
    const copy: ResolvedTarget = { ...target(fake, 5), profile: 'lp-copy', stored: { name: 'lp-copy', provider: 'longport', secretStore: 'file', settings: {}, savedAt: '' } };
    const memory = store(marked.credentials);
    const sameAsAsked: (readonly string[] | undefined)[] = [];
    // The real store writes the copy under the same lock and names it in `shared`.
    const sharing: typeof memory = {
      ...memory,
      async updateSecrets(name, change, options) {
        sameAsAsked.push(options?.sameAs);
        const result = await memory.updateSecrets(name, change);
        return result.changed ? { ...result, shared: ['lp-copy'] } : result;
      },
    };
    const { result, said } = await run([marked, copy], sharing);
    expect(sameAsAsked).toEqual([['accessToken']]);
    expect(result.map((one) => one.credentials.accessToken)).toEqual([tokenFor(NOW + 90 * DAY), tokenFor(NOW + 90 * DAY)]);
    expect(said).toContain('balance: profile lp-copy held the same Fake access token as profile lp-main: it has the new one too.');
  });

  it('a renewal that fails is a warning, and the old credentials go on', async () => {
    const fake = provider({ fail: true });
    const marked = target(fake, 5, { autoRefresh: true });
    const { result, warned } = await run([marked], store(marked.credentials));
    expect(result[0]?.credentials).toEqual(marked.credentials);
    expect(warned[0]).toBe('could not renew the access token of profile lp-main: Fake had an internal error (500000).');
    expect(warned[1]).toContain('expires in 5 days');
  });

  it('an automatic refresh (OAuth access tokens) needs no mark, has its own window, and is silent', async () => {
    const fake = provider({ automatic: true, renewWithinMs: 5 * 60_000 });
    const memory = store({});
    const fresh = await run([target(fake, 0.5)], memory); // 12 hours left: outside a 5-minute window
    expect(fake.renewals).toBe(0);
    expect(fresh.warned).toEqual([]);
    const due = target(fake, 2 / (24 * 60)); // 2 minutes left
    const renewed = await run([due], store(due.credentials));
    expect(fake.renewals).toBe(1);
    expect(renewed.said).toEqual([]);
    expect(renewed.warned).toEqual([]);
  });
});
