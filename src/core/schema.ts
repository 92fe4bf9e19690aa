// valibot building blocks shared by the providers' response schemas.
import * as v from 'valibot';
import type BigNumber from 'bignumber.js';
import { JsonNumber } from './json.js';
import { parseDecimal, type Amount } from './money.js';

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

/** Describes the first schema issue as "field: problem". */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): { field: string; problem: string } {
  const issue = issues[0];
  if (issue === undefined) return { field: '(response)', problem: 'invalid' };
  const field = formatPath(issue.path) ?? '(response)';
  const problem = issue.expected && issue.received && !issue.message.includes('not a') && !issue.message.includes('out of range')
    ? `expected ${issue.expected}, got ${issue.received}`
    : issue.message;
  return { field, problem };
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
