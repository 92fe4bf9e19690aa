// `npm run bench`: how close `balance` sits to what Node itself costs.
//
// Starts the end-to-end tests' provider servers on 127.0.0.1, then times
// whole processes — each run a fresh process — interleaved round by round,
// and prints medians, spread, ratios, peak RSS and the budgets of issues 6
// and 14. Rows 7 go over TLS with a round-trip time, through ./relay.ts.
// Every command runs with a clean environment: no NODE_EXTRA_CA_CERTS (which
// Node 20 parses at every start), no NODE_OPTIONS, a temporary HOME.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { cpus, arch, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { OKX_TEST_KEY, startOkxServer } from '../test/servers/okx.js';
import { TEST_CREDENTIALS, startLongportServer } from '../test/servers/longport.js';
import { CCXT_EXTRA_ROUTES, installCcxt } from './ccxt.js';
import { gnuTimeRssMeter, runOnce, type Command, type Run } from './measure.js';
import { overBudget, resultsTable, summaryTable, type BudgetSpec, type RowResult } from './report.js';
import { interleavedOrder } from './stats.js';
import { detectFeatures, storeProfiles, type ProfileSpec } from './profiles.js';
import { makeCertificates, startRelay, type Relay, type RelayCounts } from './relay.js';

// The bundle runs from bench/.tmp/; npm runs scripts in the project's folder.
const ROOT = process.cwd();
const BIN = join(ROOT, 'bin', 'balance.js');
const NODE = process.execPath;
const FANOUT_LATENCY_MS = 300;
/** Row 5c: this many stored profiles of each provider, each with a key of its own. */
const SCALE_PER_PROVIDER = 10;
/**
 * The bench sends hundreds of requests a minute, which servers that enforce
 * the providers' rate limits (as the e2e servers may) would refuse; it
 * measures start-up, not the limiter.
 */
const UNLIMITED = { rateLimits: false };

interface Options {
  quick: boolean;
  withCcxt: boolean;
  runs: number;
  latencyMs: number;
  rttMs: number;
}

const USAGE = `usage: npm run bench -- [--quick] [--with-ccxt] [--runs N] [--latency MS] [--rtt MS]

  --quick       every row once, nothing judged or written (for CI)
  --with-ccxt   also time a ccxt fetchBalance script (installs ccxt into a temporary folder)
  --runs N      runs per command (default 15)
  --latency MS  delay every answer of the servers of rows 2, 4, 6 and 7 (default 0)
  --rtt MS      round-trip time of rows 7, over TLS through the relay (default 50)

Exit status: 0 when every budget holds (always, with --quick), 1 when one is
missed, 2 when a command fails or prints the wrong thing.
`;

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { quick: false, withCcxt: false, runs: 15, latencyMs: 0, rttMs: 50 };
  let runsGiven = false;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    const number = (): number => {
      const value = Number(argv[++index]);
      if (!Number.isInteger(value) || value < 0) throw new UsageError(`${arg} takes a whole number`);
      return value;
    };
    if (arg === '--quick') options.quick = true;
    else if (arg === '--with-ccxt') options.withCcxt = true;
    else if (arg === '--runs') {
      options.runs = Math.max(1, number());
      runsGiven = true;
    } else if (arg === '--latency') options.latencyMs = number();
    else if (arg === '--rtt') options.rttMs = number();
    else throw new UsageError(`unknown option ${arg}`);
  }
  if (options.quick && !runsGiven) options.runs = 1;
  return options;
}

class UsageError extends Error {}

interface Row {
  readonly id: string;
  readonly label: string;
  readonly command?: Command;
  readonly notMeasured?: string;
  /** Returns what is wrong with a run's output, or undefined when it is right. */
  readonly check: (run: Run) => string | undefined;
  readonly budgets: readonly BudgetSpec[];
}

/** The requests the servers have received so far, and the connections the relays took. */
type Counter = () => { readonly requests: number } & RelayCounts;

