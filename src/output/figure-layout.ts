// Laying out rows of figures to fit the terminal's width. A table of figures
// can be drawn four ways, from the widest to the narrowest:
//
//   wide     a bordered table, a column per figure (columns past `required`
//            left out from the end while it is too wide)
//   long     a bordered table, a row per figure: names | Figure | Amount
//   list     per row a heading line, then "label  amount" lines, no borders
//   stacked  per row a heading line, then each label with its amount under it
//
// The first that fits is drawn. Amounts are never cut or rounded: an amount
// wider than the terminal is the one thing that can still wrap. Pure.
import type { ChalkInstance } from 'chalk';
import { packParts, padEndTo, padStartTo, visibleWidth } from './text-width.js';

export type Align = 'left' | 'right';

/** A bordered table before it is drawn; cells already coloured. */
export interface Grid {
  readonly head: readonly string[];
  readonly aligns: readonly Align[];
  readonly rows: readonly (readonly string[])[];
}

/** One way of drawing a table: how wide it is, how many figure columns it shows, and the drawing. */
export interface Candidate {
  readonly width: number;
  readonly columns: number;
  draw(): string;
}

export interface FigureRow {
  /** Cells naming the row in a table (the currency; the account, type and currency), coloured. */
  readonly names: readonly string[];
  /** The parts of the row's heading line in the list forms; `names` when absent. */
  readonly heading?: readonly string[];
  /** One coloured amount per column. */
  readonly cells: readonly string[];
  /** Labels of the cells in the long and list forms, when they are not the column heads. */
  readonly labels?: readonly string[];
}

export interface FigureTable {
  readonly nameHeads: readonly string[];
  /** How the name columns are aligned; left when absent. */
  readonly nameAligns?: readonly Align[];
  /** Heads of the figure columns. */
  readonly columns: readonly string[];
  readonly rows: readonly FigureRow[];
  /** How many columns must be shown; those after them may be left out when too wide. */
  readonly required: number;
}

export type FigureForm = 'wide' | 'long' | 'list' | 'stacked';

export interface LaidOut {
  readonly text: string;
  /** How many of the table's columns are shown (the first ones). */
  readonly columns: number;
}

export interface LayoutOptions {
  readonly paint: ChalkInstance;
  readonly width: number;
  /** The forms to try, in order; all four when absent. */
  readonly forms?: readonly FigureForm[];
  /** Ways of drawing tried before the forms (e.g. two label/amount pairs per row). */
  readonly before?: readonly Candidate[];
}

const ALL_FORMS: readonly FigureForm[] = ['wide', 'long', 'list', 'stacked'];

/** Draws the table the first way that fits `width`; the last way when none does. */
export function layOutFigures(table: FigureTable, options: LayoutOptions): LaidOut {
  const { paint, width } = options;
  const candidates = [...(options.before ?? [])];
  for (const form of options.forms ?? ALL_FORMS) {
    if (form === 'wide') {
      for (let keep = table.columns.length; keep >= Math.min(table.required, table.columns.length); keep--) {
        candidates.push(gridCandidate(wideGrid(table, keep), keep, paint));
      }
    } else if (form === 'long') {
      candidates.push(gridCandidate(longGrid(table), table.required, paint));
    } else {
      candidates.push(listCandidate(table, form, width, paint));
    }
  }
  const chosen = candidates.find((candidate) => candidate.width <= width) ?? candidates[candidates.length - 1]!;
  return { text: chosen.draw(), columns: chosen.columns };
}

export function gridCandidate(grid: Grid, columns: number, paint: ChalkInstance): Candidate {
  return { width: gridWidth(grid), columns, draw: () => drawGrid(grid, paint) };
}

/** Columns a grid takes when drawn: each column its widest cell, one space of padding either side, and the borders. */
export function gridWidth(grid: Grid): number {
  return columnWidths(grid).reduce((sum, width) => sum + width + 3, 1);
}

/**
 * Draws a grid with box-drawing borders, heads bold, no rule between rows.
 * Drawn here rather than by cli-table3: its layout time grows with the square
 * of the rows (seconds for an account of 5,000 currencies), and cells are
 * padded by the same measure that decided the table fits.
 */
