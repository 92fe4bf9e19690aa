// The --all-profiles view for people: one summary table (an account per row),
// one cash table with the account on every row, then the total of each
// currency across all accounts. Each is drawn in a narrower form when the
// terminal is too narrow for it (./figure-layout.ts). Pure: report and
// terminal facts in, text out.
import { Chalk, type ChalkInstance } from 'chalk';
import type { Amount } from '../base/money.js';
import { PAPER_TRADING_LABEL, riskLabel, type Account, type BalanceReport } from '../base/model.js';
import { currencyTotals } from '../accounts/totals.js';
import type { ColorLevel } from './colour.js';
import { gridCandidate, layOutFigures, type FigureTable } from './figure-layout.js';
import { money, noCashLine, riskColour } from './table.js';
import { wrapWords } from './text-width.js';
import { valuationBlock } from './valuation.js';

export interface OverviewOptions {
  readonly colorLevel: ColorLevel;
  /** Terminal width in columns. */
  readonly width: number;
  /** --currency's codes, when given: said when no account has them. */
  readonly currencies?: readonly string[] | undefined;
}

const AMOUNTS = ['Available', 'Frozen', 'Settling', 'Withdrawable'];

export function renderOverview(report: BalanceReport, options: OverviewOptions): string {
  const { width } = options;
  const paint = new Chalk({ level: options.colorLevel });
  const accounts = report.balances.flatMap((set) =>
    set.accounts.map((account) => ({ name: `${set.provider}/${set.profile}${set.paperTrading === true ? ` (${PAPER_TRADING_LABEL})` : ''}`, account })),
  );
  if (accounts.length === 0) return '';
  const amounts = (figures: readonly Amount[]): string[] => figures.map((amount) => money(amount, paint));

  const cash: FigureTable = {
    nameHeads: ['Account', 'Type', 'Currency'],
    columns: AMOUNTS,
    rows: accounts.flatMap(({ name, account }) =>
      account.cash.map((row) => ({
        names: [name, account.type, paint.bold(row.currency)],
        cells: amounts([row.available, row.frozen, row.settling, row.withdrawable]),
      })),
    ),
    required: AMOUNTS.length,
  };

  const totals: FigureTable = {
    nameHeads: ['Total', 'Accounts'],
    nameAligns: ['left', 'right'],
    columns: AMOUNTS,
    rows: currencyTotals(report).map((total) => ({
      names: [paint.bold(total.currency), String(total.accounts)],
      heading: [paint.bold(`Total ${total.currency}`), `${total.accounts} account${total.accounts === 1 ? '' : 's'}`],
      cells: amounts([total.available, total.frozen, total.settling, total.withdrawable]),
    })),
    required: AMOUNTS.length,
  };

  const note = 'Totals add each currency on its own; one is left empty when an account does not report that figure.';
  // A blank line between the sections: in the narrow forms they have no borders to tell them apart.
  const sections =
    cash.rows.length === 0
      ? [summaryTable(accounts, paint, width), paint.dim(noCashLine(options.currencies))]
      : [summaryTable(accounts, paint, width), layOutFigures(cash, { paint, width }).text, layOutFigures(totals, { paint, width }).text];
  const notes = wrapWords(note, width).map((line) => `${paint.dim(line)}\n`).join('');
  // --value-in: the last block, every account's value and the exact total.
  const valuation = report.valuation === undefined ? '' : `\n${valuationBlock(report.valuation, paint, width).join('\n')}\n`;
  return `${sections.join('\n\n')}\n${notes}${valuation}`;
}

/** An account per row: its risk and its first figure; in narrow terminals a heading and that figure per account. */
function summaryTable(accounts: readonly { name: string; account: Account }[], paint: ChalkInstance, width: number): string {
  const rows = accounts.map(({ name, account }) => {
    const key = account.summary.find((figure) => figure.value !== null);
    const label = riskLabel(account.riskLevel);
    return {
      name: paint.bold(name),
      type: account.type,
      risk: label === null ? paint.dim('unknown') : riskColour(account.riskLevel, paint)(label),
      key,
      amount: key === undefined ? '' : money(key.value, paint),
      currency: account.currency,
    };
  });
  const wide = gridCandidate(
    {
      head: ['Account', 'Type', 'Risk', 'Key figure', 'Amount', 'In'],
      aligns: ['left', 'left', 'left', 'left', 'right', 'left'],
      rows: rows.map((row) => [row.name, row.type, row.risk, row.key?.label ?? '', row.amount, row.currency ?? '']),
    },
    1,
    paint,
  );
  const table: FigureTable = {
    nameHeads: ['Account', 'Type', 'Risk'],
    columns: ['Amount'],
    rows: rows.map((row) => ({
      names: [row.name, row.type, row.risk],
      heading: [row.name, row.type, `risk ${row.risk}`, ...(row.currency === null ? [] : [paint.dim(`figures in ${row.currency}`)])],
      cells: row.key === undefined ? [] : [row.amount],
      labels: row.key === undefined ? [] : [row.key.label],
    })),
    required: 1,
  };
  return layOutFigures(table, { paint, width, forms: ['list', 'stacked'], before: [wide] }).text;
}