const log = (line: string): void => void process.stderr.write(`${line}\n`);

export async function runBench(argv: readonly string[]): Promise<number> {
  let options: Options;
  try {
    if (argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write(USAGE);
      return 0;
    }
    options = parseOptions(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`bench: ${error.message}\n${USAGE}`);
    return 2;
  }
  if (!existsSync(join(ROOT, 'dist', 'balance.cjs'))) {
    log('bench: dist/balance.cjs is missing; run `npm run build` first.');
    return 2;
  }

  const scratch = mkdtempSync(join(tmpdir(), 'balance-bench-'));
  const okx = await startOkxServer({ latencyMs: options.latencyMs, extraRoutes: CCXT_EXTRA_ROUTES, ...UNLIMITED });
  // Without --latency, no latency option: the Longport server would wait a timer's tick even for 0 (the OKX one does not).
  const longport = await startLongportServer({ ...(options.latencyMs > 0 ? { latencyMs: options.latencyMs } : {}), ...UNLIMITED });
  // Row 5: three accounts, each behind its own slow server.
  const slow = [
    await startOkxServer({ latencyMs: FANOUT_LATENCY_MS, ...UNLIMITED }),
    await startLongportServer({ latencyMs: FANOUT_LATENCY_MS, ...UNLIMITED }),
    await startOkxServer({ latencyMs: FANOUT_LATENCY_MS, ...UNLIMITED }),
  ];
  // Row 5c: a key of its own for each profile, behind slow servers that enforce
  // the providers' rate limits. An OKX server knows one key; a Longport server several.
  const scale = scaleProfiles();
  const scaleOkx = await Promise.all(
    scale
      .filter((profile) => profile.provider === 'okx')
      .map(({ secrets }) => startOkxServer({ latencyMs: FANOUT_LATENCY_MS, apiKey: secrets.apiKey!, apiSecret: secrets.apiSecret!, passphrase: secrets.passphrase! })),
  );
  const scaleLongport = await startLongportServer({
    latencyMs: FANOUT_LATENCY_MS,
    credentials: scale
      .filter((profile) => profile.provider !== 'okx')
      .map(({ secrets }) => ({ appKey: secrets.appKey!, appSecret: secrets.appSecret!, accessToken: secrets.accessToken! })),
  });
  const servers = [okx, longport, ...slow, ...scaleOkx, scaleLongport];
  // Rows 7: over TLS, through a relay with a round-trip time, to the OKX server.
  const relays: Relay[] = [];
  const counter: Counter = () => {
    const counts = relays.map((relay) => relay.counts());
    const sum = (key: keyof RelayCounts): number => counts.reduce((total, count) => total + count[key], 0);
    return { requests: servers.reduce((total, server) => total + server.requests.length, 0), tcp: sum('tcp'), tls: sum('tls'), resumed: sum('resumed') };
  };
  const rss = gnuTimeRssMeter();
  try {
    const certificates = makeCertificates(scratch);
    relays.push(await startRelay(okx.url, certificates, options.rttMs));
    let okxIndex = 0;
    const scaleUrls = scale.map((profile) => (profile.provider === 'okx' ? scaleOkx[okxIndex++]!.url : scaleLongport.url));
    const urls: Urls = {
      okx: okx.url,
      longport: longport.url,
      slow: slow.map((server) => server.url),
      scale: scale.map((profile, index) => ({ ...profile, baseUrl: scaleUrls[index]! })),
      tls: { okx: relays[0]!.url, caFile: certificates.caFile },
    };
    const rows = await defineRows(options, scratch, urls);
    const loadBefore = loadavg()[0]!;
    const results = await measure(rows, options, rss, counter);
    return report(results, options, rss !== undefined, `${loadBefore.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}`);
  } catch (error) {
    // A command that fails or prints the wrong thing makes its timings meaningless.
    progress('');
    log(`bench: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  } finally {
    rss?.close();
    await Promise.all([...relays, ...servers].map((server) => server.close()));
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The environment of every child: nothing inherited but PATH. */
function cleanEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
    BALANCE_CONFIG_DIR: join(home, 'config'),
    XDG_CONFIG_HOME: join(home, '.config'),
    BALANCE_KEYRING: 'off',
    ...extra,
  };
}

interface Urls {
  readonly okx: string;
  readonly longport: string;
  readonly slow: readonly string[];
  /** Row 5c's profiles, each with its server. */
  readonly scale: readonly ProfileSpec[];
  /** Rows 7: the relay in front of the OKX server, and the certificate authority to trust. */
  readonly tls: { readonly okx: string; readonly caFile: string };
}

/** Row 5c's profiles: SCALE_PER_PROVIDER each of OKX, Longport and Longbridge, every one with keys of its own. */
function scaleProfiles(): ProfileSpec[] {
  const providers = ['okx', 'longport', 'longbridge'] as const;
  return providers.flatMap((provider) =>
    Array.from({ length: SCALE_PER_PROVIDER }, (_, index): ProfileSpec => {
      const name = `${provider}-${index + 1}`;
      const secrets: Record<string, string> =
        provider === 'okx'
          ? { apiKey: `bench-${name}-key`, apiSecret: `bench-${name}-secret`, passphrase: `bench-${name}-passphrase` }
          : { appKey: `bench-${name}-app-key`, appSecret: `bench-${name}-app-secret`, accessToken: `bench-${name}-token` };
      return { name, provider, baseUrl: '', secrets };
    }),
  );
}

const okxEnv = (url: string): Record<string, string> => ({
  OKX_API_KEY: OKX_TEST_KEY.apiKey,
  OKX_API_SECRET: OKX_TEST_KEY.apiSecret,
  OKX_API_PASSPHRASE: OKX_TEST_KEY.passphrase,
  OKX_BASE_URL: url,
});

const longportEnv = (url: string): Record<string, string> => ({
  LONGPORT_APP_KEY: TEST_CREDENTIALS.appKey,
  LONGPORT_APP_SECRET: TEST_CREDENTIALS.appSecret,
  LONGPORT_ACCESS_TOKEN: TEST_CREDENTIALS.accessToken,
  LONGPORT_HTTP_URL: url,
});

/** Ours: the row's median time at most `limit` × the other row's. */
const time = (against: string, limit: number): BudgetSpec => ({ metric: 'time', against, limit, kind: 'at-most' });
/** The alternative's, reported only: at least `limit` × slower than the other row. */
const slowerBy = (against: string, limit: number): BudgetSpec => ({ metric: 'time', against, limit, kind: 'at-least', informational: true });
/** Peak RSS against the fetch script's, as since issue 6. */
const rssOfScript: BudgetSpec = { metric: 'rss', against: '2f', limit: 1.1, kind: 'at-most' };
/** Peak RSS at most `limit` × the other row's. */
const rssOf = (against: string, limit: number): BudgetSpec => ({ metric: 'rss', against, limit, kind: 'at-most' });

const exitsZero = (run: Run): string | undefined => (run.code === 0 ? undefined : `exit ${run.code ?? run.signal}: ${run.stderr.trim()}`);

/** A `balance show --json` run: exit 0, no errors, a balance from each of these providers. */
const showsBalances =
  (providers: readonly string[]) =>
  (run: Run): string | undefined => {
    const failed = exitsZero(run);
    if (failed !== undefined) return failed;
    // A warning (a listener leak over many accounts, a rate limit) is a defect a user sees.
    if (run.stderr.trim() !== '') return `wrote to stderr: ${run.stderr.trim().slice(0, 300)}`;
    try {
      const doc = JSON.parse(run.stdout) as { balances: { provider: string }[]; errors: unknown[] };
      const got = doc.balances.map((set) => set.provider).sort();
      if (doc.errors.length > 0 || got.join() !== [...providers].sort().join()) return `unexpected report: ${run.stdout}`;
      return undefined;
    } catch {
      return `not JSON: ${run.stdout.slice(0, 200)}`;
    }
  };

async function defineRows(options: Options, scratch: string, urls: Urls): Promise<Row[]> {
  const home = join(scratch, 'home-env');
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const node = (args: string[], env: Record<string, string> = {}, dir = home): Command => ({
    file: NODE,
    args,
    env: cleanEnv(dir, env),
  });
  const balance = (args: string[], env: Record<string, string> = {}, dir = home): Command => node([BIN, ...args], env, dir);

  const printsOkxAnswer = (run: Run): string | undefined =>
    exitsZero(run) ?? (run.stdout.includes('"code":"0"') ? undefined : `unexpected output: ${run.stdout}`);
  const rows: Row[] = [
    { id: '1', label: '`node -e 0`', command: node(['-e', '0']), check: exitsZero, budgets: [] },
    {
      id: '2',
      label: 'minimal script: one signed OKX request with `node:http` (`bench/minimal-okx-http.mjs`)',
      command: node([join(ROOT, 'bench', 'minimal-okx-http.mjs')], okxEnv(urls.okx)),
      check: printsOkxAnswer,
      budgets: [],
    },
    {
      id: '2f',
      label: 'the same with `fetch` (`bench/minimal-okx.mjs`)',
      command: node([join(ROOT, 'bench', 'minimal-okx.mjs')], okxEnv(urls.okx)),
      check: printsOkxAnswer,
      budgets: [],
    },
    {
      id: '3a',
      label: '`balance --help`',
      command: balance(['--help']),
      check: (run) => exitsZero(run) ?? (run.stdout.includes('Usage: balance') ? undefined : 'no usage text'),
      budgets: [time('1', 1.1)],
    },
    {
      id: '3b',
      label: '`balance --version`',
      command: balance(['--version']),
      check: (run) =>
        exitsZero(run) ?? (run.stdout === `balance ${version} (node ${process.version}, ${process.platform}-${process.arch})\n` ? undefined : `printed ${run.stdout}`),
      budgets: [time('1', 1.5)],
    },
    {
      id: '4a',
      label: '`balance show --provider okx --json`, env credentials',
      command: balance(['show', '--provider', 'okx', '--json'], okxEnv(urls.okx)),
      check: showsBalances(['okx']),
      budgets: [time('2', 1.2), rssOfScript],
    },
    {
      id: '4b',
      label: '`balance show --provider longport --json`, env credentials',
      command: balance(['show', '--provider', 'longport', '--json'], longportEnv(urls.longport)),
      check: showsBalances(['longport']),
      budgets: [time('2', 1.2), rssOfScript],
    },
  ];

  const features = await detectFeatures(BIN, cleanEnv(home));
  const profileHome = join(scratch, 'home-profiles');
  const fanoutHome = join(scratch, 'home-fanout');
  const stored: ProfileSpec[] = [
    { name: 'okx-main', provider: 'okx', baseUrl: urls.okx, secrets: OKX_TEST_KEY },
    { name: 'longport-main', provider: 'longport', baseUrl: urls.longport, secrets: { ...TEST_CREDENTIALS } },
  ];
  const fanout: ProfileSpec[] = [
    { name: 'okx-a', provider: 'okx', baseUrl: urls.slow[0]!, secrets: OKX_TEST_KEY },
    { name: 'longport-b', provider: 'longport', baseUrl: urls.slow[1]!, secrets: { ...TEST_CREDENTIALS } },
    { name: 'okx-c', provider: 'okx', baseUrl: urls.slow[2]!, secrets: OKX_TEST_KEY },
  ];
  const profilesMissing = features.profiles ? undefined : 'stored profiles (`balance auth login`, `show --profile`) not available in this build';
  const scaleHome = join(scratch, 'home-scale');
  // Real folders, as a user's HOME is: the code cache goes to HOME/.cache.
  for (const dir of [home, profileHome, fanoutHome, scaleHome]) mkdirSync(dir, { recursive: true });
  if (profilesMissing === undefined) {
    await storeProfiles(BIN, cleanEnv(profileHome), stored);
    await storeProfiles(BIN, cleanEnv(fanoutHome), fanout);
    await storeProfiles(BIN, cleanEnv(scaleHome), urls.scale);
  }
  const storedRow = (id: string, profile: ProfileSpec): Row => ({
    id,
    label: `\`balance show --profile ${profile.name} --json\` (${profile.provider}), stored profile`,
    ...(profilesMissing === undefined
      ? { command: balance(['show', '--profile', profile.name, '--json'], {}, profileHome) }
      : { notMeasured: profilesMissing }),
    check: showsBalances([profile.provider]),
    budgets: [time('2', 1.3), rssOfScript],
  });
  rows.push(storedRow('4c', stored[0]!), storedRow('4d', stored[1]!));

  const fanoutMissing = profilesMissing ?? (features.allProfiles ? undefined : '`show --all-profiles` not available in this build');
  rows.push(
    {
      id: '5a',
      label: `\`balance show --all-profiles --json\`, 3 profiles, servers answer after ${FANOUT_LATENCY_MS} ms`,
      ...(fanoutMissing === undefined ? { command: balance(['show', '--all-profiles', '--json'], {}, fanoutHome) } : { notMeasured: fanoutMissing }),
      check: showsBalances(fanout.map((profile) => profile.provider)),
      budgets: [time('5b', 1.3), rssOfScript],
    },
    {
      id: '5b',
      label: `\`balance show --profile ${fanout[0]!.name} --json\`, 1 profile, server answers after ${FANOUT_LATENCY_MS} ms`,
      ...(fanoutMissing === undefined
        ? { command: balance(['show', '--profile', fanout[0]!.name, '--json'], {}, fanoutHome) }
        : { notMeasured: fanoutMissing }),
      check: showsBalances([fanout[0]!.provider]),
      budgets: [rssOfScript],
    },
    {
      id: '5c',
      label: `\`balance show --all-profiles --json\`, ${urls.scale.length} profiles (${SCALE_PER_PROVIDER} each of OKX, Longport, Longbridge; keys of their own), servers answer after ${FANOUT_LATENCY_MS} ms and enforce the rate limits`,
      ...(fanoutMissing === undefined ? { command: balance(['show', '--all-profiles', '--json'], {}, scaleHome) } : { notMeasured: fanoutMissing }),
      check: showsBalances(urls.scale.map((profile) => profile.provider)),
      budgets: [time('5b', 1.2), rssOf('5b', 1.2)],
    },
  );

  // Rows 7: both sides over TLS with a round-trip time, trusting the bench's own authority.
  const tlsEnv = { ...okxEnv(urls.tls.okx), NODE_EXTRA_CA_CERTS: urls.tls.caFile };
  const rtt = `TLS, ${options.rttMs} ms round trip`;
  rows.push(
    {
      id: '7a',
      label: `minimal script with \`node:https\`, one OKX request (\`bench/minimal-okx-http.mjs\`), ${rtt}`,
      command: node([join(ROOT, 'bench', 'minimal-okx-http.mjs')], tlsEnv),
      check: printsOkxAnswer,
      budgets: [],
    },
    {
      id: '7b',
      label: `\`balance show --provider okx --json\`, env credentials, ${rtt}`,
      command: balance(['show', '--provider', 'okx', '--json'], tlsEnv),
      check: showsBalances(['okx']),
      budgets: [time('7a', 1.1)],
    },
  );

  if (options.withCcxt) {
    const ccxt = installCcxt(join(ROOT, 'bench', 'ccxt-okx.mjs'), log);
    rows.push({
      id: '6',
      label: `ccxt ${ccxt.version} \`fetchBalance\` script (\`bench/ccxt-okx.mjs\`)`,
      command: { ...node([ccxt.script], okxEnv(urls.okx)), cwd: ccxt.dir },
      check: (run) => exitsZero(run) ?? (run.stdout.trim().startsWith('{') ? undefined : `unexpected output: ${run.stdout}`),
      budgets: [slowerBy('4a', 8)],
    });
  }
  return rows;
}

