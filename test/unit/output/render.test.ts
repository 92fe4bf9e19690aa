import { describe, expect, it } from 'vitest';
import { decimal } from '../../../src/base/money.js';
import type { Account, BalanceReport } from '../../../src/base/model.js';
import { renderCsv } from '../../../src/output/csv.js';
import { renderJson } from '../../../src/output/json.js';
import { chooseFormat } from '../../../src/output/render.js';
import { renderTables } from '../../../src/output/table.js';
import { renderTsv } from '../../../src/output/tsv.js';

const ESC = String.fromCharCode(27);

const securities: Account = {
  type: 'securities',
  currency: 'HKD',
  riskLevel: 1,
  riskBasis: null,
  summary: [
    { key: 'totalCash', label: 'Total cash', value: decimal('1759070010.72') },
    { key: 'netAssets', label: 'Net assets', value: null },
  ],
  cash: [
    { currency: 'HKD', available: decimal('195902464.37'), frozen: decimal('11579339.13'), settling: decimal('207288537.81'), withdrawable: decimal('97592.30'), extra: [] },
    { currency: 'USD', available: decimal('199893416.74'), frozen: decimal('28723.76'), settling: decimal('-276806.51'), withdrawable: null, extra: [{ key: 'redemption', label: 'Redemption', value: decimal('1e-8') }] },
  ],
};

const report: BalanceReport = {
  fetchedAt: new Date('2026-11-21T00:00:00.000Z'),
  balances: [{ provider: 'longport', profile: 'default', sample: false, accounts: [securities] }],
  errors: [],
};

describe('TSV', () => {
  it('is one headerless line per currency with plain full-precision numbers and empty nulls', () => {
    expect(renderTsv(report)).toBe(
      'longport\tdefault\tsecurities\tHKD\t195902464.37\t11579339.13\t207288537.81\t97592.30\tmedium\n' +
        'longport\tdefault\tsecurities\tUSD\t199893416.74\t28723.76\t-276806.51\t\tmedium\n',
    );
  });
});

describe('CSV', () => {
  it('has a header row and CRLF lines', () => {
    const lines = renderCsv(report).split('\r\n');
    expect(lines[0]).toBe('provider,profile,account,currency,available,frozen,settling,withdrawable,risk');
    expect(lines[2]).toBe('longport,default,securities,USD,199893416.74,28723.76,-276806.51,,medium');
  });
});

describe('JSON', () => {
  it('follows the contract: decimal strings or null, risk as level and label', () => {
    const doc = JSON.parse(renderJson(report, { pretty: false }));
    expect(doc.schemaVersion).toBe(1);
    expect(doc.fetchedAt).toBe('2026-11-21T00:00:00.000Z');
    const account = doc.balances[0].accounts[0];
    expect(account).toMatchObject({ type: 'securities', currency: 'HKD', riskLevel: 1, risk: 'medium' });
    expect(account.summary).toEqual({ totalCash: '1759070010.72', netAssets: null });
    expect(account.cash[1]).toEqual({
      currency: 'USD', available: '199893416.74', frozen: '28723.76', settling: '-276806.51', withdrawable: null, redemption: '0.00000001',
    });
    expect(doc.errors).toEqual([]);
  });

  it('is compact in a pipe and indented on a terminal', () => {
    expect(renderJson(report, { pretty: false }).trim().split('\n')).toHaveLength(1);
    expect(renderJson(report, { pretty: true })).toContain('\n  "schemaVersion": 1');
  });
});

describe('tables', () => {
  it('shows grouped amounts, a dash for null, and no escape codes without colour', () => {
    const out = renderTables(report, { colorLevel: 0, width: 120 });
    expect(out).toContain('1,759,070,010.72');
    expect(out).toContain('-276,806.51');
    expect(out).toContain('97,592.30');
    expect(out).toContain('—');
    expect(out).toContain('risk medium');
    expect(out).not.toContain(ESC);
  });

  it('colours risk and negative amounts when colour is on', () => {
    const out = renderTables(report, { colorLevel: 1, width: 120 });
    expect(out).toContain(`${ESC}[33mmedium`);
    expect(out).toContain(`${ESC}[31m-276,806.51`);
  });

  it('right-aligns amounts', () => {
    const out = renderTables(report, { colorLevel: 0, width: 120 });
    const hkd = out.split('\n').find((line) => line.includes(' HKD ') && line.includes('195,902,464.37'));
    const usd = out.split('\n').find((line) => line.includes(' USD ') && line.includes('199,893,416.74'));
    expect(hkd?.indexOf('195,902,464.37')).toBe(usd?.indexOf('199,893,416.74'));
    // Frozen column: the shorter number ends where the longer one does.
    expect(hkd!.indexOf('11,579,339.13') + '11,579,339.13'.length).toBe(usd!.indexOf('28,723.76') + '28,723.76'.length);
  });
});

describe('chooseFormat', () => {
  it('picks table on a terminal and TSV in a pipe, and lets --format/--json override', () => {
    expect(chooseFormat({ isTTY: true })).toBe('table');
    expect(chooseFormat({ isTTY: false })).toBe('tsv');
    expect(chooseFormat({ isTTY: true, json: true })).toBe('json');
    expect(chooseFormat({ isTTY: false, format: 'CSV' })).toBe('csv');
    expect(() => chooseFormat({ isTTY: false, format: 'xml' })).toThrow(/--format/);
    expect(() => chooseFormat({ isTTY: false, format: 'tsv', json: true })).toThrow(/contradict/);
  });
});

describe('a paper-trading account', () => {
  const paper: BalanceReport = { ...report, balances: [{ ...report.balances[0]!, paperTrading: true }] };

  it('says so in the account value of TSV and CSV, in JSON, and in the table heading; the overview names it', async () => {
    expect(renderTsv(paper).split('\n')[0]).toBe('longport\tdefault\tsecurities (paper trading)\tHKD\t195902464.37\t11579339.13\t207288537.81\t97592.30\tmedium');
    expect(renderCsv(paper).split('\r\n')[1]).toBe('longport,default,securities (paper trading),HKD,195902464.37,11579339.13,207288537.81,97592.30,medium');
    expect(JSON.parse(renderJson(paper, { pretty: false })).balances[0].paperTrading).toBe(true);
    expect(JSON.parse(renderJson(report, { pretty: false })).balances[0]).not.toHaveProperty('paperTrading');
    expect(renderTables(paper, { colorLevel: 0, width: 120 }).split('\n')[0]).toMatch(/^longport · default · securities +PAPER TRADING +risk medium/);
    const { renderOverview } = await import('../../../src/output/overview.js');
    expect(renderOverview(paper, { colorLevel: 0, width: 120 })).toContain('longport/default (paper trading)');
  });
});
