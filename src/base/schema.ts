// valibot building blocks shared by the providers' response schemas.
import * as v from 'valibot';
import type BigNumber from 'bignumber.js';
import { JsonNumber } from './json.js';
import { parseDecimal, type Amount } from './money.js';
import { escapeUnsafe } from './text.js';

/**
 * An amount as providers send it: a decimal string, or a JSON number (kept
 * exact by parseJson). "" and null mean "not applicable" and become null.
 */
export const amount = v.pipe(
  v.union([v.string(), v.instance(JsonNumber), v.null()], 'expected a decimal amount'),
  v.rawTransform(({ dataset, addIssue, NEVER }): Amount => {
    const input = dataset.value;
    if (input === null) return null;
    const text = typeof input === 'string' ? input : input.raw;
    if (text.trim() === '') return null;
    const parsed = parseDecimal(text);
    if (parsed.ok) return parsed.value;
    addIssue({ message: parsed.reason });
    return NEVER;
  }),
);

/** An amount that may also be missing altogether. */
export const optionalAmount = v.optional(amount, null);

/** A string field that some servers send as a number (codes, ids). */
export const looseString = v.pipe(
  v.union([v.string(), v.instance(JsonNumber)], 'expected a string'),
  v.transform((value): string => (typeof value === 'string' ? value : value.raw)),
);

/** A currency code, upper-cased. */
export const currencyCode = v.pipe(
  looseString,
  v.transform((value) => value.trim().toUpperCase()),
  v.regex(/^[A-Z0-9]{1,20}$/, 'expected a currency code'),
);

/**
 * A list in which no currency appears twice. Two rows for one currency cannot
 * both be right, and adding or dropping one would show a figure the provider
 * never sent, so the answer is refused, naming the second occurrence.
 */
export function uniqueCurrencies<TItem extends Readonly<Record<TField, unknown>>, TField extends string>(field: TField) {
  return v.rawCheck<TItem[]>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const list = dataset.value;
    const seen = new Map<unknown, number>();
    for (const [index, item] of list.entries()) {
      const code = item[field];
      const first = seen.get(code);
      if (first === undefined) {
        seen.set(code, index);
        continue;
      }
      addIssue({
        message: `${String(code)} appears twice (also at [${first}])`,
        path: [
          { type: 'array', origin: 'value', input: list, key: index, value: item },
          { type: 'object', origin: 'value', input: item, key: field, value: code },
        ],
      });
      return;
    }
  });
}

/** Describes the first schema issue as "field: problem". */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): { field: string; problem: string } {
  const issue = issues[0];
  if (issue === undefined) return { field: '(response)', problem: 'invalid' };
  const field = formatPath(issue.path) ?? '(response)';
  return { field: escapeUnsafe(field), problem: escapeUnsafe(clip(problemOf(issue), 160)) };
}

/**
 * valibot's own messages ("Invalid type: …") become "expected X, got Y"; the
 * schemas' messages are kept, with what was received when they say "expected".
 */
function problemOf(issue: v.BaseIssue<unknown>): string {
  const received = issue.received === undefined ? undefined : clip(issue.received, 40);
  if (received === 'undefined') return 'missing';
  if (issue.message.startsWith('Invalid ')) return `expected ${issue.expected ?? 'another value'}, got ${received ?? 'something else'}`;
  if (issue.message.startsWith('expected ') && !issue.message.includes(', got ') && received !== undefined) {
    return `${issue.message}, got ${received}`;
  }
  return issue.message;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function formatPath(path: v.BaseIssue<unknown>['path']): string | undefined {
  if (path === undefined || path.length === 0) return undefined;
  let out = '';
  for (const item of path) {
    const key = item.key;
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

export type { BigNumber };
