// The tables at the widths terminals have: every line fits, and every amount
// is still there digit for digit (a narrower layout, never a cut or rounded
// number). Widths are measured here independently of the renderer: colour
// escapes removed, every character of these tables one column wide.
import { describe, expect, it } from 'vitest';
import type { Account, AccountSet, BalanceReport } from '../../../src/base/model.js';
import { decimal } from '../../../src/base/money.js';
import type { ChangeLookup } from '../../../src/output/changes.js';
import { renderOverview } from '../../../src/output/overview.js';
import { renderTables } from '../../../src/output/table.js';

const WIDTHS = [40, 60, 80, 120] as const;
const COLOUR_LEVELS = [0, 3] as const;

const plain = (text: string): string => text.replace(/\u001b\[[0-9;]*m/g, '');
const columns = (line: string): number => [...plain(line)].length;

/** Whether `amount` appears whole in `text`: not part of a longer number. */
function shows(text: string, amount: string): boolean {
  const escaped = amount.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\d,.])${escaped}($|[^\\d,.])`, 'm').test(plain(text));
}

/** What each amount of the fixtures must look like on screen. */
const LONGPORT = {
  summary: { totalCash: '1,759,070,010.72', netAssets: '24,145.90', marginCall: '2,598,051,051.50' },
  hkd: ['195,902,464.37', '11,579,339.13', '207,288,537.81', '97,592.30'],
  usd: ['199,893,416.74', '28,723.76', '-276,806.51'],
  redemption: '0.00000001',
};
const OKX = {
  summary: { totalEquity: '55,837.43556134779', maintenanceMargin: '12,345,678,901,234,567,890.123456789' },
  usdt: ['4,834.317093622894', '158.573'],
  usdtExtras: { equity: '4,992.890093622894', cashBalance: '4,850.435693622894', liabilities: '-1,000', equityUsd: '4,993.1' },
  btc: ['0.00000001', '0'],
};

const longport: Account = {
  type: 'securities',
  currency: 'HKD',
  riskLevel: 2,
  riskBasis: null,
  summary: [
    { key: 'totalCash', label: 'Total cash', value: decimal('1759070010.72') },
    { key: 'netAssets', label: 'Net assets', value: decimal('24145.90') },
    { key: 'marginCall', label: 'Margin call', value: decimal('2598051051.50') },
  ],
  cash: [
    { currency: 'HKD', available: decimal('195902464.37'), frozen: decimal('11579339.13'), settling: decimal('207288537.81'), withdrawable: decimal('97592.30'), extra: [] },
    {
      currency: 'USD', available: decimal('199893416.74'), frozen: decimal('28723.76'), settling: decimal('-276806.51'), withdrawable: null,
      extra: [{ key: 'redemption', label: 'Redemption', value: decimal('1e-8') }],
    },
  ],
};

const okx: Account = {
  type: 'trading',
  currency: 'USD',
  riskLevel: 3,
  riskBasis: 'margin ratio 0.98',
  summary: [
    { key: 'totalEquity', label: 'Total equity (USD)', value: decimal('55837.43556134779') },
    { key: 'maintenanceMargin', label: 'Maintenance margin (USD)', value: decimal('12345678901234567890.123456789') },
  ],
  cash: [
    {
      currency: 'USDT', available: decimal('4834.317093622894'), frozen: decimal('158.573'), settling: null, withdrawable: null,
      extra: [
        { key: 'equity', label: 'Equity', value: decimal('4992.890093622894') },
        { key: 'cashBalance', label: 'Cash balance', value: decimal('4850.435693622894') },
        { key: 'liabilities', label: 'Liabilities', value: decimal('-1000') },
        { key: 'equityUsd', label: 'Equity (USD)', value: decimal('4993.1') },
      ],
    },
    { currency: 'BTC', available: decimal('0.00000001'), frozen: decimal('0'), settling: null, withdrawable: null, extra: [] },
  ],
};

const sets: AccountSet[] = [
  { provider: 'longport', profile: 'lp-margin', sample: false, accounts: [longport] },
  { provider: 'okx', profile: 'okx-main', sample: false, accounts: [okx] },
];
const report: BalanceReport = { fetchedAt: new Date('2026-11-21T00:00:00.000Z'), balances: sets, errors: [] };

const everyCoreAmount = [
  ...Object.values(LONGPORT.summary), ...LONGPORT.hkd, ...LONGPORT.usd,
  ...Object.values(OKX.summary), ...OKX.usdt, ...OKX.btc,
];

/** Marks every cash figure of USDT as gone up, every BTC figure as gone down (the widest cells --watch draws). */
const marks: ChangeLookup = (_set, _account, figure) =>
  figure.section !== 'cash' ? 'up' : figure.currency === 'USDT' ? 'up' : figure.currency === 'BTC' ? 'down' : undefined;

function expectFits(text: string, width: number): void {
  for (const line of text.split('\n')) expect(columns(line), `${width} columns: "${plain(line)}"`).toBeLessThanOrEqual(width);
}

describe.each(WIDTHS)('the account tables at %i columns', (width) => {
  it.each(COLOUR_LEVELS)('fit, with every amount exact (colour level %i)', (colorLevel) => {
    const text = renderTables(report, { colorLevel, width });
    expectFits(text, width);
    for (const amount of everyCoreAmount) expect(shows(text, amount), amount).toBe(true);
    expect(plain(text)).toContain('risk danger (margin ratio 0.98)');
  });

  it('fit with the change marks of --watch', () => {
    const text = renderTables(report, { colorLevel: 1, width, changes: marks });
    expectFits(text, width);
    expect(plain(text)).toContain('4,834.317093622894 ▲');
    expect(plain(text)).toContain('0.00000001 ▼');
  });

  it('show each provider-specific figure, or name it as not shown', () => {
    const text = plain(renderTables(report, { colorLevel: 0, width }));
    const notShown = [...text.replace(/\s+/g, ' ').matchAll(/Not shown: (.*?); --json or a wider terminal shows them\./g)].map((match) => match[1]).join(', ');
    const extras: [string, string][] = [
      ['Equity', OKX.usdtExtras.equity],
      ['Cash balance', OKX.usdtExtras.cashBalance],
      ['Liabilities', OKX.usdtExtras.liabilities],
      ['Equity (USD)', OKX.usdtExtras.equityUsd],
    ];
    for (const [label, amount] of extras) {
      if (!shows(text, amount)) expect(notShown, label).toContain(label);
    }
  });
});

describe('the form the cash table takes', () => {
  const lines = (width: number): string[] => plain(renderTables(report, { colorLevel: 0, width })).split('\n');

  it('is a column per figure where it fits, provider figures added while they fit', () => {
    const at120 = lines(120);
    expect(at120).toContain('│ HKD      │ 195,902,464.37 │ 11,579,339.13 │ 207,288,537.81 │    97,592.30 │          — │');
    expect(at120).toContain('│ USD      │ 199,893,416.74 │     28,723.76 │    -276,806.51 │            — │ 0.00000001 │');
    expect(at120).toContain('│ USDT     │ 4,834.317093622894 │ 158.573 │        — │            — │ 4,992.890093622894 │ 4,850.435693622894 │');
    expect(at120).toContain('Not shown: Liabilities, Equity (USD); --json or a wider terminal shows them.');
  });

  it('is a row per figure when a column per figure is too wide', () => {
    const at60 = lines(60);
    expect(at60).toContain('│ HKD      │ Available    │ 195,902,464.37 │');
    expect(at60).toContain('│          │ Withdrawable │      97,592.30 │');
    expect(at60).toContain('│ USD      │ Available    │ 199,893,416.74 │');
    expect(at60).toContain('│          │ Withdrawable │              — │');
  });

  it('is a heading per currency and a line per figure, without borders, on the narrowest terminals', () => {
    const at40 = lines(40);
    const hkd = at40.indexOf('HKD');
    expect(at40.slice(hkd, hkd + 5)).toEqual([
      'HKD',
      '  Available     195,902,464.37',
      '  Frozen         11,579,339.13',
      '  Settling      207,288,537.81',
      '  Withdrawable       97,592.30',
    ]);
  });

  it('puts a summary amount under its label when the two do not fit on one line', () => {
    const at40 = lines(40);
    const label = at40.indexOf('Maintenance margin (USD)');
    expect(at40[label + 1]).toBe('  12,345,678,901,234,567,890.123456789');
  });

  it('breaks the heading between its parts', () => {
    expect(lines(40).slice(0, 2)).toEqual(['longport · lp-margin · securities', 'risk warning  figures in HKD']);
  });
});

describe.each(WIDTHS)('the --all-profiles overview at %i columns', (width) => {
  it.each(COLOUR_LEVELS)('fits, with every amount and total exact (colour level %i)', (colorLevel) => {
    const text = renderOverview(report, { colorLevel, width });
    expectFits(text, width);
    for (const amount of [...LONGPORT.hkd, ...LONGPORT.usd, ...OKX.usdt, ...OKX.btc]) expect(shows(text, amount), amount).toBe(true);
    // Key figures: the first of each account.
    expect(shows(text, LONGPORT.summary.totalCash)).toBe(true);
    expect(shows(text, OKX.summary.totalEquity)).toBe(true);
    // Totals: one account per currency here, so each total is that account's figure; the text says so.
    expect(plain(text)).toMatch(/USDT/);
    expect(plain(text).replace(/\s+/g, ' ')).toContain('Totals add each currency on its own');
  });
});

describe('the forms of the overview', () => {
  it('is one table per section where it fits', () => {
    const text = plain(renderOverview(report, { colorLevel: 0, width: 120 }));
    expect(text).toContain('│ okx/okx-main       │ trading    │ danger  │ Total equity (USD) │ 55,837.43556134779 │ USD │');
    expect(text).toMatch(/│ okx\/okx-main +│ trading +│ USDT +│ 4,834\.317093622894 │ +158\.573 │ +— │ +— │/);
    expect(text).toMatch(/│ USDT +│ +1 │ 4,834\.317093622894 │ +158\.573 │ +— │ +— │/);
  });

  it('is a heading and a line per figure for each account on a narrow terminal', () => {
    const lines = plain(renderOverview(report, { colorLevel: 0, width: 40 })).split('\n');
    const at = lines.indexOf('okx/okx-main · trading · USDT');
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1, at + 5)).toEqual([
      '  Available     4,834.317093622894',
      '  Frozen                   158.573',
      '  Settling                       —',
      '  Withdrawable                   —',
    ]);
    expect(lines).toContain('Total USDT · 1 account');
  });
});
