// The watch loop with a scripted terminal and source: what it writes, how it
// leaves, and that it always restores the terminal. The real terminal and a
// real pipe are tested end to end (test/e2e/watch.test.ts).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { applyReport, prepareWatch, screenText, watchMode } from '../../../src/commands/watch.js';
import { BalanceError } from '../../../src/base/errors.js';
import type { AccountSet, BalanceReport, ReportError } from '../../../src/base/model.js';
import { decimal } from '../../../src/base/money.js';
import type { ReportSource } from '../../../src/accounts/report-source.js';
import type { Io } from '../../../src/terminal/io.js';
import type { StopSignal, Terminal } from '../../../src/terminal/terminal.js';

const ESC = String.fromCharCode(27);

function set(usdt: string): AccountSet {
  return {
    provider: 'okx',
    profile: 'default',
    sample: false,
    accounts: [
      {
        type: 'trading', currency: 'USD', riskLevel: 0, riskBasis: null, summary: [],
        cash: [{ currency: 'USDT', available: decimal(usdt), frozen: null, settling: null, withdrawable: null, extra: [] }],
      },
    ],
  };
}

const failure: ReportError = { provider: 'okx', profile: 'default', kind: 'network', code: null, message: 'Could not reach OKX.' };
const ok = (usdt: string, at = 0): BalanceReport => ({ fetchedAt: new Date(at), balances: [set(usdt)], errors: [] });
const failed = (at = 0): BalanceReport => ({ fetchedAt: new Date(at), balances: [], errors: [failure] });

function scriptedSource(reports: BalanceReport[]): ReportSource & { calls: number } {
  const source = {
    targets: [],
    calls: 0,
    async fetch() {
      const report = reports[Math.min(source.calls, reports.length - 1)]!;
      source.calls++;
      return report;
    },
  };
  return source;
}

interface FakeTerminal extends Terminal {
  press(key: string): void;
  signal(name: StopSignal): void;
  rawMode: boolean;
  listeners(): number;
}

function fakeTerminal(options: { stderrIsScreen?: boolean } = {}): FakeTerminal {
  let onKey: ((key: string) => void) | null = null;
  let onSignal: ((signal: StopSignal) => void) | null = null;
  let resize: (() => void) | null = null;
  const terminal: FakeTerminal = {
    rawMode: false,
    size: () => ({ columns: 100, rows: 40 }),
    stderrIsScreen: () => options.stderrIsScreen ?? true,
    readKeys(callback) {
      onKey = callback;
      terminal.rawMode = true;
      return () => {
        onKey = null;
        terminal.rawMode = false;
      };
    },
    onResize(callback) {
      resize = callback;
      return () => void (resize = null);
    },
    onSignal(callback) {
      onSignal = callback;
      return () => void (onSignal = null);
    },
    press: (key) => onKey?.(key),
    signal: (name) => onSignal?.(name),
    listeners: () => [onKey, onSignal, resize].filter((listener) => listener !== null).length,
  };
  return terminal;
}

function fakeIo(isTTY: boolean): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (text) => void stdout.push(text),
    err: (text) => void stderr.push(text),
    stdoutIsTTY: isTTY,
    stderrIsTTY: isTTY,
    stdinIsTTY: isTTY,
    columns: 100,
    env: {},
    readStdin: () => Promise.reject(new Error('watch never reads stdin')),
    openPrompter: () => Promise.reject(new Error('watch never prompts')),
  };
}

const options = { interval: '1', format: undefined, json: undefined, fields: undefined, colorLevel: 0 as const };

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('watchMode', () => {
  it('redraws tables on a terminal and writes NDJSON elsewhere or with --json', () => {
    expect(watchMode({ format: undefined, json: undefined, fields: undefined }, true)).toBe('screen');
    expect(watchMode({ format: 'table', json: undefined, fields: undefined }, true)).toBe('screen');
    expect(watchMode({ format: undefined, json: undefined, fields: undefined }, false)).toBe('ndjson');
    expect(watchMode({ format: undefined, json: true, fields: undefined }, true)).toBe('ndjson');
    expect(watchMode({ format: 'json', json: undefined, fields: undefined }, false)).toBe('ndjson');
  });

  it.each([
    [{ format: 'tsv' }, true],
    [{ format: 'csv' }, false],
    [{ format: 'table' }, false],
    [{ fields: 'currency' }, true],
  ])('refuses %o (terminal: %s) with exit 2', (given, isTTY) => {
    expect(() => watchMode({ format: undefined, json: undefined, fields: undefined, ...given }, isTTY)).toThrow(BalanceError);
  });
});

