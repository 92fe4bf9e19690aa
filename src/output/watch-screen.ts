// The --watch screen, as text: each account's tables with the figures that
// changed since the previous refresh marked (with --all-profiles, the combined
// tables and totals instead), when it was last fetched, the
// error of a failed refresh under the figures it keeps showing, and the last
// messages that would have gone to stderr. Every line fits the width; a screen
// taller than the terminal is cut, counting the rows each line takes, so the
// title line always stays on it. Pure: the view and the terminal's size and
// colour level in, the screen's lines out.
import { Chalk } from 'chalk';
import type { AccountSet, ReportError, Valuation } from '../base/model.js';
import { formatSeconds } from '../accounts/refresh-interval.js';
import { figureChanges } from './changes.js';
import type { ColorLevel } from './colour.js';
import { renderOverview } from './overview.js';
import { renderTables } from './table.js';
import { packParts, rowsOf, wrapWords } from './text-width.js';
import { valuationBlock } from './valuation.js';

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
  /** Lines that would have gone to stderr (warnings, --debug), oldest first; the last few are shown. */
  readonly messages: readonly string[];
  /** --value-in: the latest refresh's valuation, shown under the accounts when there are several. */
  readonly valuation?: Valuation | null;
  /** --all-profiles: one combined set of tables with totals per currency, as `show --all-profiles` draws. */
  readonly overview?: boolean;
}

/** At most this many rows of messages are shown, under the tables. */
export const MESSAGE_ROWS = 4;

export interface WatchScreenOptions {
  readonly colorLevel: ColorLevel;
  readonly width: number;
  /** Rows available; taller screens are cut with a note. */
  readonly height: number;
  /** IANA time zone of the clock times; the system's when absent. */
  readonly timeZone?: string;
}

export function renderWatchScreen(view: WatchView, options: WatchScreenOptions): string[] {
  const paint = new Chalk({ level: options.colorLevel });
  const clock = (date: Date): string =>
    date.toLocaleTimeString('en-GB', { hour12: false, ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }) });

  const { width, height } = options;
  const status = view.refreshing ? 'refreshing…' : view.nextAt === null ? '' : `next at ${clock(view.nextAt)}`;
  const header = [`every ${formatSeconds(view.intervalMs)}`, status, 'q to quit'].filter((part) => part !== '').map((part) => paint.dim(part));
  const head = [...packParts([paint.bold('balance'), ...header], paint.dim(' · '), width), ''];

  const body: string[] = [];
  if (view.entries.length === 0) body.push(paint.dim('Fetching…'));
  /** An entry not (yet) shown with figures, and the error of its latest refresh. */
  const problems = (entry: WatchEntry, withName: boolean): string[] => {
    const lines: string[] = [];
    if (withName) {
      const name = paint.bold(`${entry.provider} · ${entry.profile}`);
      lines.push(...packParts(entry.error === null ? [name, paint.dim('fetching…')] : [name], '  ', width));
    }
    if (entry.error !== null) {
      const when = entry.failedAt === null ? '' : ` at ${clock(entry.failedAt)}`;
      lines.push(...wrapWords(`refresh${when} failed: ${entry.error.message}`, width, '  ').map((line) => paint.red(line)));
      if (entry.error.hint !== undefined) lines.push(...wrapWords(entry.error.hint, width - 2, '').map((line) => paint.dim(`  ${line}`)));
    }
    return lines;
  };
  const shown = view.entries.filter((entry) => entry.current !== null);
  if (view.overview === true && shown.length > 0) {
    // --all-profiles: the same combined tables and totals as without --watch.
    const report = { fetchedAt: new Date(0), balances: shown.map((entry) => entry.current!), errors: [] };
    body.push(...renderOverview(report, { colorLevel: options.colorLevel, width }).trimEnd().split('\n'));
    const times = shown.flatMap((entry) => (entry.fetchedAt === null ? [] : [entry.fetchedAt.getTime()]));
    if (times.length > 0) body.push(paint.dim(`fetched at ${clock(new Date(Math.max(...times)))}`));
    for (const entry of view.entries) {
      const lines = problems(entry, true);
      if (entry.current === null || entry.error !== null) body.push('', ...lines);
    }
  } else {
    const changes = figureChanges(shown.map((entry) => ({ previous: entry.previous, current: entry.current! })));
    view.entries.forEach((entry, index) => {
      if (index > 0) body.push('');
      if (entry.current !== null) {
        const report = { fetchedAt: entry.fetchedAt ?? new Date(0), balances: [entry.current], errors: [] };
        body.push(...renderTables(report, { colorLevel: options.colorLevel, width, changes }).trimEnd().split('\n'));
        if (entry.fetchedAt !== null) body.push(paint.dim(`fetched at ${clock(entry.fetchedAt)}`));
      }
      body.push(...problems(entry, entry.current === null));
    });
  }

  if (view.valuation != null && view.valuation.accounts.length > 1) body.push('', ...valuationBlock(view.valuation, paint, width));

  const messages = lastMessages(view.messages, width).map((line) => paint.dim(line));
  return fit(head, body, messages, options, (hidden) => wrapWords(`… ${hidden} more lines: make the window taller`, width).map((line) => paint.dim(line)));
}

/** The newest messages that fit in MESSAGE_ROWS rows, each whole (the newest cut when it alone is taller). */
function lastMessages(messages: readonly string[], width: number): string[] {
  const shown: string[] = [];
  let rows = 0;
  for (let index = messages.length - 1; index >= 0; index--) {
    const lines = wrapWords(messages[index]!, width, '  ');
    const size = lines.reduce((sum, line) => sum + rowsOf(line, width), 0);
    if (rows + size > MESSAGE_ROWS) {
      if (shown.length === 0) return cutToRows(lines, width, MESSAGE_ROWS);
      break;
    }
    shown.unshift(...lines);
    rows += size;
  }
  return shown;
}

/** The first lines of `lines` that take at most `rows` rows. */
function cutToRows(lines: readonly string[], width: number, rows: number): string[] {
  const kept: string[] = [];
  let left = rows;
  for (const line of lines) {
    const size = rowsOf(line, width);
    if (size > left) break;
    kept.push(line);
    left -= size;
  }
  return kept;
}

/**
 * The screen's lines within `height` rows, a line wider than the terminal
 * taking the rows it wraps into. The head (title line) always stays; then the
 * messages, up to MESSAGE_ROWS; the body gets the rest, cut with a note when
 * it is taller.
 */
function fit(head: string[], body: string[], messages: string[], options: WatchScreenOptions, note: (hidden: number) => string[]): string[] {
  const { width, height } = options;
  const rows = (lines: readonly string[]): number => lines.reduce((sum, line) => sum + rowsOf(line, width), 0);
  const tail = (kept: readonly string[]): string[] => (kept.length === 0 ? [] : ['', ...kept]);
  if (rows(head) + rows(body) + rows(tail(messages)) <= height) return [...head, ...body, ...tail(messages)];

  const title = head.slice(0, -1);
  if (rows(title) >= height) return title.slice(0, Math.max(1, height));
  const room = height - rows(head) - rows(note(body.length));
  let shown = messages;
  while (shown.length > 0 && rows(tail(shown)) > room) shown = shown.slice(1);
  const kept = cutToRows(body, width, room - rows(tail(shown)));
  const cut = note(body.length - kept.length);
  return rows([...head, ...kept, ...cut, ...tail(shown)]) <= height ? [...head, ...kept, ...cut, ...tail(shown)] : [...title];
}