async function measure(
  rows: readonly Row[],
  options: Options,
  rss: ReturnType<typeof gnuTimeRssMeter>,
  counter: Counter,
): Promise<RowResult[]> {
  const active = rows.filter((row): row is Row & { command: Command } => row.command !== undefined);
  const times = active.map((): number[] => []);
  const rssKb = active.map((): number[] => []);

  // One untimed run each: the output is checked, the requests counted, and the file cache warmed.
  const requestCounts = new Map<string, number>();
  const connections = new Map<string, string>();
  for (const row of active) {
    const before = counter();
    await checkedRun(row);
    // The relay counts a connection as the client opens it; give a closing one a moment.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const after = counter();
    requestCounts.set(row.id, after.requests - before.requests);
    if (after.tcp > before.tcp) {
      const resumed = after.resumed - before.resumed;
      connections.set(row.id, `TCP ${after.tcp - before.tcp}, TLS ${after.tls - before.tls}${resumed > 0 ? ` (${resumed} resumed)` : ''}`);
    }
  }

  const order = interleavedOrder(active.length, options.runs);
  for (const [step, index] of order.entries()) {
    if (step % active.length === 0) progress(`timing: round ${step / active.length + 1} of ${options.runs}`);
    const row = active[index]!;
    times[index]!.push((await checkedRun(row)).ms);
  }
  if (rss !== undefined) {
    const rounds = options.quick ? 1 : 3;
    for (const [step, index] of interleavedOrder(active.length, rounds).entries()) {
      if (step % active.length === 0) progress(`peak RSS: round ${step / active.length + 1} of ${rounds}`);
      rssKb[index]!.push(await rss.measure(active[index]!.command));
    }
  }
  progress('');

  return rows.map((row) => {
    const index = active.findIndex((candidate) => candidate.id === row.id);
    return {
      id: row.id,
      label: row.label,
      times: index === -1 ? [] : times[index]!,
      rssKb: index === -1 ? [] : rssKb[index]!,
      ...(requestCounts.has(row.id) ? { requests: requestCounts.get(row.id)! } : {}),
      ...(connections.has(row.id) ? { connections: connections.get(row.id)! } : {}),
      ...(row.notMeasured === undefined ? {} : { notMeasured: row.notMeasured }),
      budgets: row.budgets,
    };
  });
}

