// TSV for pipelines: one line per currency, no header, full-precision plain
// numbers, empty field for null.
import type { BalanceReport } from '../base/model.js';
import { flattenRows, ROW_FIELDS, type RowField } from './rows.js';

export function renderTsv(report: BalanceReport, fields: readonly RowField[] = ROW_FIELDS): string {
  return flattenRows(report)
    .map((row) => `${fields.map((field) => row[field].replace(/[\t\r\n]/g, ' ')).join('\t')}\n`)
    .join('');
}
