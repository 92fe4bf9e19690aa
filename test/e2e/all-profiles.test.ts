// `balance show --all-profiles` and `balance check --all-profiles`: every stored
// profile fetched at once against its own local signature-checking server.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BigNumber from 'bignumber.js';
import { describe, expect, it } from 'vitest';
import { startLongportServer } from '../servers/longport.js';
import { startOkxServer, type OkxServer } from '../servers/okx.js';
import { LONGPORT_KEY, LONGPORT_WRONG_SECRET, OKX_KEY, OKX_OTHER_KEY } from '../secrets.js';
import { closeAfterEach } from './cleanup.js';
import { runBalance, type RunResult } from './harness.js';
import { hasTmux, startInTmux } from './tmux.js';
import { streamBalance } from './stream.js';
import schema from '../../schema/balance-report.v1.json' with { type: 'json' };
import { schemaErrors } from './schema.js';

const LATENCY_MS = 300;
const closeLater = closeAfterEach();

interface Setup {
  readonly env: Record<string, string>;
  /** When each server first received a request, per run: cleared by `resetArrivals`. */
  arrivals(): number[];
  run(args: string[], extraEnv?: Record<string, string>): Promise<RunResult>;
}

/** Three profiles — okx-a, okx-b (both OKX, both holding USDT) and margin (Longport) — each on a server answering after 300 ms. */
async function threeProfiles(options: { longportSecret?: string } = {}): Promise<Setup> {
  const okxA = await startOkxServer({ latencyMs: LATENCY_MS });
  const okxB = await startOkxServer({ latencyMs: LATENCY_MS, ...OKX_OTHER_KEY });
  const longport = await startLongportServer({ credentials: [LONGPORT_KEY], latencyMs: LATENCY_MS });
  closeLater(okxA.close);
  closeLater(okxB.close);
  closeLater(longport.close);
  const env = { BALANCE_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'balance-all-')) };
  const run = (args: string[], extraEnv: Record<string, string> = {}): Promise<RunResult> => runBalance(args, { env: { ...env, ...extraEnv } });
  const logins: [string, string, string, string][] = [
    ['okx', 'okx-a', okxA.url, `${OKX_KEY.apiKey}\n${OKX_KEY.apiSecret}\n${OKX_KEY.passphrase}\n`],
    ['okx', 'okx-b', okxB.url, `${OKX_OTHER_KEY.apiKey}\n${OKX_OTHER_KEY.apiSecret}\n${OKX_OTHER_KEY.passphrase}\n`],
    ['longport', 'margin', longport.url, `${LONGPORT_KEY.appKey}\n${options.longportSecret ?? LONGPORT_KEY.appSecret}\n${LONGPORT_KEY.accessToken}\n`],
  ];
  for (const [provider, profile, url, input] of logins) {
    const login = await runBalance(['auth', 'login', '--provider', provider, '--profile', profile, '--base-url', url, '--with-stdin', '--no-verify'], {
      env,
      input,
    });
    expect(login.code, login.stderr).toBe(0);
  }
  const servers = [okxA, okxB, longport];
  const arrivals = (): number[] => servers.map((server) => Math.min(...server.requests.map((request) => request.at)));
  return { env, run, arrivals };
}

