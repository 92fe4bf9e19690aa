// `balance show --watch [seconds]`: fetch again every interval until q,
// Ctrl-C or a signal. On a terminal the tables are redrawn in place (alternate
// screen, cursor hidden, keys read raw) and restored on the way out; anywhere
// else each refresh is one compact JSON document per line (NDJSON).
//
// While the screen owns the terminal, what would go to stderr (warnings,
// --debug lines) is shown in it: written to the terminal, the next redraw
// would wipe it. When stderr is not that terminal (2>file), it goes to stderr
// as always, with each refresh's errors.
import { ExitCode, usageError } from '../base/errors.js';
import type { BalanceReport } from '../base/model.js';
import { formatSeconds, parseWatchInterval, refreshInterval } from '../accounts/refresh-interval.js';
import type { ReportSource } from '../accounts/report-source.js';
import type { Io } from '../terminal/io.js';
import type { ColorLevel } from '../output/colour.js';
import { renderJson } from '../output/json.js';
import { rowsOf, visibleWidth } from '../output/text-width.js';
import { renderWatchScreen, type WatchEntry, type WatchView } from '../output/watch-screen.js';
import { processTerminal, type StopSignal, type Terminal } from '../terminal/terminal.js';
import { reportErrors } from './report-errors.js';

export interface WatchOptions {
  /** --watch alone is true; --watch 60 is "60". */
  readonly interval: string | true;
  readonly format: string | undefined;
  readonly json: boolean | undefined;
  readonly fields: string | undefined;
  readonly colorLevel: ColorLevel;
  readonly debug?: boolean | undefined;
  /** --all-profiles: each NDJSON document carries `totals`, and the screen shows the combined tables, as `show` does. */
  readonly totals?: boolean | undefined;
}

export type WatchMode = 'screen' | 'ndjson';

export interface PreparedWatch {
  readonly mode: WatchMode;
  /** The Io the report source writes its messages through: on the watch screen they are shown in it. */
  readonly io: Io;
  run(source: ReportSource): Promise<number>;
  /** Writes to stderr the messages held for the screen, when the watch ends before it starts (a usage error). */
  release(): void;
}

const ESC = '\u001b[';
const ENTER_SCREEN = `${ESC}?1049h${ESC}?25l${ESC}H${ESC}2J`;
const LEAVE_SCREEN = `${ESC}?25h${ESC}?1049l`;
const HOME = `${ESC}H`;
const CLEAR_LINE = `${ESC}K`;
const CLEAR_BELOW = `${ESC}J`;
const CTRL_C = '\u0003';

/** Checks the options (before any request) and returns how to run the watch. */
export function prepareWatch(options: WatchOptions, io: Io, terminal: Terminal = processTerminal()): PreparedWatch {
  const mode = watchMode(options, io.stdoutIsTTY);
  const requestedMs = parseWatchInterval(options.interval);
  // Messages from before the screen starts (notes about the accounts) are held
  // for it: written to the terminal now, the screen would hide them until exit.
  const messages = divertableMessages(io, mode === 'screen' && terminal.stderrIsScreen());
  const debug = options.debug === true;
  return {
    mode,
    io: messages.io,
    release: () => messages.release(),
    run(source) {
      const interval = refreshInterval(
        requestedMs,
        source.targets.map((target) => target.provider.name),
        { valuing: source.valuing === true },
      );
      const note = interval.reason === null ? null : `balance: refreshing every ${formatSeconds(interval.ms)}, not ${formatSeconds(requestedMs)}: ${interval.reason}.\n`;
      if (mode === 'screen') {
        const settings = { intervalMs: interval.ms, colorLevel: options.colorLevel, debug, note, overview: options.totals === true };
        return watchScreen(source, settings, io, terminal, messages);
      }
      messages.release();
      if (note !== null) io.err(note);
      return watchNdjson(source, interval.ms, debug, options.totals === true, io, terminal);
    },
  };
}

