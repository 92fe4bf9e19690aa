// Renderers of `auth status` and `auth list`.
import { describe, expect, it } from 'vitest';
import { renderProfileList, renderStatusText, statusNotes, type StatusEntry } from '../../../src/output/auth.js';
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
