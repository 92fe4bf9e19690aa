// Tables for people: per account a heading, a summary of account-level
// figures, and the per-currency cash. Amounts right-aligned with thousands
// separators; risk and negative amounts coloured. A pure function of the
// report and the terminal's width and colour level.
import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import { toGrouped, type Amount } from '../core/money.js';
import { riskLabel, type Account, type AccountSet, type BalanceReport, type Figure, type RiskLevel } from '../core/model.js';
import { CHANGE_MARK_WIDTH, changeMark, type ChangeLookup, type FigureRef } from './changes.js';
import type { ColorLevel } from './colour.js';

export interface TableOptions {
  readonly colorLevel: ColorLevel;
  /** Terminal width in columns. */
  readonly width: number;
  /** Marks figures that changed since the previous refresh (--watch). */
  readonly changes?: ChangeLookup;
}

export const NULL_MARK = '—';

export function renderTables(report: BalanceReport, options: TableOptions): string {
  const paint = new Chalk({ level: options.colorLevel });
  const blocks: string[] = [];
  for (const set of report.balances) {
    for (const account of set.accounts) blocks.push(renderAccount(set, account, paint, options));
  }
  if (blocks.length === 0 && report.errors.length === 0) blocks.push(paint.dim('No accounts returned.'));
  return blocks.length === 0 ? '' : `${blocks.join('\n\n')}\n`;
}

/** Formats the amount of one figure, with its change mark when marks are shown. */
type Cell = (amount: Amount, figure: FigureRef) => string;

function renderAccount(set: AccountSet, account: Account, paint: ChalkInstance, options: TableOptions): string {
  const { changes } = options;
  const cell: Cell =
    changes === undefined
      ? (amount) => money(amount, paint)
      : (amount, figure) => `${money(amount, paint)}${changeMark(changes(set, account, figure), paint)}`;
  const markWidth = changes === undefined ? 0 : CHANGE_MARK_WIDTH;
  const lines = [heading(set, account, paint)];
  const summary = account.summary.filter((figure) => figure.value !== null);
  if (summary.length > 0) lines.push(summaryTable(summary, paint, options.width, cell));
  lines.push(account.cash.length > 0 ? cashTable(account, paint, options.width, cell, markWidth) : paint.dim('No cash balances.'));
  return lines.join('\n');
}

function heading(set: AccountSet, account: Account, paint: ChalkInstance): string {
  const name = paint.bold(`${set.provider} · ${set.profile} · ${account.type}`);
  const parts = [name];
  if (set.sample) parts.push(paint.inverse(' SAMPLE DATA '));
  const label = riskLabel(account.riskLevel);
  if (label !== null) {
    const basis = account.riskBasis === null ? '' : ` (${account.riskBasis})`;
    parts.push(`risk ${riskColour(account.riskLevel, paint)(label)}${basis}`);
  } else {
    parts.push(`risk ${paint.dim('unknown')}`);
  }
  if (account.currency !== null) parts.push(paint.dim(`figures in ${account.currency}`));
  return parts.join('  ');
}

/**
 * The colour of a risk label: the four levels look different at every colour
 * level. With 16 colours: safe green, medium yellow, warning bright red,
 * danger bold white on red; with 256 colours or more, warning is orange.
 */
export function riskColour(level: RiskLevel | null, paint: ChalkInstance): (text: string) => string {
  switch (level) {
    case 0:
      return paint.green;
    case 1:
      return paint.yellow;
    case 2:
      // Orange. The 16 colours have none (chalk would turn #FF8700 into bright
      // yellow, which looks like medium), and chalk's nearest of the 256 is a
      // yellowish 214: 208 is the palette's own #FF8700.
      if (paint.level >= 3) return paint.hex('#FF8700');
      return paint.level === 2 ? paint.ansi256(208) : paint.redBright;
    case 3:
      return paint.bold.whiteBright.bgRed;
    default:
      return paint.dim;
  }
}

export function money(amount: Amount, paint: ChalkInstance): string {
  if (amount === null) return paint.dim(NULL_MARK);
  const text = toGrouped(amount);
  return amount.isNegative() ? paint.red(text) : text;
}

export function newTable(head: string[], aligns: ('left' | 'right')[], paint: ChalkInstance): Table.Table {
  // cli-table3 colours heads and borders by default, even into a pipe: style
  // is cleared and colour applied by us, according to the decided level.
  return new Table({
    head: head.map((text) => paint.bold(text)),
    colAligns: aligns,
    style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 },
    // No rule between body rows: compact, and still easy to scan.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
}

function summaryTable(summary: readonly Figure[], paint: ChalkInstance, width: number, cell: Cell): string {
  // Two label/value pairs per row when the terminal is wide enough.
  const pairs = width >= 100 && summary.length > 3 ? 2 : 1;
  const head: string[] = [];
  const aligns: ('left' | 'right')[] = [];
  for (let i = 0; i < pairs; i++) {
    head.push('Figure', 'Amount');
    aligns.push('left', 'right');
  }
  const table = newTable(head, aligns, paint);
  for (let i = 0; i < summary.length; i += pairs) {
    const row: string[] = [];
    for (let j = 0; j < pairs; j++) {
      const figure = summary[i + j];
      row.push(figure?.label ?? '', figure === undefined ? '' : cell(figure.value, { section: 'summary', key: figure.key }));
    }
    table.push(row);
  }
  return table.toString();
}

interface Column {
  /** The figure's key, as in JSON. */
  readonly key: string;
  readonly label: string;
  readonly cell: (row: Account['cash'][number]) => Amount;
}

const CORE_COLUMNS: readonly Column[] = [
  { key: 'available', label: 'Available', cell: (row) => row.available },
  { key: 'frozen', label: 'Frozen', cell: (row) => row.frozen },
  { key: 'settling', label: 'Settling', cell: (row) => row.settling },
  { key: 'withdrawable', label: 'Withdrawable', cell: (row) => row.withdrawable },
];

function cashTable(account: Account, paint: ChalkInstance, width: number, cell: Cell, markWidth: number): string {
  const columns = [...CORE_COLUMNS];
  // Provider-specific figures (OKX equity, liabilities…) as extra columns, as
  // many as fit the terminal, in the provider's order.
  const extraKeys = new Map<string, string>();
  for (const row of account.cash) {
    for (const figure of row.extra) if (figure.value !== null) extraKeys.set(figure.key, figure.label);
  }
  for (const [key, label] of extraKeys) {
    const candidate = [...columns, { key, label, cell: (row: Account['cash'][number]) => row.extra.find((f) => f.key === key)?.value ?? null }];
    if (tableWidth(account, candidate, markWidth) > width) break;
    columns.push(candidate[candidate.length - 1]!);
  }
  const table = newTable(
    ['Currency', ...columns.map((column) => column.label)],
    ['left', ...columns.map((): 'right' => 'right')],
    paint,
  );
  for (const row of account.cash) {
    table.push([
      paint.bold(row.currency),
      ...columns.map((column) => cell(column.cell(row), { section: 'cash', currency: row.currency, key: column.key })),
    ]);
  }
  return table.toString();
}

/** Width the cash table would take with these columns (borders and padding included). */
function tableWidth(account: Account, columns: readonly Column[], markWidth: number): number {
  const widths = [Math.max('Currency'.length, ...account.cash.map((row) => row.currency.length))];
  for (const column of columns) {
    const cells = account.cash.map((row) => {
      const value = column.cell(row);
      return (value === null ? 1 : toGrouped(value).length) + markWidth;
    });
    widths.push(Math.max(column.label.length, ...cells));
  }
  return widths.reduce((sum, w) => sum + w + 3, 1);
}