describe('balance show --all-profiles', () => {
  it('shows every account with totals per currency, never adding different currencies', async () => {
    const { run } = await threeProfiles();
    const result = await run(['show', '--all-profiles', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(schemaErrors(schema, doc)).toEqual([]);
    expect(doc.balances.map((set: { provider: string; profile: string }) => `${set.provider}/${set.profile}`).sort()).toEqual([
      'longport/margin',
      'okx/okx-a',
      'okx/okx-b',
    ]);

    // Every currency's total is the exact sum of that currency's rows, and of nothing else.
    const rows = doc.balances.flatMap((set: { accounts: { cash: { currency: string; available: string }[] }[] }) =>
      set.accounts.flatMap((account) => account.cash),
    );
    const totals = new Map(doc.totals.map((total: { currency: string }) => [total.currency, total]));
    expect([...totals.keys()].sort()).toEqual(['HKD', 'USD', 'USDT']);
    for (const [currency, total] of totals as Map<string, { accounts: number; available: string }>) {
      const held = rows.filter((row: { currency: string }) => row.currency === currency);
      expect(total.accounts).toBe(held.length);
      const sum = held.reduce((acc: BigNumber, row: { available: string }) => acc.plus(row.available), new BigNumber(0));
      expect(new BigNumber(total.available).isEqualTo(sum), currency).toBe(true);
    }
    expect(totals.get('USDT')).toMatchObject({ accounts: 2, available: '9668.634187245788', settling: null });
    expect(totals.get('USD')).toMatchObject({ accounts: 1, available: '199893416.74' });
  });

  it('fetches the accounts concurrently: three 300 ms servers take well under twice one profile alone', async () => {
    const { run, arrivals } = await threeProfiles();
    const all = await run(['show', '--all-profiles', '--json']);
    expect(all.code, all.stderr).toBe(0);
    // Each server was asked before any other had answered: one after the other,
    // the last request would arrive at least 2 × 300 ms after the first.
    const asked = arrivals();
    expect(Math.max(...asked) - Math.min(...asked)).toBeLessThan(LATENCY_MS);
    // And the wall time: best of two runs each, so one slow process start does not decide.
    const one = Math.min(...(await sequential(2, () => run(['show', '--profile', 'okx-a', '--json']))).map((r) => r.ms));
    const best = Math.min(all.ms, (await run(['show', '--all-profiles', '--json'])).ms);
    expect(best).toBeLessThan(2 * one);
  });

  it('one failing account does not hide the others: stderr line, JSON errors entry, exit 4 when every failure is credentials', async () => {
    const { run } = await threeProfiles({ longportSecret: LONGPORT_WRONG_SECRET });
    const json = await run(['show', '--all-profiles', '--json']);
    expect(json.code).toBe(4);
    const doc = JSON.parse(json.stdout);
    expect(doc.balances.map((set: { profile: string }) => set.profile).sort()).toEqual(['okx-a', 'okx-b']);
    expect(doc.errors).toEqual([expect.objectContaining({ provider: 'longport', profile: 'margin', kind: 'auth', code: '403201' })]);
    expect(json.stderr).toMatch(/longport\/margin: .*403201/);

    const tsv = await run(['show', '--all-profiles']);
    expect(tsv.code).toBe(4);
    expect(tsv.stdout.trimEnd().split('\n').map((line) => line.split('\t').slice(0, 2).join('/'))).toEqual(['okx/okx-a', 'okx/okx-b']);
  });

  it('a provider that cannot be reached is exit 1, and the reachable accounts are still shown', async () => {
    const { env, run } = await threeProfiles();
    const down = await startOkxServer();
    await down.close();
    const saved = await runBalance(['auth', 'login', '--provider', 'okx', '--profile', 'okx-down', '--base-url', down.url, '--with-stdin', '--no-verify'], {
      env,
      input: `${OKX_KEY.apiKey}\n${OKX_KEY.apiSecret}\n${OKX_KEY.passphrase}\n`,
    });
    expect(saved.code, saved.stderr).toBe(0);
    const result = await run(['show', '--all-profiles', '--json', '--timeout', '5']);
    expect(result.code).toBe(1);
    const doc = JSON.parse(result.stdout);
    expect(doc.balances).toHaveLength(3);
    expect(doc.errors).toEqual([expect.objectContaining({ profile: 'okx-down', kind: 'network' })]);
    expect(result.stderr).toContain('okx/okx-down: ');
  });

  it('on a terminal-style table: every account, its cash, then the totals, within 80 columns (the width without a terminal)', async () => {
    const { run } = await threeProfiles();
    const result = await run(['show', '--all-profiles', '--format', 'table']);
    expect(result.code, result.stderr).toBe(0);
    const out = result.stdout;
    for (const line of out.trimEnd().split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(out).toMatch(/^okx\/okx-a · trading · risk safe · figures in USD$/m);
    expect(out).toMatch(/^│ longport\/margin │ securities │ HKD +│ Available +│ +195,902,464\.37 │$/m);
    // Too wide at 80 columns as a column per figure: a row per figure, the totals alike.
    const totals = out.slice(out.indexOf('│ Total'));
    expect(totals).toMatch(/│ USDT +│ +2 │ Available +│ +9,668\.634187245788 │/);
    expect(totals).toMatch(/│ HKD +│ +1 │ Available +│ +195,902,464\.37 │/);
  });

  it('refuses --all-profiles with --profile or --provider (exit 2), and says what to do when there is nothing to show', async () => {
    const { run } = await threeProfiles();
    expect((await run(['show', '--all-profiles', '--profile', 'okx-a'])).code).toBe(2);
    expect((await run(['show', '--all-profiles', '--provider', 'okx'])).code).toBe(2);
    const empty = await runBalance(['show', '--all-profiles']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('balance auth login');
  });
});

describe('balance show --all-profiles: each account once', () => {
  it("a stored profile's account in the environment's variables too is fetched and counted once, with a note naming the profile kept", async () => {
    const { okx, env } = await okxAndLongportProfiles();
    const storedOnly = await runBalance(['show', '--all-profiles', '--json'], { env });
    expect(storedOnly.code, storedOnly.stderr).toBe(0);
    okx.requests.length = 0;

    const okxEnv = { OKX_API_KEY: OKX_KEY.apiKey, OKX_API_SECRET: OKX_KEY.apiSecret, OKX_API_PASSPHRASE: OKX_KEY.passphrase, OKX_BASE_URL: okx.url };
    const both = await runBalance(['show', '--all-profiles', '--json'], { env: { ...env, ...okxEnv } });
    expect(both.code, both.stderr).toBe(0);
    const doc = JSON.parse(both.stdout);
    expect(doc.balances.map((set: { provider: string; profile: string }) => `${set.provider}/${set.profile}`)).toEqual(['longport/lp', 'okx/okx-main']);
    expect(doc.totals).toEqual(JSON.parse(storedOnly.stdout).totals);
    expect(okx.requests.map((request) => request.path).sort()).toEqual(['/api/v5/account/balance', '/api/v5/account/max-withdrawal']);
    // Not on a terminal (cron mails every stderr line): no note; with --debug, the note.
    expect(both.stderr).toBe('');
    const debug = await runBalance(['show', '--all-profiles', '--json', '--debug'], { env: { ...env, ...okxEnv } });
    expect(debug.stderr).toContain(
      "balance: note: the environment's OKX credentials are the same OKX account as profile okx-main (same API key, host and demo setting): shown once, as okx/okx-main.\n",
    );
  });

  (hasTmux() ? it : it.skip)('--watch on a terminal: the combined tables and totals of --all-profiles, and the note on the watch screen', async () => {
    const { okx, env } = await okxAndLongportProfiles();
    const okxEnv = { OKX_API_KEY: OKX_KEY.apiKey, OKX_API_SECRET: OKX_KEY.apiSecret, OKX_API_PASSPHRASE: OKX_KEY.passphrase, OKX_BASE_URL: okx.url };
    const once = await runBalance(['show', '--all-profiles', '--format', 'table'], { env: { ...env, ...okxEnv } });
    expect(once.code, once.stderr).toBe(0);

    const pane = await startInTmux(['show', '--all-profiles', '--watch', '60'], { ...env, ...okxEnv }, { columns: 80, rows: 80 });
    closeLater(() => pane.close());
    const screen = await pane.waitFor((text) => text.includes('fetched at'), 'the first refresh');
    // The same tables as without --watch: every line of them is on the screen.
    const tables = once.stdout.split('\n').filter((line) => line.trim() !== '');
    expect(tables.some((line) => line.includes('Total'))).toBe(true);
    const rows = screen.split('\n').map((line) => line.trimEnd());
    for (const line of tables) expect(rows, line).toContain(line.trimEnd());
    expect(screen.replace(/\s+/g, ' ')).toContain("the environment's OKX credentials are the same OKX account as profile okx-main");
    await pane.keys('q');
    expect((await pane.exited()).code).toBe(0);
  });
});

describe('balance show --all-profiles with provider-specific flags', () => {
  it('each flag applies to the providers it fits: --funding to OKX, --region to Longport; no account fails', async () => {
    const { run } = await threeProfiles();
    const result = await run(['show', '--all-profiles', '--json', '--funding', '--region', 'cn']);
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.errors).toEqual([]);
    const accounts = doc.balances.flatMap((set: { profile: string; accounts: { type: string }[] }) => set.accounts.map((account) => `${set.profile} ${account.type}`));
    expect(accounts.sort()).toEqual(['margin securities', 'okx-a funding', 'okx-a trading', 'okx-b funding', 'okx-b trading']);
  });

  it('--base-url, or a flag that fits none of the accounts: exit 2 before any request, saying why', async () => {
    const { run } = await threeProfiles();
    const baseUrl = await run(['show', '--all-profiles', '--base-url', 'http://127.0.0.1:9']);
    expect(baseUrl.code).toBe(2);
    expect(baseUrl.stdout).toBe('');
    expect(baseUrl.stderr).toContain('--base-url cannot be used with --all-profiles: the accounts are on different hosts.');
    const legacy = await run(['check', '--all-profiles', '--max-risk', 'danger', '--legacy-api']);
    expect(legacy.code).toBe(2);
    expect(legacy.stderr).toContain('--legacy-api applies to longbridge accounts only, and --all-profiles found none.');
  });

  it('exit 2 when every failure is a usage error: OKX_SITE naming a site OKX does not have fails the OKX accounts, the others are shown', async () => {
    const { run } = await threeProfiles();
    const result = await run(['show', '--all-profiles'], { OKX_SITE: 'mars' });
    expect(result.code).toBe(2);
    expect(lines(result.stdout).map((line) => line.split('\t').slice(0, 2).join('/'))).toEqual(['longport/margin', 'longport/margin']);
    expect(result.stderr).toMatch(/okx\/okx-a: OKX_SITE must be one of global, eea, us/);
  });
});

describe('balance show --all-profiles --watch into a pipe', () => {
  it('writes NDJSON documents that carry the totals, like show --json', async () => {
    const { env } = await threeProfiles();
    const run = streamBalance(['show', '--all-profiles', '--watch', '1'], env);
    try {
      const first = JSON.parse(await run.nextLine());
      expect(schemaErrors(schema, first)).toEqual([]);
      expect(first.balances).toHaveLength(3);
      expect(first.totals.find((total: { currency: string }) => total.currency === 'USDT')).toMatchObject({ accounts: 2, available: '9668.634187245788' });
    } finally {
      run.child.kill('SIGTERM');
      expect((await run.exited()).code).toBe(143);
    }
  });
});

describe('balance check --all-profiles', () => {
  it('checks every account and names the one that breaches', async () => {
    const { run } = await threeProfiles();
    const holds = await run(['check', '--all-profiles', '--max-risk', 'medium']);
    expect(holds.code, holds.stdout + holds.stderr).toBe(0);

    const breached = await run(['check', '--all-profiles', '--max-risk', 'safe', '--min-available', 'okx:USDT=4834.317093622895']);
    expect(breached.code).toBe(5);
    const lines = breached.stdout.trimEnd().split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^longport\/margin: risk medium .*above safe/));
    // 4834.317093622894 is one step below the threshold: a float could not tell them apart.
    expect(lines.filter((line) => /^okx\/okx-[ab]: USDT available 4,834\.317093622894 below 4,834\.317093622895/.test(line))).toHaveLength(2);
  });
});

const lines = (text: string): string[] => text.split('\n').filter((line) => line !== '');

async function sequential<T>(times: number, task: () => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < times; i++) results.push(await task());
  return results;
}

/** An OKX and a Longport server, and a store with a profile for each (okx-main, lp). */
async function okxAndLongportProfiles(): Promise<{ okx: OkxServer; env: { BALANCE_CONFIG_DIR: string } }> {
  const okx = await startOkxServer();
  const longport = await startLongportServer({ credentials: [LONGPORT_KEY] });
  closeLater(okx.close);
  closeLater(longport.close);
  const env = { BALANCE_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'balance-all-')) };
  for (const [provider, profile, url, input] of [
    ['okx', 'okx-main', okx.url, `${OKX_KEY.apiKey}\n${OKX_KEY.apiSecret}\n${OKX_KEY.passphrase}\n`],
    ['longport', 'lp', longport.url, `${LONGPORT_KEY.appKey}\n${LONGPORT_KEY.appSecret}\n${LONGPORT_KEY.accessToken}\n`],
  ] as const) {
    const login = await runBalance(['auth', 'login', '--provider', provider, '--profile', profile, '--base-url', url, '--with-stdin', '--no-verify'], { env, input });
    expect(login.code, login.stderr).toBe(0);
  }
  return { okx, env };
}