async function checkedRun(row: Row & { command: Command }): Promise<Run> {
  const run = await runOnce(row.command);
  const problem = row.check(run);
  if (problem !== undefined) throw new Error(`row ${row.id} (${row.label}) failed: ${problem}`);
  return run;
}

function progress(text: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${text}`);
  else if (text !== '') log(text);
}

function machine(): string {
  const cpu = cpus();
  const model = cpu[0]?.model.trim() ?? 'unknown CPU';
  return `${platform()} ${release()} ${arch()}, ${model} × ${cpu.length}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB`;
}

/** The commit measured, with "+ changes" when the work tree differs from it. */
function commit(): string {
  const git = (...args: string[]): string => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout?.trim() ?? '';
  const hash = git('rev-parse', '--short', 'HEAD');
  if (hash === '') return 'unknown';
  return git('status', '--porcelain', '--untracked-files=no') === '' ? hash : `${hash} + changes`;
}

function caNote(): string {
  const set = process.env.NODE_EXTRA_CA_CERTS;
  return `Every command ran with NODE_EXTRA_CA_CERTS and NODE_OPTIONS unset${
    set === undefined ? '' : ` (this machine sets NODE_EXTRA_CA_CERTS, which Node 20 parses at every start)`
  } — but for rows 7, where both sides trust the relay's certificate authority through it — a temporary HOME and config directory, stdin from /dev/null and stdout into a pipe.`;
}