/** An Io whose stderr messages can be diverted, for as long as the watch screen owns the terminal. */
interface DivertableMessages {
  readonly io: Io;
  /** Sends stderr messages to `show` (those held first) until the returned function is called. */
  divert(show: (text: string) => void): () => void;
  /** Writes the held messages to stderr, and holds no more. */
  release(): void;
}

function divertableMessages(io: Io, hold: boolean): DivertableMessages {
  let show: ((text: string) => void) | null = null;
  let held: string[] | null = hold ? [] : null;
  // Everything but `err` is the original's, getters included (they are read when used).
  const diverted = Object.create(io, {
    err: { value: (text: string): void => (show !== null ? show(text) : held !== null ? void held.push(text) : io.err(text)) },
  }) as Io;
  const release = (): void => {
    const pending = held ?? [];
    held = null;
    for (const text of pending) io.err(text);
  };
  return {
    io: diverted,
    divert(to) {
      const pending = held ?? [];
      held = null;
      show = to;
      for (const text of pending) to(text);
      return () => void (show = null);
    },
    release,
  };
}

/** Tables redrawn on a terminal; NDJSON with --json or when stdout is not a terminal. */
export function watchMode(options: Pick<WatchOptions, 'format' | 'json' | 'fields'>, isTTY: boolean): WatchMode {
  if (options.fields !== undefined) {
    throw usageError('--fields picks TSV and CSV columns, which --watch does not write.', 'Leave out --fields, or --watch.');
  }
  const format = options.format?.toLowerCase();
  if (options.json === true || format === 'json') return 'ndjson';
  if (format === 'tsv' || format === 'csv') {
    throw usageError(`--watch does not write ${format}: it redraws tables on a terminal and writes NDJSON (--json) elsewhere.`);
  }
  if (isTTY) return 'screen';
  if (format === 'table') {
    throw usageError('--watch --format table needs a terminal; into a pipe or file it writes NDJSON.', 'Leave out --format table.');
  }
  return 'ndjson';
}

/** The watch's entries after a refresh: new figures where it succeeded, the error kept beside the old ones where it failed. */
export function applyReport(entries: readonly WatchEntry[], report: BalanceReport): WatchEntry[] {
  const next = [...entries];
  const upsert = (provider: string, profile: string, update: (old: WatchEntry) => WatchEntry): void => {
    const index = next.findIndex((entry) => entry.provider === provider && entry.profile === profile);
    const old: WatchEntry = next[index] ?? { provider, profile, current: null, previous: null, fetchedAt: null, error: null, failedAt: null };
    if (index === -1) next.push(update(old));
    else next[index] = update(old);
  };
  for (const set of report.balances) {
    upsert(set.provider, set.profile, (old) => ({
      ...old,
      previous: old.current,
      current: set,
      fetchedAt: report.fetchedAt,
      error: null,
      failedAt: null,
    }));
  }
  for (const error of report.errors) {
    upsert(error.provider, error.profile, (old) => ({ ...old, error, failedAt: report.fetchedAt }));
  }
  return next;
}

/** Messages kept for the screen's message area (it shows the last few). */
const KEPT_MESSAGES = 50;

interface ScreenSettings {
  readonly intervalMs: number;
  readonly colorLevel: ColorLevel;
  readonly debug: boolean;
  /** Why the interval is longer than asked, if it is. */
  readonly note: string | null;
  /** --all-profiles: the combined tables and totals. */
  readonly overview: boolean;
}

