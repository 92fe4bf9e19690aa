// The --all-profiles view for people: one summary table (an account per row),
// one cash table with the account on every row, then the total of each
// currency across all accounts. Pure: report and terminal facts in, text out.
import { Chalk } from 'chalk';
import { riskLabel, type BalanceReport } from '../core/model.js';
import { currencyTotals } from '../core/totals.js';
import type { ColorLevel } from './colour.js';
import { money, newTable, riskColour } from './table.js';

export interface OverviewOptions {
  readonly colorLevel: ColorLevel;
}

export function renderOverview(report: BalanceReport, options: OverviewOptions): string {
  const paint = new Chalk({ level: options.colorLevel });
  const accounts = report.balances.flatMap((set) => set.accounts.map((account) => ({ name: `${set.provider}/${set.profile}`, account })));
  if (accounts.length === 0) return '';

  const summary = newTable(['Account', 'Type', 'Risk', 'Key figure', 'Amount', 'In'], ['left', 'left', 'left', 'left', 'right', 'left'], paint);
  for (const { name, account } of accounts) {
    const key = account.summary.find((figure) => figure.value !== null);
    const label = riskLabel(account.riskLevel);
    summary.push([
      paint.bold(name),
      account.type,
      label === null ? paint.dim('unknown') : riskColour(account.riskLevel, paint)(label),
      key?.label ?? '',
      key === undefined ? '' : money(key.value, paint),
      account.currency ?? '',
    ]);
  }

  const amounts = ['Available', 'Frozen', 'Settling', 'Withdrawable'];
  const right = amounts.map((): 'right' => 'right');
  const cash = newTable(['Account', 'Type', 'Currency', ...amounts], ['left', 'left', 'left', ...right], paint);
  for (const { name, account } of accounts) {
    for (const row of account.cash) {
      cash.push([name, account.type, paint.bold(row.currency), ...[row.available, row.frozen, row.settling, row.withdrawable].map((a) => money(a, paint))]);
    }
  }

  const totals = newTable(['Total', 'Accounts', ...amounts], ['left', 'right', ...right], paint);
  for (const total of currencyTotals(report)) {
    totals.push([
      paint.bold(total.currency),
      String(total.accounts),
      ...[total.available, total.frozen, total.settling, total.withdrawable].map((a) => money(a, paint)),
    ]);
  }

  const note = paint.dim('Totals add each currency on its own; one is left empty when an account does not report that figure.');
  return `${summary.toString()}\n${cash.toString()}\n${totals.toString()}\n${note}\n`;
}
