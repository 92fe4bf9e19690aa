// From the validated `list[]` to the unified model: one securities account per
// item, one cash row per currency in its cash_infos.
import type { Account, CashRow, Figure } from '../../base/model.js';
import type { Amount } from '../../base/money.js';
import type { AccountItem, CashInfo } from './schema.js';

/** Summary figures in display order: [JSON key, label, wire field]. */
const SUMMARY = [
  ['totalCash', 'Total cash', 'total_cash'],
  ['netAssets', 'Net assets', 'net_assets'],
  ['buyPower', 'Buy power', 'buy_power'],
  ['initialMargin', 'Initial margin', 'init_margin'],
  ['maintenanceMargin', 'Maintenance margin', 'maintenance_margin'],
  ['marginCall', 'Margin call', 'margin_call'],
  ['maxFinanceAmount', 'Max finance', 'max_finance_amount'],
  ['remainingFinanceAmount', 'Remaining finance', 'remaining_finance_amount'],
] as const satisfies readonly (readonly [string, string, keyof AccountItem])[];

export function toAccounts(items: readonly AccountItem[]): Account[] {
  return items.map(toAccount);
}

function toAccount(item: AccountItem): Account {
  const fees = new Map<string, Amount>();
  for (const fee of item.frozenTransactionFees) fees.set(fee.currency, fee.frozen_transaction_fee);
  return {
    type: 'securities',
    currency: item.currency,
    riskLevel: item.risk_level,
    riskBasis: null,
    summary: SUMMARY.map(([key, label, field]): Figure => ({ key, label, value: item[field] })),
    cash: item.cash.map((info) => toCashRow(info, fees)),
  };
}

function toCashRow(info: CashInfo, fees: ReadonlyMap<string, Amount>): CashRow {
  const extra: Figure[] = [];
  if (info.redemption_cash !== undefined) {
    extra.push({ key: 'redemption', label: 'Redemption', value: info.redemption_cash });
  }
  const fee = fees.get(info.currency);
  if (fee !== undefined) {
    extra.push({ key: 'frozenTransactionFee', label: 'Frozen fee', value: fee });
  }
  return {
    currency: info.currency,
    available: info.available_cash,
    frozen: info.frozen_cash,
    settling: info.settling_cash,
    withdrawable: info.withdraw_cash,
    extra,
  };
}