function report(results: RowResult[], options: Options, rssMeasured: boolean, load: string): number {
  const header = [
    `Node ${process.version} on ${machine()}; load average (1 min) ${load} during the run; commit ${commit()}.`,
    `${options.runs} timed runs per command, interleaved round by round; every run is a new process (the file cache is warm).` +
      ` Peak RSS: median of ${options.quick ? 1 : 3} runs under GNU time.`,
    caNote(),
    `Servers: the end-to-end tests' fakes on 127.0.0.1 (test/servers/), answering ${
      options.latencyMs === 0 ? 'at once' : `after ${options.latencyMs} ms`
    } except in rows 5; rows 7 reach the OKX server over TLS through bench/relay.ts, ${options.rttMs} ms per round trip (a new connection's first bytes one round trip more, for TCP's handshake).`,
  ];
  if (!rssMeasured) header.push('Peak RSS: not measured (no GNU time at /usr/bin/time).');
  const table = resultsTable(results);
  process.stdout.write(`\n${header.join('\n')}\n\n${table}\n\n`);

  const over = overBudget(results);
  if (options.quick) {
    process.stdout.write('Quick mode: a check that every command runs; the numbers are not judged and nothing is written.\n');
    return 0;
  }
  writeResults(header, table);
  updatePerformanceDoc(results, header[0]!);
  if (over.length > 0) {
    process.stdout.write(`${over.length} budget(s) missed: ${over.map((judged) => judged.budget.label).join(', ')}.\n`);
    return 1;
  }
  return 0;
}