export function drawGrid(grid: Grid, paint: ChalkInstance): string {
  const widths = columnWidths(grid);
  const rule = (left: string, middle: string, right: string): string => `${left}${widths.map((width) => '─'.repeat(width + 2)).join(middle)}${right}`;
  const line = (cells: readonly string[]): string =>
    `│${widths.map((width, index) => ` ${(grid.aligns[index] === 'right' ? padStartTo : padEndTo)(cells[index] ?? '', width)} `).join('│')}│`;
  return [rule('┌', '┬', '┐'), line(grid.head.map((text) => paint.bold(text))), ...grid.rows.map(line), rule('└', '┴', '┘')].join('\n');
}

function columnWidths(grid: Grid): number[] {
  const widths = grid.head.map(visibleWidth);
  for (const row of grid.rows) {
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, visibleWidth(cell));
    });
  }
  return widths;
}

function wideGrid(table: FigureTable, keep: number): Grid {
  return {
    head: [...table.nameHeads, ...table.columns.slice(0, keep)],
    aligns: [...nameAligns(table), ...table.columns.slice(0, keep).map((): Align => 'right')],
    rows: table.rows.map((row) => [...row.names, ...row.cells.slice(0, keep)]),
  };
}

function longGrid(table: FigureTable): Grid {
  const rows: string[][] = [];
  for (const row of table.rows) {
    const figures = figuresOf(table, row);
    if (figures.length === 0) rows.push([...row.names, '', '']);
    figures.forEach(([label, cell], index) => rows.push([...(index === 0 ? row.names : row.names.map(() => '')), label, cell]));
  }
  return {
    head: [...table.nameHeads, 'Figure', 'Amount'],
    aligns: [...nameAligns(table), 'left', 'right'],
    rows,
  };
}

function nameAligns(table: FigureTable): Align[] {
  return table.nameHeads.map((_, index) => table.nameAligns?.[index] ?? 'left');
}

/** The list forms: a heading line per named row, then its figures, indented under it. */
function listCandidate(table: FigureTable, form: 'list' | 'stacked', width: number, paint: ChalkInstance): Candidate {
  const indent = table.nameHeads.length > 0 ? 2 : 0;
  const figures = table.rows.map((row) => figuresOf(table, row));
  const labelWidth = Math.max(0, ...figures.flat().map(([label]) => visibleWidth(label)));
  const amountWidth = Math.max(0, ...figures.flat().map(([, cell]) => visibleWidth(cell)));
  const headingWidth = Math.max(0, ...table.rows.map((row) => Math.max(0, ...headingOf(row).map(visibleWidth))));
  const pad = ' '.repeat(indent);
  if (form === 'list') {
    return {
      width: Math.max(headingWidth, indent + labelWidth + 2 + amountWidth),
      columns: table.required,
      draw: () =>
        table.rows
          .flatMap((row, index) => [
            ...headingLines(row, indent, width, paint),
            ...figures[index]!.map(([label, cell]) => `${pad}${padEndTo(label, labelWidth)}  ${padStartTo(cell, amountWidth)}`),
          ])
          .join('\n'),
    };
  }
  // Amounts right-aligned under their labels, indented as far as the width allows.
  const amountPad = ' '.repeat(Math.max(0, Math.min(indent + 2, width - amountWidth)));
  return {
    width: Math.max(headingWidth, indent + labelWidth, amountPad.length + amountWidth),
    columns: table.required,
    draw: () =>
      table.rows
        .flatMap((row, index) => [
          ...headingLines(row, indent, width, paint),
          ...figures[index]!.flatMap(([label, cell]) => [`${pad}${label}`, `${amountPad}${padStartTo(cell, amountWidth)}`]),
        ])
        .join('\n'),
  };
}

/** [label, cell] of the figures a row shows in the long and list forms: the required columns. */
function figuresOf(table: FigureTable, row: FigureRow): [string, string][] {
  return row.cells.slice(0, table.required).map((cell, index) => [row.labels?.[index] ?? table.columns[index] ?? '', cell]);
}

function headingOf(row: FigureRow): readonly string[] {
  return (row.heading ?? row.names).filter((part) => visibleWidth(part) > 0);
}

function headingLines(row: FigureRow, indent: number, width: number, paint: ChalkInstance): string[] {
  if (indent === 0) return [];
  return packParts(headingOf(row), paint.dim(' · '), width);
}
