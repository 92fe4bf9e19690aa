// src/output/ holds pure renderers, (data, options) => string, taking the
// unified model and plain types only; TTY, width and colour arrive as options.
// It imports base, and plain result types of store and accounts.
//
// Picks the output format and renders a report with it.
import type { BalanceReport } from '../base/model.js';
import { usageError } from '../base/errors.js';
import type { ColorLevel } from './colour.js';
import type { RowField } from './rows.js';

export const FORMATS = ['table', 'tsv', 'json', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

/**
 * --format wins, then --json, then TSV when --fields picks columns, then table
 * on a terminal and TSV in a pipe.
 */
export function chooseFormat(options: {
  format?: string | undefined;
  json?: boolean | undefined;
  fields?: string | undefined;
  isTTY: boolean;
}): Format {
  if (options.format !== undefined) {
    const format = options.format.toLowerCase();
    if (!(FORMATS as readonly string[]).includes(format)) {
      throw usageError(`--format must be one of ${FORMATS.join(', ')}; got "${options.format}".`);
    }
    if (options.json === true && format !== 'json') throw usageError(`--json and --format ${format} contradict each other.`);
    return format as Format;
  }
  if (options.json === true) return 'json';
  if (options.fields !== undefined) return 'tsv';
  return options.isTTY ? 'table' : 'tsv';
}

export interface RenderOptions {
  readonly isTTY: boolean;
  readonly width: number;
  readonly colorLevel: ColorLevel;
  /** TSV/CSV columns; all of them when absent. */
  readonly fields?: readonly RowField[];
  /** Several accounts at once (--all-profiles): one combined table, totals per currency. */
  readonly overview?: boolean;
  /** --currency's codes, when given: tables say when an account has none of them. */
  readonly currencies?: readonly string[];
}

export async function renderReport(report: BalanceReport, format: Format, options: RenderOptions): Promise<string> {
  switch (format) {
    case 'json':
      return (await import('./json.js')).renderJson(report, { pretty: options.isTTY, totals: options.overview === true });
    case 'tsv':
      return (await import('./tsv.js')).renderTsv(report, options.fields);
    case 'csv':
      return (await import('./csv.js')).renderCsv(report, options.fields);
    case 'table':
      if (options.overview === true) {
        return (await import('./overview.js')).renderOverview(report, { colorLevel: options.colorLevel, width: options.width, currencies: options.currencies });
      }
      return (await import('./table.js')).renderTables(report, { colorLevel: options.colorLevel, width: options.width, currencies: options.currencies });
  }
}
