// CSV (RFC 4180): a header row, then one row per currency.
import type { BalanceReport } from '../base/model.js';
import { flattenRows, ROW_FIELDS, type RowField } from './rows.js';

export function renderCsv(report: BalanceReport, fields: readonly RowField[] = ROW_FIELDS): string {
  const lines = [fields.join(',')];
  for (const row of flattenRows(report)) lines.push(fields.map((field) => quote(row[field])).join(','));
  return `${lines.map((line) => `${line}\r\n`).join('')}`;
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
