import { describe, expect, it } from 'vitest';
import type { Account, AccountSet, ReportError } from '../../../src/base/model.js';
import { decimal } from '../../../src/base/money.js';
import { figureChanges } from '../../../src/output/changes.js';
import { renderWatchScreen, type WatchEntry, type WatchView } from '../../../src/output/watch-screen.js';

const ESC = String.fromCharCode(27);
const GREEN = `${ESC}[32m`;
const RED = `${ESC}[31m`;

function okxSet(usdt: string, btc: string, totalEquity: string, btcFrozen: string | null = '0'): AccountSet {
  const account: Account = {
    type: 'trading',
    currency: 'USD',
    riskLevel: 0,
    riskBasis: null,
    summary: [{ key: 'totalEquity', label: 'Total equity (USD)', value: decimal(totalEquity) }],
    cash: [
      { currency: 'BTC', available: decimal(btc), frozen: btcFrozen === null ? null : decimal(btcFrozen), settling: null, withdrawable: null, extra: [] },
      { currency: 'USDT', available: decimal(usdt), frozen: decimal('0'), settling: null, withdrawable: null, extra: [] },
    ],
  };
  return { provider: 'okx', profile: 'default', sample: false, accounts: [account] };
}

const FETCHED = new Date('2026-11-21T09:30:05.000Z');

function entry(fields: Partial<WatchEntry>): WatchEntry {
  return { provider: 'okx', profile: 'default', current: null, previous: null, fetchedAt: null, error: null, failedAt: null, ...fields };
}

function screen(entries: WatchEntry[], options: { colorLevel?: 0 | 1; width?: number; height?: number; view?: Partial<WatchView> } = {}): string {
  const view: WatchView = { entries, intervalMs: 30_000, refreshing: false, nextAt: new Date('2026-11-21T09:30:35.000Z'), messages: [], ...options.view };
  return renderWatchScreen(view, { colorLevel: options.colorLevel ?? 0, width: options.width ?? 120, height: options.height ?? 100, timeZone: 'UTC' }).join('\n');
}

/** The table line of a currency, cells trimmed. */
const row = (text: string, currency: string): string[] =>
  (text.split('\n').find((line) => line.includes(`│ ${currency} `)) ?? '').split('│').map((cell) => cell.trim()).filter((cell) => cell !== '');

describe('figureChanges', () => {
  it('marks figures that went up or down, by account, currency and key; nothing on the first refresh or for nulls', () => {
    const previous = okxSet('100', '0.5', '1000', null);
    const current = okxSet('100.01', '0.4', '1000', '0.1');
    const changes = figureChanges([{ previous, current }]);
    const account = current.accounts[0]!;
    expect(changes(current, account, { section: 'cash', currency: 'USDT', key: 'available' })).toBe('up');
    expect(changes(current, account, { section: 'cash', currency: 'BTC', key: 'available' })).toBe('down');
    expect(changes(current, account, { section: 'cash', currency: 'BTC', key: 'frozen' })).toBeUndefined();
    expect(changes(current, account, { section: 'summary', key: 'totalEquity' })).toBeUndefined();
    expect(figureChanges([{ previous: null, current }])(current, account, { section: 'cash', currency: 'USDT', key: 'available' })).toBeUndefined();
  });

  it('sees a change in the last of many digits', () => {
    const current = okxSet('12345678901234567890.123456790', '1', '1');
    const changes = figureChanges([{ previous: okxSet('12345678901234567890.123456789', '1', '1'), current }]);
    expect(changes(current, current.accounts[0]!, { section: 'cash', currency: 'USDT', key: 'available' })).toBe('up');
  });
});

