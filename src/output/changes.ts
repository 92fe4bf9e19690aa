// Which figures went up or down since the previous refresh, and the mark shown
// beside them: ▲ green for up, ▼ red for down. Pure: reports in, lookups and
// text out.
import type { ChalkInstance } from 'chalk';
import type { Account, AccountSet, CashRow } from '../base/model.js';
import type { Amount } from '../base/money.js';

export type Change = 'up' | 'down';

/** A figure of an account: a summary figure, or one figure of a currency's cash row. */
export type FigureRef =
  | { readonly section: 'summary'; readonly key: string }
  | { readonly section: 'cash'; readonly currency: string; readonly key: string };

export type ChangeLookup = (set: AccountSet, account: Account, figure: FigureRef) => Change | undefined;

export interface RefreshPair {
  /** The account set as the refresh before showed it; null on the first. */
  readonly previous: AccountSet | null;
  readonly current: AccountSet;
}

export const UP_MARK = '▲';
export const DOWN_MARK = '▼';

/**
 * Compares each account set with its previous refresh. Accounts are matched by
 * type, rows by currency, figures by key; a figure that is new, gone, or null
 * on either side has no mark.
 */
export function figureChanges(pairs: readonly RefreshPair[]): ChangeLookup {
  const changes = new Map<string, Change>();
  for (const { previous, current } of pairs) {
    if (previous === null) continue;
    for (const account of current.accounts) {
      const before = previous.accounts.find((candidate) => candidate.type === account.type);
      if (before === undefined) continue;
      for (const figure of account.summary) {
        const old = before.summary.find((candidate) => candidate.key === figure.key)?.value ?? null;
        note(changes, pathOf(current, account, { section: 'summary', key: figure.key }), old, figure.value);
      }
      for (const row of account.cash) {
        const oldRow = before.cash.find((candidate) => candidate.currency === row.currency);
        if (oldRow === undefined) continue;
        const oldFigures = cashFigures(oldRow);
        for (const [key, value] of cashFigures(row)) {
          note(changes, pathOf(current, account, { section: 'cash', currency: row.currency, key }), oldFigures.get(key) ?? null, value);
        }
      }
    }
  }
  return (set, account, figure) => changes.get(pathOf(set, account, figure));
}

/** The mark after an amount: " ▲" or " ▼" coloured, or two spaces so the digits stay aligned. */
export function changeMark(change: Change | undefined, paint: ChalkInstance): string {
  if (change === 'up') return ` ${paint.green(UP_MARK)}`;
  if (change === 'down') return ` ${paint.red(DOWN_MARK)}`;
  return '  ';
}

function note(changes: Map<string, Change>, path: string, before: Amount, after: Amount): void {
  if (before === null || after === null) return;
  const order = after.comparedTo(before);
  if (order === 1) changes.set(path, 'up');
  else if (order === -1) changes.set(path, 'down');
}

function cashFigures(row: CashRow): Map<string, Amount> {
  const figures = new Map<string, Amount>([
    ['available', row.available],
    ['frozen', row.frozen],
    ['settling', row.settling],
    ['withdrawable', row.withdrawable],
  ]);
  for (const figure of row.extra) if (!figures.has(figure.key)) figures.set(figure.key, figure.value);
  return figures;
}

function pathOf(set: AccountSet, account: Account, figure: FigureRef): string {
  const where = figure.section === 'summary' ? `summary\u0000${figure.key}` : `cash\u0000${figure.currency}\u0000${figure.key}`;
  return `${set.provider}\u0000${set.profile}\u0000${account.type}\u0000${where}`;
}
