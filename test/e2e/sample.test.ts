// The built-in sample data, through every output format.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import schema from '../../schema/balance-report.v1.json' with { type: 'json' };
import { runBalance } from './harness.js';

const ESC = String.fromCharCode(27);

describe('balance show --provider sample', () => {
  it('prints TSV into a pipe: one line per currency, exact figures, no header, no colour', async () => {
    const result = await runBalance(['show', '--provider', 'sample']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toContain('longport\tsample\tsecurities\tHKD\t195902464.37\t11579339.13\t207288537.81\t97592.30\tmedium');
    expect(lines).toContain('longport\tsample\tsecurities\tUSD\t199893416.74\t28723.76\t-276806.51\t199893416.74\tmedium');
    expect(lines).toContain('longbridge\tsample\tsecurities\tHKD\t195902464.37\t11579339.13\t207288537.81\t97592.30\tmedium');
    expect(lines).toContain('okx\tsample\ttrading\tUSDT\t4834.317093622894\t158.573\t\t\tsafe');
    expect(lines.every((line) => line.split('\t').length === 9)).toBe(true);
    expect(result.stdout).not.toContain(ESC);
    expect(result.stderr).toMatch(/sample data/i);
  });

  it('--json validates against the published JSON Schema and labels the data as sample', async () => {
    const result = await runBalance(['show', '--provider', 'sample', '--json']);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    const ajv = new Ajv2020.default({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const valid = ajv.validate(schema, doc);
    expect(ajv.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(doc.balances.map((set: { provider: string }) => set.provider)).toEqual(['longport', 'longbridge', 'okx']);
    expect(doc.balances.every((set: { sample: boolean }) => set.sample)).toBe(true);
    const okx = doc.balances[2].accounts[0];
    expect(okx.summary.totalEquity).toBe('55837.43556134779');
    expect(okx.summary.marginRatio).toBeNull();
    expect(okx.cash[0].settling).toBeNull();
  });

  it('--currency filters rows case-insensitively', async () => {
    const result = await runBalance(['show', '--provider', 'sample', '--currency', 'usd,usdt']);
    expect(result.code).toBe(0);
    const currencies = result.stdout.trimEnd().split('\n').map((line) => line.split('\t')[3]);
    expect(new Set(currencies)).toEqual(new Set(['USD', 'USDT']));
  });

  it('--currency EUR with no EUR row: the table says "No EUR balance (filtered by --currency)" for each account', async () => {
    const result = await runBalance(['show', '--provider', 'sample', '--currency', 'EUR', '--format', 'table']);
    expect(result.code).toBe(0);
    expect(result.stdout.match(/No EUR balance \(filtered by --currency\)\./g)).toHaveLength(3);
    expect(result.stdout).not.toContain('No cash balances');
  });

  it('--format csv has a header; --format table shows grouped amounts, colour only when asked', async () => {
    const csv = await runBalance(['show', '--provider', 'sample', '--format', 'csv']);
    expect(csv.stdout.split('\r\n')[0]).toBe('provider,profile,account,currency,available,frozen,settling,withdrawable,risk');

    const table = await runBalance(['show', '--provider', 'sample', '--format', 'table']);
    expect(table.stdout).toContain('1,759,070,010.72');
    expect(table.stdout).toContain('SAMPLE DATA');
    expect(table.stdout).not.toContain(ESC);

    const coloured = await runBalance(['show', '--provider', 'sample', '--format', 'table', '--color']);
    expect(coloured.stdout).toContain(`${ESC}[31m-276,806.51`);

    const noColor = await runBalance(['show', '--provider', 'sample', '--format', 'table'], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(noColor.stdout).not.toContain(ESC);
  });
});
