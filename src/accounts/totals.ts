// Totals per currency across every account of a report (--all-profiles).
// Different currencies are never added together — USD and USDT included. A
// total is given only when every account holding the currency reports that
// figure; otherwise it is null rather than understated.
import { sumAmounts, type Amount } from '../base/money.js';
import type { BalanceReport, CashRow } from '../base/model.js';

export interface CurrencyTotal {
  readonly currency: string;
  /** How many accounts hold the currency. */
  readonly accounts: number;
  readonly available: Amount;
  readonly frozen: Amount;
  readonly settling: Amount;
  readonly withdrawable: Amount;
}

const FIGURES = ['available', 'frozen', 'settling', 'withdrawable'] as const;

export function currencyTotals(report: BalanceReport): CurrencyTotal[] {
  const rows = new Map<string, CashRow[]>();
  for (const set of report.balances) {
    for (const account of set.accounts) {
      for (const row of account.cash) rows.set(row.currency, [...(rows.get(row.currency) ?? []), row]);
    }
  }
  return [...rows.keys()].sort().map((currency) => {
    const held = rows.get(currency)!;
    const total = (figure: (typeof FIGURES)[number]): Amount => sumAmounts(held.map((row) => row[figure]));
    return {
      currency,
      accounts: held.length,
      available: total('available'),
      frozen: total('frozen'),
      settling: total('settling'),
      withdrawable: total('withdrawable'),
    };
  });
}
