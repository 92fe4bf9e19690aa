// Tables for people: per account a heading, a summary of account-level
// figures, and the per-currency cash. Amounts right-aligned with thousands
// separators; risk and negative amounts coloured. Every line fits the
// terminal's width: tables too wide for it are drawn in a narrower form
// (./figure-layout.ts). A pure function of the report and the terminal's width
// and colour level.
import { Chalk, type ChalkInstance } from 'chalk';
import { toGrouped, type Amount } from '../base/money.js';
import { money } from './amount-text.js';
import { netValueLines, valuationBlock } from './valuation.js';
import { PAPER_TRADING_LABEL, riskLabel, type Account, type AccountSet, type BalanceReport, type CashRow, type Figure, type RiskLevel } from '../base/model.js';
import { changeMark, type ChangeLookup, type FigureRef } from './changes.js';
import type { ColorLevel } from './colour.js';
import { gridCandidate, layOutFigures, type Candidate, type FigureTable } from './figure-layout.js';
import { packParts, wrapWords } from './text-width.js';

export interface TableOptions {
  readonly colorLevel: ColorLevel;
  /** Terminal width in columns. */
  readonly width: number;
  /** Marks figures that changed since the previous refresh (--watch). */
  readonly changes?: ChangeLookup;
  /** The currencies of --currency, when it was given: an account without them says so. */
  readonly currencies?: readonly string[] | undefined;
}

/** "No EUR balance (filtered by --currency)." for an account without rows of the chosen currencies. */
export function noCashLine(currencies: readonly string[] | undefined): string {
  if (currencies === undefined || currencies.length === 0) return 'No cash balances.';
  return `No ${currencies.join(', ')} balance (filtered by --currency).`;
}

export { money, NULL_MARK } from './amount-text.js';

export function renderTables(report: BalanceReport, options: TableOptions): string {
  const paint = new Chalk({ level: options.colorLevel });
  const blocks: string[] = [];
  for (const set of report.balances) {
    const own = set.accounts.map((account) => renderAccount(set, account, paint, options));
    // --value-in: the value covers the provider/profile's accounts together, so it follows the last of them.
    if (set.value !== undefined) {
      const line = netValueLines(set.value, paint, options.width).join('\n');
      if (own.length === 0) own.push(line);
      else own[own.length - 1] = `${own[own.length - 1]}\n${line}`;
    }
    blocks.push(...own);
  }
  if (blocks.length === 0 && report.errors.length === 0) blocks.push(paint.dim('No accounts returned.'));
  if (report.valuation !== undefined && report.valuation.accounts.length > 1) blocks.push(valuationBlock(report.valuation, paint, options.width).join('\n'));
  return blocks.length === 0 ? '' : `${blocks.join('\n\n')}\n`;
}

/** Formats the amount of one figure, with its change mark when marks are shown. */
type Cell = (amount: Amount, figure: FigureRef) => string;

function renderAccount(set: AccountSet, account: Account, paint: ChalkInstance, options: TableOptions): string {
  const { changes, width } = options;
  const cell: Cell =
    changes === undefined
      ? (amount) => money(amount, paint)
      : (amount, figure) => `${money(amount, paint)}${changeMark(changes(set, account, figure), paint)}`;
  const lines = heading(set, account, paint, width);
  const summary = account.summary.filter((figure) => figure.value !== null);
  if (summary.length > 0) lines.push(summaryTable(summary, paint, width, cell));
  if (account.cash.length > 0) lines.push(...cashTable(account, paint, width, cell));
  else lines.push(paint.dim(noCashLine(options.currencies)));
  return lines.join('\n');
}

function heading(set: AccountSet, account: Account, paint: ChalkInstance, width: number): string[] {
  const parts = [paint.bold(`${set.provider} · ${set.profile} · ${account.type}`)];
  if (set.sample) parts.push(paint.inverse(' SAMPLE DATA '));
  if (set.paperTrading === true) parts.push(paint.inverse(` ${PAPER_TRADING_LABEL.toUpperCase()} `));
  const label = riskLabel(account.riskLevel);
  if (label !== null) {
    const basis = account.riskBasis === null ? '' : ` (${account.riskBasis})`;
    parts.push(`risk ${riskColour(account.riskLevel, paint)(label)}${basis}`);
  } else {
    parts.push(`risk ${paint.dim('unknown')}`);
  }
  if (account.currency !== null) parts.push(paint.dim(`figures in ${account.currency}`));
  return packParts(parts, '  ', width);
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


function summaryTable(summary: readonly Figure[], paint: ChalkInstance, width: number, cell: Cell): string {
  const cells = summary.map((figure) => cell(figure.value, { section: 'summary', key: figure.key }));
  // A Figure | Amount table (the long form of a table without names), or
  // narrower; two label/amount pairs per row first when the terminal is wide.
  const table: FigureTable = {
    nameHeads: [],
    columns: summary.map((figure) => figure.label),
    rows: [{ names: [], cells }],
    required: summary.length,
  };
  const before: Candidate[] = [];
  if (width >= 100 && summary.length > 3) {
    const rows: string[][] = [];
    for (let i = 0; i < summary.length; i += 2) {
      rows.push([summary[i]!.label, cells[i]!, summary[i + 1]?.label ?? '', cells[i + 1] ?? '']);
    }
    before.push(gridCandidate({ head: ['Figure', 'Amount', 'Figure', 'Amount'], aligns: ['left', 'right', 'left', 'right'], rows }, summary.length, paint));
  }
  return layOutFigures(table, { paint, width, forms: ['long', 'list', 'stacked'], before }).text;
}

interface Column {
  /** The figure's key, as in JSON. */
  readonly key: string;
  readonly label: string;
  readonly amount: (row: CashRow) => Amount;
}

const CORE_COLUMNS: readonly Column[] = [
  { key: 'available', label: 'Available', amount: (row) => row.available },
  { key: 'frozen', label: 'Frozen', amount: (row) => row.frozen },
  { key: 'settling', label: 'Settling', amount: (row) => row.settling },
  { key: 'withdrawable', label: 'Withdrawable', amount: (row) => row.withdrawable },
];

/** The cash table, and a note naming the figures the terminal is too narrow for. */
function cashTable(account: Account, paint: ChalkInstance, width: number, cell: Cell): string[] {
  // Provider-specific figures (OKX equity, liabilities…) as extra columns, as
  // many as fit the terminal, in the provider's order.
  const extras = new Map<string, string>();
  for (const row of account.cash) {
    for (const figure of row.extra) if (figure.value !== null) extras.set(figure.key, figure.label);
  }
  const columns: Column[] = [...CORE_COLUMNS];
  for (const [key, label] of extras) columns.push({ key, label, amount: (row) => row.extra.find((figure) => figure.key === key)?.value ?? null });
  const table: FigureTable = {
    nameHeads: ['Currency'],
    columns: columns.map((column) => column.label),
    rows: account.cash.map((row) => ({
      names: [paint.bold(row.currency)],
      cells: columns.map((column) => cell(column.amount(row), { section: 'cash', currency: row.currency, key: column.key })),
    })),
    required: CORE_COLUMNS.length,
  };
  const laid = layOutFigures(table, { paint, width });
  const left = columns.slice(laid.columns).map((column) => column.label);
  if (left.length === 0) return [laid.text];
  const note = `Not shown: ${left.join(', ')}; --json or a wider terminal shows them.`;
  return [laid.text, ...wrapWords(note, width).map((line) => paint.dim(line))];
}