describe('applyReport', () => {
  it('keeps the previous figures for the marks, and the last good ones when a refresh fails', () => {
    let entries = applyReport([], ok('1', 1000));
    entries = applyReport(entries, ok('2', 2000));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ previous: set('1'), current: set('2'), fetchedAt: new Date(2000), error: null });
    entries = applyReport(entries, failed(3000));
    expect(entries[0]).toMatchObject({ previous: set('1'), current: set('2'), fetchedAt: new Date(2000), error: failure, failedAt: new Date(3000) });
    entries = applyReport(entries, ok('3', 4000));
    expect(entries[0]).toMatchObject({ previous: set('2'), current: set('3'), error: null, failedAt: null });
  });
});

describe('the watch loop on a terminal', () => {
  it('enters the alternate screen, redraws each interval, and on q leaves it with the cursor shown and raw mode off', async () => {
    const io = fakeIo(true);
    const terminal = fakeTerminal();
    const source = scriptedSource([ok('100'), ok('150')]);
    const running = prepareWatch(options, io, terminal).run(source);
    await vi.advanceTimersByTimeAsync(0);
    expect(terminal.rawMode).toBe(true);
    expect(io.stdout[0]).toBe(`${ESC}[?1049h${ESC}[?25l${ESC}[H${ESC}[2J`);
    expect(io.stdout.join('')).toContain('100');
    await vi.advanceTimersByTimeAsync(1000);
    expect(source.calls).toBe(2);
    expect(io.stdout.at(-1)).toContain('150 ▲');
    terminal.press('q');
    expect(await running).toBe(0);
    expect(io.stdout.at(-1)).toBe(`${ESC}[?25h${ESC}[?1049l`);
    expect(terminal.rawMode).toBe(false);
    expect(terminal.listeners()).toBe(0);
    await vi.advanceTimersByTimeAsync(5000);
    expect(source.calls).toBe(2);
  });

  it.each([
    ['Ctrl-C', (terminal: FakeTerminal) => terminal.press('\u0003'), 130],
    ['SIGINT', (terminal: FakeTerminal) => terminal.signal('SIGINT'), 130],
    ['SIGTERM', (terminal: FakeTerminal) => terminal.signal('SIGTERM'), 143],
  ])('leaves cleanly on %s', async (_name, stop, code) => {
    const io = fakeIo(true);
    const terminal = fakeTerminal();
    const running = prepareWatch(options, io, terminal).run(scriptedSource([ok('1')]));
    await vi.advanceTimersByTimeAsync(0);
    stop(terminal);
    expect(await running).toBe(code);
    expect(io.stdout.at(-1)).toBe(`${ESC}[?25h${ESC}[?1049l`);
    expect(terminal.rawMode).toBe(false);
  });

  it('restores the terminal when the source throws, and passes the error on', async () => {
    const io = fakeIo(true);
    const terminal = fakeTerminal();
    const source: ReportSource = { targets: [], fetch: () => Promise.reject(new Error('boom')) };
    await expect(prepareWatch(options, io, terminal).run(source)).rejects.toThrow('boom');
    expect(io.stdout.at(-1)).toBe(`${ESC}[?25h${ESC}[?1049l`);
    expect(terminal.rawMode).toBe(false);
  });
});