function writeResults(header: readonly string[], table: string): void {
  const file = join(ROOT, 'bench', 'RESULTS.md');
  const text = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}; run it again to update. The budgets: docs/performance.md.`,
    '',
    ...header,
    '',
    table,
    '',
    'Rows 1 and 2 are the floor: Node starting, and a hand-written script that signs one OKX request with `node:crypto`, sends it with `node:http` and prints the JSON — what a careful person reaches by hand.',
    'Row 2f is the same script with Node\'s `fetch`, which costs a fresh process some 150 ms (undici loads and compiles its WebAssembly HTTP parser): kept for comparison, not as a floor.',
    'Rows 7 are the real-world shape: both sides over TLS 1.3 with a round-trip time, so TCP + TLS + one request cost the floor three round trips; the relay counts the TCP connections and TLS handshakes each side made.',
    '`balance` rows run with a warm V8 code cache in the temporary HOME (as every run after a user\'s first), written by the untimed first run.',
    '`balance show` for OKX makes two requests (balance and max-withdrawal, at once) and validates, maps and renders the answer.',
    'Row 6 (ccxt) is answered with empty instrument and currency lists, so it does less work than against the real OKX.',
    'On Node 22.8 and later `balance` also uses Node\'s compile cache (kept between runs), so its rows there are warm in that sense too.',
    '',
  ].join('\n');
  writeFileSync(file, text);
  log(`wrote ${relative(process.cwd(), file)}`);
}

const MARKER_BEGIN = '<!-- bench:begin -->';
const MARKER_END = '<!-- bench:end -->';

/** Replaces the figures between the bench markers of docs/performance.md. */
function updatePerformanceDoc(results: readonly RowResult[], machineLine: string): void {
  const file = join(ROOT, 'docs', 'performance.md');
  const text = readFileSync(file, 'utf8');
  const begin = text.indexOf(MARKER_BEGIN);
  const end = text.indexOf(MARKER_END);
  if (begin === -1 || end < begin) {
    log('docs/performance.md has no bench markers; its figures were not updated.');
    return;
  }
  const block = `${MARKER_BEGIN}\n${machineLine}\n\n${summaryTable(results)}\n${MARKER_END}`;
  writeFileSync(file, text.slice(0, begin) + block + text.slice(end + MARKER_END.length));
  log('updated the figures in docs/performance.md');
}
