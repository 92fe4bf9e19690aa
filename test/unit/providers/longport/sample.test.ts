// Built-in sample data: the seed examples, verbatim, through the live path.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { longbridge, longport } from '../../../../src/providers/longport/index.js';
import { ACCOUNT_EXAMPLE, LEGACY_ACCOUNT_EXAMPLE } from '../../../../src/providers/longport/sample.js';

const fixture = (name: string): string => readFileSync(join(import.meta.dirname, '../../../fixtures/longport', name), 'utf8');

describe('sample data', () => {
  it('is the seed examples, unchanged', () => {
    expect(ACCOUNT_EXAMPLE).toBe(fixture('seed-000-account.json'));
    expect(LEGACY_ACCOUNT_EXAMPLE).toBe(fixture('seed-001-get-account-cash-info.json'));
  });

  it('gives longport the current shape with every summary figure', () => {
    const [account] = longport.sampleAccounts?.() ?? [];
    expect(account?.summary.every((figure) => figure.value !== null)).toBe(true);
    expect(account?.cash.map((row) => [row.currency, row.available?.toFixed()])).toEqual([
      ['HKD', '195902464.37'],
      ['USD', '199893416.74'],
    ]);
  });

  it('gives longbridge the 2022 shape, its missing figures null', () => {
    const [account] = longbridge.sampleAccounts?.() ?? [];
    expect(account?.summary.find((figure) => figure.key === 'netAssets')?.value).toBeNull();
    expect(account?.cash.map((row) => row.settling?.toFixed())).toEqual(['207288537.81', '-276806.51']);
  });
});