describe('the watch screen', () => {
  it('marks changed figures ▲ / ▼ beside the amounts and says when the account was fetched', () => {
    const text = screen([entry({ previous: okxSet('100', '0.5', '1000'), current: okxSet('150.5', '0.4', '1000.5'), fetchedAt: FETCHED })]);
    expect(row(text, 'USDT')).toEqual(['USDT', '150.5 ▲', '0', '—', '—']);
    expect(row(text, 'BTC')).toEqual(['BTC', '0.4 ▼', '0', '—', '—']);
    expect(text).toMatch(/Total equity \(USD\) +│ +1,000\.5 ▲/);
    expect(text).toContain('fetched at 09:30:05');
    expect(text.split('\n')[0]).toBe('balance · every 30 s · next at 09:30:35 · q to quit');
  });

  it('colours ▲ green and ▼ red when colour is on', () => {
    const text = screen([entry({ previous: okxSet('100', '0.5', '1000'), current: okxSet('150.5', '0.4', '1000'), fetchedAt: FETCHED })], { colorLevel: 1 });
    expect(text).toContain(`${GREEN}▲`);
    expect(text).toContain(`${RED}▼`);
  });

  it('shows no marks when nothing changed', () => {
    const text = screen([entry({ previous: okxSet('100', '0.5', '1000'), current: okxSet('100', '0.5', '1000'), fetchedAt: FETCHED })]);
    expect(text).not.toMatch(/[▲▼]/);
  });

  it('keeps the last good figures after a failed refresh, with the error under them', () => {
    const failure: ReportError = { provider: 'okx', profile: 'default', kind: 'provider', code: '50011', message: 'OKX rate limit reached (50011).', hint: 'Try again in a few seconds.' };
    const text = screen([entry({ current: okxSet('100', '0.5', '1000'), fetchedAt: FETCHED, error: failure, failedAt: new Date('2026-11-21T09:30:35.000Z') })]);
    const lines = text.split('\n');
    expect(row(text, 'USDT')).toEqual(['USDT', '100', '0', '—', '—']);
    const fetched = lines.indexOf('fetched at 09:30:05');
    expect(lines.slice(fetched, fetched + 3)).toEqual([
      'fetched at 09:30:05',
      'refresh at 09:30:35 failed: OKX rate limit reached (50011).',
      '  Try again in a few seconds.',
    ]);
  });

  it('says what is happening before the first figures arrive', () => {
    expect(screen([], { view: { refreshing: true, nextAt: null } }).split('\n')).toEqual(['balance · every 30 s · refreshing… · q to quit', '', 'Fetching…']);
    const failure: ReportError = { provider: 'okx', profile: 'default', kind: 'auth', code: '50113', message: 'OKX rejected the signature (50113).' };
    expect(screen([entry({ error: failure, failedAt: FETCHED })]).split('\n').slice(2)).toEqual([
      'okx · default',
      'refresh at 09:30:05 failed: OKX rejected the signature (50113).',
    ]);
  });

  it('cuts a screen taller than the terminal, saying so', () => {
    const lines = screen([entry({ current: okxSet('100', '0.5', '1000'), fetchedAt: FETCHED })], { height: 6 }).split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toBe('balance · every 30 s · next at 09:30:35 · q to quit');
    expect(lines[5]).toMatch(/^… \d+ more lines: make the window taller$/);
  });
});

