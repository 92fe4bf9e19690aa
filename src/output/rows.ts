// Flattening a report into one row per currency, shared by TSV and CSV.
import type { Amount } from '../base/money.js';
import { toPlain } from '../base/money.js';
import { PAPER_TRADING_LABEL, riskLabel, type BalanceReport } from '../base/model.js';

export const ROW_FIELDS = [
  'provider',
  'profile',
  'account',
  'currency',
  'available',
  'frozen',
  'settling',
  'withdrawable',
  'risk',
] as const;
/** Columns printed only when asked for with --fields: `value` needs --value-in. */
export const OPTIONAL_FIELDS = ['value'] as const;
export type RowField = (typeof ROW_FIELDS)[number] | (typeof OPTIONAL_FIELDS)[number];

export type FlatRow = Record<RowField, string>;

export function flattenRows(report: BalanceReport): FlatRow[] {
  const rows: FlatRow[] = [];
  for (const set of report.balances) {
    for (const account of set.accounts) {
      for (const cash of account.cash) {
        rows.push({
          provider: set.provider,
          profile: set.profile,
          // A paper-trading account says so in its account value: "securities (paper trading)".
          account: set.paperTrading === true ? `${account.type} (${PAPER_TRADING_LABEL})` : account.type,
          currency: cash.currency,
          available: plain(cash.available),
          frozen: plain(cash.frozen),
          settling: plain(cash.settling),
          withdrawable: plain(cash.withdrawable),
          risk: riskLabel(account.riskLevel) ?? '',
          // The provider/profile's value in the --value-in currency, on each of its rows; empty when not valued.
          value: plain(set.value?.amount ?? null),
        });
      }
    }
  }
  return rows;
}

function plain(amount: Amount): string {
  return toPlain(amount) ?? '';
}
