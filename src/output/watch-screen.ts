// The --watch screen, as text: each account's tables with the figures that
// changed since the previous refresh marked, when it was last fetched, and the
// error of a failed refresh under the figures it keeps showing. Pure: the view
// and the terminal's size and colour level in, the screen's lines out.
import { Chalk } from 'chalk';
import type { AccountSet, ReportError } from '../core/model.js';
import { formatSeconds } from '../core/refresh-interval.js';
import { figureChanges } from './changes.js';
import type { ColorLevel } from './colour.js';
import { renderTables } from './table.js';

/** One provider/profile on the screen. */
export interface WatchEntry {
  readonly provider: string;
  readonly profile: string;
  /** The figures of the last successful refresh, or null before the first. */
  readonly current: AccountSet | null;
  /** The figures of the successful refresh before that, for the change marks. */
  readonly previous: AccountSet | null;
  readonly fetchedAt: Date | null;
  /** Why the latest refresh failed; null when it succeeded. */
  readonly error: ReportError | null;
  readonly failedAt: Date | null;
}

export interface WatchView {
  readonly entries: readonly WatchEntry[];
  readonly intervalMs: number;
  /** A refresh is under way. */
  readonly refreshing: boolean;
  /** When the next refresh starts, when one is scheduled. */
  readonly nextAt: Date | null;
}

export interface WatchScreenOptions {
  readonly colorLevel: ColorLevel;
  readonly width: number;
  /** Lines available; longer screens are cut with a note. */
  readonly height: number;
  /** IANA time zone of the clock times; the system's when absent. */
  readonly timeZone?: string;
}

export function renderWatchScreen(view: WatchView, options: WatchScreenOptions): string[] {
  const paint = new Chalk({ level: options.colorLevel });
  const clock = (date: Date): string =>
    date.toLocaleTimeString('en-GB', { hour12: false, ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }) });

  const status = view.refreshing ? 'refreshing…' : view.nextAt === null ? '' : `next at ${clock(view.nextAt)}`;
  const header = [`every ${formatSeconds(view.intervalMs)}`, status, 'q to quit'].filter((part) => part !== '').join(' · ');
  const lines = [`${paint.bold('balance')} ${paint.dim(`· ${header}`)}`, ''];
  if (view.entries.length === 0) lines.push(paint.dim('Fetching…'));

  const changes = figureChanges(view.entries.flatMap((entry) => (entry.current === null ? [] : [{ previous: entry.previous, current: entry.current }])));
  view.entries.forEach((entry, index) => {
    if (index > 0) lines.push('');
    if (entry.current !== null) {
      const report = { fetchedAt: entry.fetchedAt ?? new Date(0), balances: [entry.current], errors: [] };
      lines.push(...renderTables(report, { colorLevel: options.colorLevel, width: options.width, changes }).trimEnd().split('\n'));
      if (entry.fetchedAt !== null) lines.push(paint.dim(`fetched at ${clock(entry.fetchedAt)}`));
    } else {
      lines.push(`${paint.bold(`${entry.provider} · ${entry.profile}`)}${entry.error === null ? paint.dim('  fetching…') : ''}`);
    }
    if (entry.error !== null) {
      const when = entry.failedAt === null ? '' : ` at ${clock(entry.failedAt)}`;
      lines.push(paint.red(`refresh${when} failed: ${entry.error.message}`));
      if (entry.error.hint !== undefined) lines.push(paint.dim(`  ${entry.error.hint}`));
    }
  });

  if (lines.length <= options.height) return lines;
  const kept = lines.slice(0, Math.max(0, options.height - 1));
  kept.push(paint.dim(`… ${lines.length - kept.length} more lines: make the window taller to see them`));
  return kept;
}
