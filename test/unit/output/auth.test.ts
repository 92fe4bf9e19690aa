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
      'PROFILE   PROVIDER  DEFAULT  SECRETS  SIGN-IN\nlp-cash   longport  no       keyring  app keys\nokx-main  okx       yes      file     app keys\n',
    );
    expect(renderProfileList(STATE, { isTTY: false })).toBe('lp-cash\tlongport\tno\tkeyring\tkeys\nokx-main\tokx\tyes\tfile\tkeys\n');
  });
});

describe('renderStatusText and statusNotes', () => {
  it('a profile that could not be resolved shows its error without secrets', () => {
    const text = renderStatusText(
      [entry({ secrets: [], status: 'rejected', error: { kind: 'auth', code: null, message: 'Profile main is missing its API secret.', hint: 'Log in again.' } })],
      { width: 80 },
    );
    expect(text).toBe('main\n  provider  okx\n  status    rejected: Profile main is missing its API secret.\n');
  });

  it('a block per profile: labels aligned across blocks, one source line when the secrets share it', () => {
    const file = { kind: 'file', path: '/home/u/.config/balance/credentials.json' } as const;
    const text = renderStatusText(
      [
        entry({ profile: 'a', isDefault: true, key: { permissions: ['read_only'], canTrade: false, canWithdraw: false } }),
        entry({
          profile: 'b',
          secrets: [
            { key: 'apiKey', label: 'API key', masked: 'okx-****', source: file },
            { key: 'passphrase', label: 'API passphrase', masked: '****', source: file },
          ],
        }),
      ],
      { width: 80 },
    );
    expect(text).toBe(
      [
        'a (default)',
        '  provider        okx',
        '  status          accepted',
        '  permissions     read_only',
        '  API key         abcd****',
        '  stored in       the system keyring',
        '',
        'b',
        '  provider        okx',
        '  status          accepted',
        '  API key         okx-****',
        '  API passphrase  ****',
        '  stored in       /home/u/.config/balance/credentials.json',
        '',
      ].join('\n'),
    );
  });

  it('fits the width: values wrap under their column, and a long path is cut', () => {
    const message = 'OKX did not answer within the 15 s time limit; the network or the host may be down.';
    const path = `/home/${'u'.repeat(40)}/.config/balance/credentials.json`;
    const text = renderStatusText(
      [entry({ status: 'error', error: { kind: 'network', code: null, message }, secrets: [{ key: 'apiKey', label: 'API key', masked: 'a***', source: { kind: 'file', path } }] })],
      { width: 40 },
    );
    const lines = text.split('\n').filter((line) => line !== '');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(40);
    expect(lines.slice(1).every((line) => line.startsWith('  provider') || line.startsWith('  status') || line.startsWith('  API key') || line.startsWith('  stored in') || line.startsWith(' '.repeat(13)))).toBe(true);
    expect(lines.join('').replace(/ +/g, ' ')).toContain(message.slice(0, 20));
    expect(lines.filter((line) => line.startsWith(' '.repeat(13))).map((line) => line.trim()).join('')).toContain('uuuuuuuuuu');
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
    expect(renderStatusText([entry({ key: { permissions: [], canTrade: false, canWithdraw: false } })], { width: 80 })).toContain(
      '  permissions  none reported\n',
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

  it('text: until when, auto-refresh, paper trading, data center; "unknown" when the token does not say', () => {
    expect(renderStatusText([lp({ life })], { width: 80 })).toBe(
      'main\n  provider      longport\n  status        accepted\n  token expiry  valid until 2027-03-02 (88 days)\n  auto-refresh  on\n  account       paper trading\n  data center   us\n',
    );
    expect(
      renderStatusText([lp({ life: { ...life, tokenExpiresAt: null, tokenIssuedAt: null, daysLeft: null, paperTrading: null, dataCenter: 'ap', autoRefresh: false } })], { width: 80 }),
    ).toBe('main\n  provider      longport\n  status        accepted\n  token expiry  unknown (the token does not say)\n  data center   ap\n');
    expect(renderStatusText([lp({ life: { ...life, daysLeft: -3, autoRefresh: false, paperTrading: false } })], { width: 80 })).toContain('token expiry  expired on 2027-03-02');
  });

  it('JSON: tokenExpiresAt, tokenIssuedAt, paperTrading, dataCenter, autoRefresh; null for providers whose keys say nothing', () => {
    const [withLife, okx] = JSON.parse(renderStatusJson([lp({ life }), entry({})], { pretty: false, settingsFile: '/tmp/config.json' })).profiles;
    expect(withLife).toMatchObject({ tokenExpiresAt: life.tokenExpiresAt, tokenIssuedAt: life.tokenIssuedAt, paperTrading: true, dataCenter: 'us', autoRefresh: true });
    expect(okx).toMatchObject({ tokenExpiresAt: null, tokenIssuedAt: null, paperTrading: null, dataCenter: null, autoRefresh: false });
  });
});
