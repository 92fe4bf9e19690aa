import { describe, expect, it } from 'vitest';
import type { BalanceReport } from '../../../src/base/model.js';
import { decimal } from '../../../src/base/money.js';
import { renderCsv } from '../../../src/output/csv.js';
import { parseFields } from '../../../src/output/fields.js';
import { chooseFormat } from '../../../src/output/render.js';
import { ROW_FIELDS } from '../../../src/output/rows.js';
import { renderTsv } from '../../../src/output/tsv.js';
import { usageFailure } from '../usage-failure.js';

const report: BalanceReport = {
  fetchedAt: new Date(0),
  balances: [
    {
      provider: 'okx',
      profile: 'default',
      sample: false,
      accounts: [
        {
          type: 'trading', currency: 'USD', riskLevel: 0, riskBasis: null, summary: [],
          cash: [{ currency: 'USDT', available: decimal('16000.25'), frozen: null, settling: null, withdrawable: decimal('4000.50'), extra: [] }],
        },
      ],
    },
  ],
  errors: [],
};

describe('--fields', () => {
  it('picks and orders the TSV and CSV columns', () => {
    const fields = parseFields(' Withdrawable,currency , available', 'tsv');
    expect(fields).toEqual(['withdrawable', 'currency', 'available']);
    expect(renderTsv(report, fields)).toBe('4000.50\tUSDT\t16000.25\n');
    expect(renderCsv(report, fields)).toBe('withdrawable,currency,available\r\n4000.50,USDT,16000.25\r\n');
  });

  it('is every column when not given', () => {
    expect(parseFields(undefined, 'table')).toEqual(ROW_FIELDS);
  });

  it('refuses an unknown field, listing the valid ones (exit 2)', () => {
    const failure = usageFailure(() => parseFields('currency,balance,ccy', 'csv'));
    expect(failure.message).toBe('--fields: unknown fields "balance", "ccy".');
    expect(failure.hint).toBe('Valid fields: provider, profile, account, currency, available, frozen, settling, withdrawable, risk; with --value-in also value.');
    expect(failure.exitCode).toBe(2);
    expect(usageFailure(() => parseFields('currency,,available', 'tsv')).hint).toContain('Valid fields');
  });

  it('does not apply to tables or JSON', () => {
    expect(usageFailure(() => parseFields('currency', 'json')).message).toContain('does not apply to --format json');
    expect(usageFailure(() => parseFields('currency', 'table')).message).toContain('does not apply to --format table');
  });

  it('makes TSV the format on a terminal, unless a format is asked for', () => {
    expect(chooseFormat({ fields: 'currency', isTTY: true })).toBe('tsv');
    expect(chooseFormat({ fields: 'currency', format: 'csv', isTTY: true })).toBe('csv');
    expect(chooseFormat({ isTTY: true })).toBe('table');
  });
});