function watchScreen(source: ReportSource, settings: ScreenSettings, io: Io, terminal: Terminal, messages: DivertableMessages): Promise<number> {
  const { intervalMs, colorLevel, debug } = settings;
  let view: WatchView = { entries: [], intervalMs, refreshing: false, nextAt: null, messages: [], overview: settings.overview };
  const draw = (): void => {
    const { columns, rows } = terminal.size();
    const lines = renderWatchScreen(view, { colorLevel, width: columns, height: rows });
    io.out(`${HOME}${screenText(lines, columns, rows)}`);
  };
  // On the screen unless stderr goes elsewhere: there it stays readable, and the refresh errors go there too.
  const toStderr = !terminal.stderrIsScreen();
  const show = (text: string): void => {
    const lines = text.split('\n').filter((line, index, all) => line !== '' || index < all.length - 1);
    view = { ...view, messages: [...view.messages, ...lines].slice(-KEPT_MESSAGES) };
    draw();
  };
  io.out(ENTER_SCREEN);
  const restoreMessages = toStderr ? (messages.release(), () => {}) : messages.divert(show);
  if (settings.note !== null) messages.io.err(settings.note);
  return runUntilStopped({
    listen(stop) {
      const off = [
        terminal.readKeys((key) => {
          if (key === 'q' || key === 'Q') stop(ExitCode.ok);
          else if (key === CTRL_C) stop(ExitCode.interrupted);
        }),
        terminal.onResize(draw),
        terminal.onSignal((signal) => stop(exitCodeFor(signal))),
      ];
      return () => off.forEach((remove) => remove());
    },
    loop: (signal) =>
      refreshLoop(source, intervalMs, signal, {
        started() {
          view = { ...view, refreshing: true };
          draw();
        },
        finished(report, nextAt) {
          view = { ...view, entries: applyReport(view.entries, report), refreshing: false, nextAt, valuation: report.valuation ?? null };
          draw();
          if (toStderr) reportErrors(report, io, debug);
        },
      }),
    cleanup() {
      restoreMessages();
      io.out(LEAVE_SCREEN);
    },
  });
}

/**
 * The screen's lines as written from the top-left corner. Each line is
 * cleared before it is written, and after it unless it ends in the last
 * column (where clearing would erase its last character); what is below the
 * last line is cleared when there is room below it.
 */
export function screenText(lines: readonly string[], columns: number, rows: number): string {
  const used = lines.reduce((sum, line) => sum + rowsOf(line, columns), 0);
  const text = lines.map((line) => `${CLEAR_LINE}${line}${visibleWidth(line) % columns === 0 ? '' : CLEAR_LINE}`).join('\n');
  return used < rows ? `${text}\n${CLEAR_BELOW}` : text;
}

function watchNdjson(source: ReportSource, intervalMs: number, debug: boolean, totals: boolean, io: Io, terminal: Terminal): Promise<number> {
  return runUntilStopped({
    listen: (stop) => terminal.onSignal((signal) => stop(exitCodeFor(signal))),
    loop: (signal) =>
      refreshLoop(source, intervalMs, signal, {
        started() {},
        finished(report) {
          io.out(renderJson(report, { pretty: false, totals }));
          reportErrors(report, io, debug);
        },
      }),
  });
}

interface RefreshEvents {
  started(): void;
  finished(report: BalanceReport, nextAt: Date): void;
}

/** Fetches, waits out the rest of the interval, and again, until aborted. Refreshes never overlap. */
async function refreshLoop(source: ReportSource, intervalMs: number, signal: AbortSignal, events: RefreshEvents): Promise<void> {
  while (!signal.aborted) {
    const started = Date.now();
    events.started();
    const report = await source.fetch(signal);
    if (signal.aborted) return;
    const nextAt = new Date(started + intervalMs);
    events.finished(report, nextAt);
    await sleep(nextAt.getTime() - Date.now(), signal);
  }
}

interface Session {
  /** Starts listening for the ways to stop; returns the function that stops listening. */
  listen(stop: (code: number) => void): () => void;
  loop(signal: AbortSignal): Promise<void>;
  cleanup?(): void;
}

/** Runs the loop until told to stop; whatever happens, the terminal is restored and pending requests aborted. */
async function runUntilStopped(session: Session): Promise<number> {
  const abort = new AbortController();
  let stop: (code: number) => void = () => {};
  const stopped = new Promise<number>((resolve) => (stop = resolve));
  let unlisten: () => void = () => {};
  try {
    unlisten = session.listen(stop);
    return await Promise.race([stopped, session.loop(abort.signal).then(() => stopped)]);
  } finally {
    abort.abort();
    unlisten();
    session.cleanup?.();
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}

function exitCodeFor(signal: StopSignal): number {
  return signal === 'SIGINT' ? ExitCode.interrupted : ExitCode.terminated;
}
