// `balance show --watch` through the built binary against the fake OKX server:
// in a real terminal (tmux) for the redraw, the marks and the way out, and
// through a pipe for NDJSON.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import schema from '../../schema/balance-report.v1.json' with { type: 'json' };
import { OKX_TEST_KEY, okxTestEnv, startOkxServer, type OkxServer, type OkxServerOptions } from '../servers/okx.js';
import { allOutputs, runBalance } from './harness.js';
import { schemaErrors } from './schema.js';
import { streamBalance, type StreamingRun } from './stream.js';
import { hasTmux, startInTmux, type TmuxPane } from './tmux.js';

const ESC = String.fromCharCode(27);

const servers: OkxServer[] = [];
const panes: TmuxPane[] = [];
const streams: StreamingRun[] = [];
afterEach(async () => {
  for (const stream of streams.splice(0)) stream.child.kill('SIGKILL');
  await Promise.all(panes.splice(0).map((pane) => pane.close()));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(options: OkxServerOptions = {}): Promise<OkxServer> {
  const server = await startOkxServer({ balance: balance('16000.25', '0.5'), ...options });
  servers.push(server);
  return server;
}

function balance(usdt: string, btc: string) {
  return {
    totalEq: '71000.5',
    mgnRatio: '',
    details: [
      { ccy: 'BTC', availBal: btc, frozenBal: '0', eq: btc, eqUsd: '30000' },
      { ccy: 'USDT', availBal: usdt, frozenBal: '0', eq: usdt, eqUsd: usdt },
    ],
  };
}

const okxEnv = (server: OkxServer): Record<string, string> => okxTestEnv(server, { TZ: 'UTC' });

/** The cells of the table row of a currency, trimmed. */
const row = (screen: string, currency: string): string[] =>
  (screen.split('\n').find((line) => line.includes(`│ ${currency} `)) ?? '')
    .split('│')
    .map((cell) => cell.trim())
    .filter((cell) => cell !== '');

// tmux is part of the test tools (.ci/run installs it); without it, say so rather than pass silently.
const terminalTests = hasTmux() || process.env.CI === 'true' ? describe : describe.skip;
if (!hasTmux()) console.warn('tmux is not installed: the terminal tests of --watch are skipped');

terminalTests('balance show --watch in a terminal', () => {
  async function watch(server: OkxServer): Promise<TmuxPane> {
    const pane = await startInTmux(['show', '--provider', 'okx', '--watch', '1'], okxEnv(server));
    panes.push(pane);
    return pane;
  }

  it('redraws in place, marks what changed, keeps the figures through a failed refresh, and leaves on q restoring the terminal', async () => {
    const server = await serve();
    const pane = await watch(server);

    const first = await pane.waitFor((screen) => screen.includes('fetched at'), 'the first figures');
    expect(row(first, 'USDT').slice(0, 4)).toEqual(['USDT', '16,000.25', '0', '—']);
    expect(first).toMatch(/^balance · every 1 s · (next at \d\d:\d\d:\d\d|refreshing…) · q to quit$/m);
    expect(first).toMatch(/^fetched at \d\d:\d\d:\d\d$/m);
    expect(first).not.toMatch(/[▲▼]/);
    expect(await pane.format('#{alternate_on} #{cursor_flag}')).toBe('1 0');

    server.options.balance = balance('16500.25', '0.4');
    const changed = await pane.waitFor((screen) => screen.includes('▲'), 'a change mark');
    expect(row(changed, 'USDT').slice(0, 2)).toEqual(['USDT', '16,500.25 ▲']);
    expect(row(changed, 'BTC').slice(0, 2)).toEqual(['BTC', '0.4 ▼']);
    // Redrawn in place: one screen, one table, not a scroll of them.
    expect(changed.split('\n').filter((line) => line.includes('│ USDT '))).toHaveLength(1);
    const coloured = await pane.screen({ escapes: true });
    expect(coloured).toContain(`${ESC}[32m▲`);
    expect(coloured).toContain(`${ESC}[31m▼`);

    // The key is deleted while the watch runs: every later request is refused.
    server.fail({ code: '50111', times: 1000 });
    const failed = await pane.waitFor((screen) => screen.includes('failed'), 'the refresh error');
    expect(row(failed, 'USDT').slice(0, 2)).toEqual(['USDT', '16,500.25 ▲']);
    const lines = failed.split('\n');
    const error = lines.findIndex((line) => /^refresh at \d\d:\d\d:\d\d failed: OKX rejected the API key as invalid \(50111\)\.$/.test(line));
    expect(error).toBeGreaterThan(0);
    expect(lines[error - 1]).toMatch(/^fetched at \d\d:\d\d:\d\d$/);

    await pane.keys('q');
    const { code, stty } = await pane.exited();
    expect(code).toBe(0);
    expect(await pane.format('#{alternate_on} #{cursor_flag}')).toBe('0 1');
    expect(stty).toMatch(/(^|\s)icanon(\s|$)/m);
    expect(stty).toMatch(/(^|\s)echo(\s|$)/m);
  });

  it('in a 60×20 terminal: keeps the title line on top, the tables within 60 columns, and shows --debug lines on the screen', async () => {
    const server = await serve();
    const pane = await startInTmux(['show', '--provider', 'okx', '--watch', '1', '--debug'], okxEnv(server), { columns: 60, rows: 20 });
    panes.push(pane);
    // Let it redraw a few times: a screen taller than the pane would have scrolled by then.
    await pane.waitFor((screen) => screen.includes('[debug]'), 'a --debug line');
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const screen = await pane.screen();
    const rows = screen.replace(/\n$/, '').split('\n');
    expect(rows).toHaveLength(20);
    expect(rows[0]).toMatch(/^balance · every 1 s · (next at \d\d:\d\d:\d\d|refreshing…) · q to quit$/);
    // A row per figure: four core columns do not fit 60 columns.
    expect(rows).toContain('│ USDT     │ Available    │ 16,000.25   │');
    expect(rows.some((row) => /^… \d+ more lines: make the window taller$/.test(row))).toBe(true);
    expect(screen).toMatch(/\[debug\] [→←]/);
    await pane.keys('q');
    expect((await pane.exited()).code).toBe(0);
  });

  it('with stderr redirected (2>file): the screen stays clean, the messages and refresh errors go to the file', async () => {
    const server = await serve();
    const dir = mkdtempSync(join(tmpdir(), 'balance-watch-'));
    const stderrFile = join(dir, 'stderr');
    const pane = await startInTmux(['show', '--provider', 'okx', '--watch', '1', '--debug'], okxEnv(server), { columns: 80, rows: 40 }, { stderrFile });
    panes.push(pane);
    await pane.waitFor((screen) => screen.includes('fetched at'), 'the first figures');
    server.fail({ code: '50111', times: 1000 });
    await pane.waitFor((screen) => screen.includes('failed'), 'the refresh error');
    expect(await pane.screen()).not.toContain('[debug]');
    await pane.keys('q');
    expect((await pane.exited()).code).toBe(0);
    const stderr = readFileSync(stderrFile, 'utf8');
    allOutputs.push(stderr);
    expect(stderr).toMatch(/^\[debug\] → GET http:\/\/127\.0\.0\.1:\d+\/api\/v5\/account\/balance/m);
    expect(stderr).toContain('balance: OKX rejected the API key as invalid (50111).');
  });

  it('leaves on Ctrl-C with exit 130, terminal restored', async () => {
    const server = await serve();
    const pane = await watch(server);
    await pane.waitFor((screen) => screen.includes('fetched at'), 'the first figures');
    await pane.keys('C-c');
    const { code, stty } = await pane.exited();
    expect(code).toBe(130);
    expect(await pane.format('#{alternate_on} #{cursor_flag}')).toBe('0 1');
    expect(stty).toMatch(/(^|\s)icanon(\s|$)/m);
  });
});

describe('balance show --watch into a pipe', () => {
  const validate = (doc: unknown): void => expect(schemaErrors(schema, doc)).toEqual([]);

  it('writes one compact JSON document per refresh (NDJSON), and ends on SIGINT with exit 130', async () => {
    const server = await serve();
    const run = streamBalance(['show', '--provider', 'okx', '--watch', '1'], okxEnv(server));
    streams.push(run);
    const first = JSON.parse(await run.nextLine());
    validate(first);
    expect(first.balances[0].accounts[0].cash.find((c: { currency: string }) => c.currency === 'USDT').available).toBe('16000.25');

    server.options.balance = balance('16500.25', '0.4');
    // A refresh already under way may still carry the old figure: the change shows within two more.
    const usdt = (doc: { balances: { accounts: { cash: { currency: string; available: string }[] }[] }[] }) =>
      doc.balances[0]!.accounts[0]!.cash.find((c) => c.currency === 'USDT')!.available;
    let second = JSON.parse(await run.nextLine());
    validate(second);
    if (usdt(second) !== '16500.25') second = JSON.parse(await run.nextLine());
    expect(usdt(second)).toBe('16500.25');
    expect(Date.parse(second.fetchedAt)).toBeGreaterThan(Date.parse(first.fetchedAt));

    run.child.kill('SIGINT');
    expect((await run.exited()).code).toBe(130);
    expect(run.stderr()).toBe('');
  });

  it('puts a failed refresh in `errors` and carries on', async () => {
    const server = await serve({ faults: [{ code: '50113', times: 2 }] });
    const run = streamBalance(['show', '--provider', 'okx', '--watch', '1', '--json'], okxEnv(server));
    streams.push(run);
    const first = JSON.parse(await run.nextLine());
    validate(first);
    expect(first.balances).toEqual([]);
    expect(first.errors).toEqual([expect.objectContaining({ provider: 'okx', kind: 'auth', code: '50113' })]);
    const second = JSON.parse(await run.nextLine());
    expect(second.errors).toEqual([]);
    expect(second.balances).toHaveLength(1);
    run.child.kill('SIGTERM');
    expect((await run.exited()).code).toBe(143);
    expect(run.stderr()).toContain('50113');
  });

  it('refreshes no faster than allowed, saying so', async () => {
    const server = await serve();
    const run = streamBalance(['show', '--provider', 'okx', '--watch', '0.2'], okxEnv(server));
    streams.push(run);
    await run.nextLine();
    expect(run.stderr()).toBe('balance: refreshing every 1 s, not 0.2 s: 1 s is the shortest interval.\n');
    run.child.kill('SIGINT');
    await run.exited();
  });

  it('refuses a bad interval and formats it cannot write, before any request (exit 2)', async () => {
    const server = await serve();
    for (const args of [['--watch', 'soon'], ['--watch', '0'], ['--watch', '5', '--format', 'tsv'], ['--watch', '--fields', 'currency']]) {
      const result = await runBalance(['show', '--provider', 'okx', ...args], { env: okxEnv(server) });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
    }
    expect(server.requests).toEqual([]);
  });
});

afterAll(() => {
  for (const output of allOutputs) {
    for (const secret of Object.values(OKX_TEST_KEY)) expect(output).not.toContain(secret);
  }
});
