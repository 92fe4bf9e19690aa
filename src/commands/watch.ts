// `balance show --watch [seconds]`: fetch again every interval until q,
// Ctrl-C or a signal. On a terminal the tables are redrawn in place (alternate
// screen, cursor hidden, keys read raw) and restored on the way out; anywhere
// else each refresh is one compact JSON document per line (NDJSON).
import { ExitCode, usageError } from '../core/errors.js';
import type { BalanceReport } from '../core/model.js';
import { formatSeconds, parseWatchInterval, refreshInterval } from '../core/refresh-interval.js';
import type { ReportSource } from '../core/report-source.js';
import type { Io } from '../io.js';
import type { ColorLevel } from '../output/colour.js';
import { renderJson } from '../output/json.js';
import { renderWatchScreen, type WatchEntry, type WatchView } from '../output/watch-screen.js';
import { processTerminal, type StopSignal, type Terminal } from '../terminal.js';
import { reportErrors } from './report-errors.js';

export interface WatchOptions {
  /** --watch alone is true; --watch 60 is "60". */
  readonly interval: string | true;
  readonly format: string | undefined;
  readonly json: boolean | undefined;
  readonly fields: string | undefined;
  readonly colorLevel: ColorLevel;
  readonly debug?: boolean | undefined;
  /** --all-profiles: each NDJSON document carries `totals`, as `show --json` does. */
  readonly totals?: boolean | undefined;
}

export type WatchMode = 'screen' | 'ndjson';

export interface PreparedWatch {
  readonly mode: WatchMode;
  run(source: ReportSource): Promise<number>;
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
  return {
    mode,
    run(source) {
      const interval = refreshInterval(
        requestedMs,
        source.targets.map((target) => target.provider.name),
      );
      if (interval.reason !== null) {
        io.err(`balance: refreshing every ${formatSeconds(interval.ms)}, not ${formatSeconds(requestedMs)}: ${interval.reason}.\n`);
      }
      return mode === 'screen'
        ? watchScreen(source, interval.ms, options.colorLevel, io, terminal)
        : watchNdjson(source, interval.ms, options.debug === true, options.totals === true, io, terminal);
    },
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

function watchScreen(source: ReportSource, intervalMs: number, colorLevel: ColorLevel, io: Io, terminal: Terminal): Promise<number> {
  let view: WatchView = { entries: [], intervalMs, refreshing: false, nextAt: null };
  const draw = (): void => {
    const { columns, rows } = terminal.size();
    const lines = renderWatchScreen(view, { colorLevel, width: columns, height: rows });
    io.out(`${HOME}${lines.map((line) => `${line}${CLEAR_LINE}`).join('\n')}${CLEAR_BELOW}`);
  };
  io.out(ENTER_SCREEN);
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
          view = { ...view, entries: applyReport(view.entries, report), refreshing: false, nextAt };
          draw();
        },
      }),
    cleanup: () => io.out(LEAVE_SCREEN),
  });
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