/** Terminal rows the screen takes, measured here: escapes removed, a line wider than the terminal wrapping onto more rows. */
const rowsTaken = (text: string, width: number): number =>
  text.split('\n').reduce((sum, line) => sum + Math.max(1, Math.ceil([...line.replace(/\u001b\[[0-9;]*m/g, '')].length / width)), 0);

describe.each([40, 60, 80, 120])('the watch screen at %i columns', (width) => {
  const entries = [
    entry({ previous: okxSet('100', '0.5', '1000'), current: okxSet('16500.25', '0.4', '71000.5'), fetchedAt: FETCHED }),
    entry({ profile: 'okx-b', current: okxSet('9.99', '1', '2'), fetchedAt: FETCHED }),
  ];
  const messages = ['balance: warning: the clock of www.okx.com is 12 s ahead of this computer’s.'];

  it('fits the width, every amount exact, when the terminal is tall enough', () => {
    const text = screen(entries, { width, height: 200, colorLevel: 1, view: { messages } });
    for (const line of text.split('\n')) expect([...line.replace(/\u001b\[[0-9;]*m/g, '')].length, line).toBeLessThanOrEqual(width);
    const plain = text.replace(/\u001b\[[0-9;]*m/g, '');
    for (const amount of ['16,500.25 ▲', '0.4 ▼', '71,000.5 ▲', '9.99', '2']) expect(plain).toContain(amount);
    expect(plain.replace(/\s+/g, ' ')).toContain(messages[0]);
  });

  it('fits 20 rows with the title line (and its "q to quit") on top, cut with a note', () => {
    const text = screen(entries, { width, height: 20, view: { messages } });
    expect(rowsTaken(text, width)).toBeLessThanOrEqual(20);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^balance · every 30 s/);
    expect(lines.slice(0, lines.indexOf('')).join(' · ')).toBe('balance · every 30 s · next at 09:30:35 · q to quit');
    expect(lines.some((line) => /^… \d+ more lines/.test(line))).toBe(true);
    // The message stays on the screen, under the tables.
    expect(text.replace(/\s+/g, ' ')).toContain(messages[0]);
  });
});

describe('the watch screen in a small terminal', () => {
  it('counts the rows a line wider than the terminal wraps into', () => {
    // A 37-column amount on a 30-column terminal cannot be cut: it wraps onto two rows.
    const wide = okxSet('12345678901234567890.123456789', '1', '1');
    for (const height of [8, 10, 12, 16]) {
      const text = screen([entry({ current: wide, fetchedAt: FETCHED })], { width: 30, height });
      expect(rowsTaken(text, 30), `height ${height}`).toBeLessThanOrEqual(height);
      expect(text.split('\n')[0]).toBe('balance · every 30 s');
    }
    expect(screen([entry({ current: wide, fetchedAt: FETCHED })], { width: 30, height: 100 })).toContain('12,345,678,901,234,567,890.123456789');
  });

  it('keeps the title line when nothing else fits', () => {
    const text = screen([entry({ current: okxSet('100', '0.5', '1000'), fetchedAt: FETCHED })], { width: 40, height: 2 });
    expect(text.split('\n')).toEqual(['balance · every 30 s · next at 09:30:35', 'q to quit']);
  });
});

describe('messages on the watch screen', () => {
  const current = entry({ current: okxSet('100', '0.5', '1000'), fetchedAt: FETCHED });

  it('shows the newest under the tables, whole, in at most four rows', () => {
    const messages = ['[debug] → GET http://127.0.0.1:1/api/v5/account/balance', '[debug] ← 200 (12 ms, 240 bytes)', 'balance: warning: one', 'balance: warning: two', 'balance: warning: three'];
    const lines = screen([current], { view: { messages } }).split('\n');
    expect(lines.slice(-5)).toEqual(['', '[debug] ← 200 (12 ms, 240 bytes)', 'balance: warning: one', 'balance: warning: two', 'balance: warning: three']);
    expect(lines[lines.length - 6]).toBe('fetched at 09:30:05');
  });

  it('wraps a long message, and drops older ones rather than cutting the newest', () => {
    const long = 'balance: warning: the clock of www.okx.com is 400 s behind this computer’s; requests are timed by the server’s clock';
    const lines = screen([current], { width: 40, view: { messages: ['balance: warning: older', long] } }).split('\n');
    expect(lines.slice(-4)).toEqual(['balance: warning: the clock of', '  www.okx.com is 400 s behind this', '  computer’s; requests are timed by the', '  server’s clock']);
    expect(lines).not.toContain('balance: warning: older');
  });

  it('keeps them when the tables are cut', () => {
    const lines = screen([current], { height: 9, view: { messages: ['balance: warning: clock'] } }).split('\n');
    expect(lines).toHaveLength(9);
    expect(lines.slice(-3)).toEqual([expect.stringMatching(/^… \d+ more lines/), '', 'balance: warning: clock']);
  });
});

describe('the watch screen with --value-in', () => {
  it("shows each account's net value under it and the total of the latest refresh under them all", async () => {
    const { withValuation } = await import('../../../src/accounts/valuation.js');
    const value = (amount: string) => ({ currency: 'USD', amount: decimal(amount), source: 'net_assets', label: 'broker valuation', parts: [], sample: false });
    const a: AccountSet = { ...okxSet('1', '0', '1'), profile: 'a', value: value('10.5') };
    const b: AccountSet = { ...okxSet('1', '0', '1'), profile: 'b', value: { currency: 'USD', amount: null, reason: 'the valuation request failed: OKX did not answer' } };
    const { valuation } = withValuation({ fetchedAt: FETCHED, balances: [a, b], errors: [] }, 'USD');
    const text = screen([entry({ profile: 'a', current: a, fetchedAt: FETCHED }), entry({ profile: 'b', current: b, fetchedAt: FETCHED })], { view: { valuation: valuation! } });
    expect(text).toContain('Net value  10.5 USD  (broker valuation)');
    expect(text).toContain('Net value  not valued in USD: the valuation request failed: OKX did not answer');
    expect(text).toContain('All accounts: ≥ 10.5 USD (1 of 2 accounts not valued: okx/b: the valuation request failed: OKX did not answer)');
  });
});