describe('messages while the watch screen owns the terminal', () => {
  /** A source that writes a --debug line and a warning through the watch's Io, as the real one does, on every fetch. */
  function chattySource(io: Io, reports: BalanceReport[]): ReportSource & { calls: number } {
    const source = scriptedSource(reports);
    const fetch = source.fetch.bind(source);
    source.fetch = async () => {
      io.err('[debug] → GET http://127.0.0.1:1/api/v5/account/balance\n');
      io.err('balance: warning: the clock of 127.0.0.1 is 12 s ahead of this computer’s.\n');
      return fetch();
    };
    return source;
  }

  it('shows them on the screen, not on stderr, when stderr is that terminal', async () => {
    const io = fakeIo(true);
    const terminal = fakeTerminal({ stderrIsScreen: true });
    const watch = prepareWatch({ ...options, interval: '0.25', debug: true }, io, terminal);
    const running = watch.run(chattySource(watch.io, [failed()]));
    await vi.advanceTimersByTimeAsync(0);
    const frame = io.stdout.at(-1)!;
    expect(frame).toContain('[debug] → GET http://127.0.0.1:1/api/v5/account/balance');
    expect(frame).toContain('balance: warning: the clock of 127.0.0.1 is 12 s ahead');
    expect(frame).toContain('balance: refreshing every 1 s, not 0.25 s');
    expect(frame).toContain('failed: Could not reach OKX.');
    expect(io.stderr).toEqual([]);
    terminal.press('q');
    expect(await running).toBe(0);
    // After the screen is gone, stderr is stderr again.
    watch.io.err('late\n');
    expect(io.stderr).toEqual(['late\n']);
  });

  it('writes them, and each refresh\'s errors, to stderr when it is not that terminal (2>file)', async () => {
    const io = fakeIo(true);
    const terminal = fakeTerminal({ stderrIsScreen: false });
    const watch = prepareWatch({ ...options, interval: '0.25' }, io, terminal);
    const running = watch.run(chattySource(watch.io, [failed(), ok('5')]));
    await vi.advanceTimersByTimeAsync(1000);
    terminal.press('q');
    expect(await running).toBe(0);
    expect(io.stderr.join('')).toBe(
      'balance: refreshing every 1 s, not 0.25 s: 1 s is the shortest interval.\n' +
        '[debug] → GET http://127.0.0.1:1/api/v5/account/balance\n' +
        'balance: warning: the clock of 127.0.0.1 is 12 s ahead of this computer’s.\n' +
        'balance: Could not reach OKX.\n' +
        '[debug] → GET http://127.0.0.1:1/api/v5/account/balance\n' +
        'balance: warning: the clock of 127.0.0.1 is 12 s ahead of this computer’s.\n',
    );
    expect(io.stdout.join('')).not.toContain('[debug]');
  });
});

describe('screenText', () => {
  const CLEAR_LINE = `${ESC}[K`;
  const CLEAR_BELOW = `${ESC}[J`;

  it('clears each line before writing it, after it unless it ends in the last column, and below when there is room', () => {
    expect(screenText(['ab', 'abcd', ''], 4, 5)).toBe(`${CLEAR_LINE}ab${CLEAR_LINE}\n${CLEAR_LINE}abcd\n${CLEAR_LINE}\n${CLEAR_BELOW}`);
  });

  it('writes nothing after the last row of a full screen, which would scroll it', () => {
    expect(screenText(['ab', 'abcdef'], 4, 3)).toBe(`${CLEAR_LINE}ab${CLEAR_LINE}\n${CLEAR_LINE}abcdef${CLEAR_LINE}`);
  });
});

describe('the watch loop into a pipe', () => {
  it('writes one compact JSON document per refresh, errors included, and stops on a signal', async () => {
    const io = fakeIo(false);
    const terminal = fakeTerminal();
    const running = prepareWatch(options, io, terminal).run(scriptedSource([ok('100'), failed()]));
    await vi.advanceTimersByTimeAsync(1000);
    terminal.signal('SIGTERM');
    expect(await running).toBe(143);
    expect(terminal.rawMode).toBe(false);
    expect(io.stdout).toHaveLength(2);
    for (const line of io.stdout) expect(line).toMatch(/^\{.*\}\n$/);
    const [first, second] = io.stdout.map((line) => JSON.parse(line));
    expect(first.balances[0].accounts[0].cash[0].available).toBe('100');
    expect(second).toMatchObject({ schemaVersion: 1, balances: [], errors: [{ provider: 'okx', kind: 'network' }] });
    expect(io.stderr.join('')).toContain('Could not reach OKX.');
  });

  it('says so when the interval is lengthened', async () => {
    const io = fakeIo(false);
    const terminal = fakeTerminal();
    const running = prepareWatch({ ...options, interval: '0.25' }, io, terminal).run(scriptedSource([ok('1')]));
    terminal.signal('SIGINT');
    expect(await running).toBe(130);
    expect(io.stderr[0]).toBe('balance: refreshing every 1 s, not 0.25 s: 1 s is the shortest interval.\n');
  });
});
