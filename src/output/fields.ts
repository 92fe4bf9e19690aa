// --fields: which TSV/CSV columns, in which order.
import { usageError } from '../base/errors.js';
import type { Format } from './render.js';
import { OPTIONAL_FIELDS, ROW_FIELDS, type RowField } from './rows.js';

/** "currency,available" → ['currency', 'available']; undefined → every column. */
export function parseFields(input: string | undefined, format: Format, options: { valueIn?: string | null } = {}): readonly RowField[] {
  if (input === undefined) return ROW_FIELDS;
  if (format !== 'tsv' && format !== 'csv') {
    throw usageError(`--fields picks TSV and CSV columns; it does not apply to --format ${format}.`, 'Use --format tsv or --format csv with it.');
  }
  const names = input.split(',').map((name) => name.trim().toLowerCase());
  if (names.some((name) => name === '')) {
    throw usageError(`--fields needs comma-separated column names, e.g. --fields currency,available; got "${input}".`, validList());
  }
  const known: readonly string[] = [...ROW_FIELDS, ...OPTIONAL_FIELDS];
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw usageError(`--fields: unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((name) => `"${name}"`).join(', ')}.`, validList());
  }
  if (names.includes('value') && (options.valueIn ?? null) === null) {
    throw usageError('--fields value is the account\'s value in the --value-in currency.', 'Add --value-in CUR, e.g. --value-in USD.');
  }
  return names as RowField[];
}

function validList(): string {
  return `Valid fields: ${ROW_FIELDS.join(', ')}; with --value-in also ${OPTIONAL_FIELDS.join(', ')}.`;
}
