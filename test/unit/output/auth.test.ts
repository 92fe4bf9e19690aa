// Renderers of `auth status` and `auth list`.
import { describe, expect, it } from 'vitest';
import { renderProfileList, renderStatusJson, renderStatusText, statusNotes, type StatusEntry } from '../../../src/output/auth.js';
import type { ProfilesState } from '../../../src/store/profiles.js';

const STATE: ProfilesState = {
  defaultProfile: 'okx-main',
  profiles: [
    { name: 'lp-cash', provider: 'longport', secretStore: 'keyring', settings: {}, savedAt: '' },
    { name: 'okx-main', provider: 'okx', secretStore: 'file', settings: { site: 'eea' }, savedAt: '' },
  ],
};

function entry(overrides: Partial<StatusEntry>): StatusEntry {
  return {
    profile: 'main',
    provider: 'okx',
    isDefault: false,
    environmentOnly: false,
    environmentOverride: false,
    secrets: [{ key: 'apiKey', label: 'API key', masked: 'abcd****', source: { kind: 'keyring', service: 'balance', account: 'main:apiKey' } }],
    status: 'accepted',
    error: null,
    key: null,
    life: null,
    ...overrides,
  };
}

describe('renderProfileList', () => {
  it('aligned columns with a header on a terminal, TSV without one in a pipe', () => {
    expect(renderProfileList(STATE, { isTTY: true })).toBe(
      'PROFILE   PROVIDER  DEFAULT  SECRETS\nlp-cash   longport  no       keyring\nokx-main  okx       yes      file\n',
    );
    expect(renderProfileList(STATE, { isTTY: false })).toBe('lp-cash\tlongport\tno\tkeyring\nokx-main\tokx\tyes\tfile\n');
  });
});

describe('renderStatusText and statusNotes', () => {
  it('a profile that could not be resolved shows its error without secrets', () => {
    const text = renderStatusText([
      entry({ secrets: [], status: 'rejected', error: { kind: 'auth', code: null, message: 'Profile main is missing its API secret.', hint: 'Log in again.' } }),
    ]);
    expect(text).toBe('main  okx  rejected: Profile main is missing its API secret.\n');
  });

  it('warns about trading or withdrawal rights separately, and about environment overrides', () => {
    const trade = { permissions: ['read_only', 'trade'], canTrade: true, canWithdraw: false };
    const withdraw = { permissions: ['withdraw'], canTrade: false, canWithdraw: true };
    const notes = statusNotes([
      entry({ profile: 'a', key: trade }),
      entry({ profile: 'b', key: withdraw }),
      entry({ profile: 'c', key: { permissions: ['read_only'], canTrade: false, canWithdraw: false } }),
      entry({
        profile: 'd',
        environmentOverride: true,
        secrets: [
          { key: 'apiKey', label: 'API key', masked: 'abcd****', source: { kind: 'env', variable: 'OKX_API_KEY' } },
          { key: 'apiSecret', label: 'API secret', masked: 'efgh****', source: { kind: 'env', variable: 'OKX_API_SECRET' } },
        ],
      }),
    ]);
    expect(notes).toEqual([
      'warning: profile a: this key can trade; balance needs read access only — create a read-only key.',
      'warning: profile b: this key can withdraw; balance needs read access only — create a read-only key.',
      'note: profile d: OKX_API_KEY, OKX_API_SECRET from the environment replace its stored credentials.',
    ]);
    expect(renderStatusText([entry({ key: { permissions: [], canTrade: false, canWithdraw: false } })])).toBe(
      'main  okx  accepted  API key abcd**** (keyring)  permissions: none reported\n',
    );
  });
});

describe('the token life in auth status', () => {
  const life = {
    tokenExpiresAt: '2027-03-02T08:00:00.000Z',
    tokenIssuedAt: '2026-12-02T08:00:00.000Z',
    daysLeft: 88,
    paperTrading: true,
    dataCenter: 'us',
    autoRefresh: true,
  };
  const lp = (overrides: Partial<StatusEntry>): StatusEntry => entry({ provider: 'longport', secrets: [], ...overrides });

  it('text: until when, auto-refresh, paper trading, data center; "expiry unknown" when the token does not say', () => {
    expect(renderStatusText([lp({ life })])).toBe('main  longport  accepted  token valid until 2027-03-02 (88 days)  auto-refresh on  paper trading  data center us\n');
    expect(renderStatusText([lp({ life: { ...life, tokenExpiresAt: null, tokenIssuedAt: null, daysLeft: null, paperTrading: null, dataCenter: 'ap', autoRefresh: false } })])).toBe(
      'main  longport  accepted  token expiry unknown  data center ap\n',
    );
    expect(renderStatusText([lp({ life: { ...life, daysLeft: -3, autoRefresh: false, paperTrading: false } })])).toContain('token expired on 2027-03-02');
  });

  it('JSON: tokenExpiresAt, tokenIssuedAt, paperTrading, dataCenter, autoRefresh; null for providers whose keys say nothing', () => {
    const [withLife, okx] = JSON.parse(renderStatusJson([lp({ life }), entry({})], { pretty: false })).profiles;
    expect(withLife).toMatchObject({ tokenExpiresAt: life.tokenExpiresAt, tokenIssuedAt: life.tokenIssuedAt, paperTrading: true, dataCenter: 'us', autoRefresh: true });
    expect(okx).toMatchObject({ tokenExpiresAt: null, tokenIssuedAt: null, paperTrading: null, dataCenter: null, autoRefresh: false });
  });
});
