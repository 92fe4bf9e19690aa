// What a run of the built binary loads: the start-up bundle alone for help
// and version, plus the one command's file when a command runs — never the
// HTTP client, the config store or the providers for --help (they live in
// the commands' files). Node's built-in modules are listed too: node:net and
// node:tty are only for streams and terminals, which a pipe does not need.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { okxTestEnv, startOkxServer } from '../servers/okx.js';
import { isolatedEnv, runBalance } from './harness.js';

const ROOT = resolve(import.meta.dirname, '../..');

// Preloaded into the binary: at exit, prints the files required and the
// built-in modules loaded after start-up, one JSON line on stderr.
const PRELOAD = join(mkdtempSync(join(tmpdir(), 'balance-startup-')), 'loaded.cjs');
writeFileSync(
  PRELOAD,
  `const before = new Set(process.moduleLoadList);
process.on('exit', () => {
  const files = Object.keys(require.cache).filter((file) => file !== __filename);
  const builtins = process.moduleLoadList.filter((entry) => !before.has(entry) && entry.startsWith('NativeModule ')).map((entry) => entry.slice(13));
  require('node:fs').writeSync(2, '\\n' + JSON.stringify({ files, builtins }) + '\\n');
});
`,
);

async function loaded(args: string[], env: Record<string, string> = {}): Promise<{ files: string[]; builtins: string[]; code: number | null }> {
  // No loopback guard here: it loads node:net, and what is loaded is what this measures.
  const result = await runBalance(args, { loopbackGuard: false, env: { ...env, NODE_OPTIONS: `--require ${PRELOAD}` } });
  const last = result.stderr.trimEnd().split('\n').at(-1) ?? '{}';
  const { files, builtins } = JSON.parse(last) as { files: string[]; builtins: string[] };
  return { files: files.map((file) => relative(ROOT, file)), builtins, code: result.code };
}

describe('start-up', () => {
  it('--help and --version into a pipe load nothing but print the text the build saved; other help reads the start-up bundle only', async () => {
    for (const args of [['--help'], ['--version'], ['show', '--help']]) {
      const run = await loaded(args);
      expect(run.code, args.join(' ')).toBe(0);
      expect(run.files, args.join(' ')).toEqual(args.length === 1 ? ['bin/balance.js'] : ['bin/balance.js', 'dist/code-cache.cjs', 'dist/balance.cjs']);
      expect(run.builtins, args.join(' ')).not.toContain('net');
      expect(run.builtins, args.join(' ')).not.toContain('tty');
    }
  });

  it('the saved --help, -h, --version and -V texts are what the command line itself prints', async () => {
    for (const flag of ['--help', '-h', '--version', '-V']) {
      const saved = await runBalance([flag]);
      const full = spawnSync(process.execPath, [join(ROOT, 'dist', 'balance.cjs'), flag], { encoding: 'utf8', env: isolatedEnv() });
      expect(saved.code, flag).toBe(0);
      expect(full.status, flag).toBe(0);
      expect(saved.stdout, flag).toBe(full.stdout);
      expect(saved.stdout, flag).toMatch(flag.startsWith('--h') || flag === '-h' ? /^Usage: balance / : /^balance \d+\.\d+\.\d+ \(node v\d+\.\d+\.\d+, [a-z0-9]+-[a-z0-9]+\)\n$/);
    }
  });

  it('the saved --version names the Node.js and platform it runs on, not those of the build', () => {
    // A copy whose build ran elsewhere: its saved text names another Node.js and platform.
    const copy = mkdtempSync(join(tmpdir(), 'balance-built-elsewhere-'));
    cpSync(join(ROOT, 'bin'), join(copy, 'bin'), { recursive: true });
    cpSync(join(ROOT, 'dist'), join(copy, 'dist'), { recursive: true });
    const file = join(copy, 'dist', 'static-output.json');
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    const elsewhere = '(node v1.2.3, plan9-mips)';
    for (const flag of ['--version', '-V']) saved[flag] = saved[flag]!.replace(saved.runtime!, elsewhere);
    writeFileSync(file, JSON.stringify({ ...saved, runtime: elsewhere }));
    const run = spawnSync(process.execPath, [join(copy, 'bin', 'balance.js'), '--version'], { encoding: 'utf8', env: isolatedEnv() });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`balance ${(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version} (node ${process.version}, ${process.platform}-${process.arch})\n`);
  });

  it('a command reads its own file beside the start-up bundle, and nothing else', async () => {
    const run = await loaded(['show', '--provider', 'sample', '--json']);
    expect(run.code).toBe(0);
    expect(run.files).toEqual(['bin/balance.js', 'dist/code-cache.cjs', 'dist/balance.cjs', 'dist/commands/show.cjs']);
    // JSON into a pipe: no terminal code (chalk and cli-table3 would load node:tty).
    expect(run.builtins).not.toContain('tty');
  });

  it('a command that reads the profile store but not the keyring starts no process, so loads no node:child_process', async () => {
    const run = await loaded(['auth', 'list', '--json']);
    expect(run.code).toBe(0);
    expect(run.files).toContain('dist/commands/auth/list.cjs');
    expect(run.builtins).not.toContain('child_process');
  });

  it('the proxy agents are read only when a request goes through a proxy', async () => {
    const server = await startOkxServer();
    try {
      const env = okxTestEnv(server);
      const direct = await loaded(['show', '--provider', 'okx', '--json'], env);
      expect(direct.code).toBe(0);
      expect(direct.files).toEqual(['bin/balance.js', 'dist/code-cache.cjs', 'dist/balance.cjs', 'dist/commands/show.cjs']);
      // A proxy that is not there: the agents are loaded to reach it, and the run fails.
      const proxied = await loaded(['show', '--provider', 'okx', '--json', '--proxy', 'http://127.0.0.1:9'], env);
      expect(proxied.code).toBe(1);
      expect(proxied.files).toEqual(['bin/balance.js', 'dist/code-cache.cjs', 'dist/balance.cjs', 'dist/commands/show.cjs', 'dist/net/proxy-agent.cjs']);
    } finally {
      await server.close();
    }
  });
});

// Node 20 has no compile cache of its own; the bundles are compiled through V8's
// code cache, kept in the user's cache folder (src/code-cache.ts).
describe.skipIf(Number(process.versions.node.split('.')[0]) >= 22)('code cache (Node 20)', () => {
  const sample = ['show', '--provider', 'sample', '--json'];
  const balances = (stdout: string): unknown => (JSON.parse(stdout) as { balances: unknown }).balances;

  it('the first run writes it to $XDG_CACHE_HOME/balance; the next runs use it as it is, with the same output', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'balance-cache-'));
    const first = await runBalance(sample, { env: { XDG_CACHE_HOME: cache } });
    expect(first.code).toBe(0);
    const folder = join(cache, 'balance', 'code');
    const files = readdirSync(folder).sort();
    // Each bundle's bytecode, and beside it the list of command lines it has seen.
    expect(files.map((file) => `${file.split('-')[0]}${file.endsWith('.runs') ? '.runs' : ''}`)).toEqual(['balance', 'balance.runs', 'show', 'show.runs']);
    const written = files.map((file) => statSync(join(folder, file)).mtimeMs);
    for (let run = 0; run < 2; run++) {
      const again = await runBalance(sample, { env: { XDG_CACHE_HOME: cache } });
      expect(again.code).toBe(0);
      expect(again.stderr).toBe(first.stderr);
      expect(balances(again.stdout)).toEqual(balances(first.stdout));
    }
    // A cache V8 rejected would have been written again.
    expect(readdirSync(folder).sort()).toEqual(files);
    expect(files.map((file) => statSync(join(folder, file)).mtimeMs)).toEqual(written);
  });

  it('the first run of another command line adds what it ran to the cache; the next runs of it leave the cache alone', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'balance-cache-'));
    const env = { XDG_CACHE_HOME: cache };
    const folder = join(cache, 'balance', 'code');
    const startup = (): { name: string; size: number; mtimeMs: number } => {
      const name = readdirSync(folder).find((file) => file.startsWith('balance-') && file.endsWith('.v8'))!;
      const { size, mtimeMs } = statSync(join(folder, name));
      return { name, size, mtimeMs };
    };
    // A first run that only prints help: the start-up bundle's cache holds the help code alone.
    expect((await runBalance(['show', '--help'], { env })).code).toBe(0);
    const afterHelp = startup();
    expect(readFileSync(join(folder, `${afterHelp.name}.runs`), 'utf8').trim().split('\n')).toHaveLength(1);
    // A query: the start-up bundle's cache is written again, with the code that parses and runs a command too.
    expect((await runBalance(sample, { env })).code).toBe(0);
    const afterQuery = startup();
    expect(afterQuery.size).toBeGreaterThan(afterHelp.size);
    expect(readFileSync(join(folder, `${afterQuery.name}.runs`), 'utf8').trim().split('\n')).toHaveLength(2);
    expect(readdirSync(folder).filter((file) => file.startsWith('show-')).sort()).toHaveLength(2);
    // The same query again, and the help again: nothing new, nothing written.
    expect((await runBalance(sample, { env })).code).toBe(0);
    expect((await runBalance(['show', '--help'], { env })).code).toBe(0);
    expect(startup()).toEqual(afterQuery);
  });

  it('a damaged cache file is replaced, and an unwritable cache folder changes nothing', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'balance-cache-'));
    const reference = await runBalance(sample, { env: { XDG_CACHE_HOME: cache } });
    const folder = join(cache, 'balance', 'code');
    const show = readdirSync(folder).find((file) => file.startsWith('show-'))!;
    writeFileSync(join(folder, show), 'not bytecode');
    const damaged = await runBalance(sample, { env: { XDG_CACHE_HOME: cache } });
    expect(damaged.code).toBe(0);
    expect(damaged.stderr).toBe(reference.stderr);
    expect(balances(damaged.stdout)).toEqual(balances(reference.stdout));
    expect(statSync(join(folder, show)).size).toBeGreaterThan(1000);

    // A file where the folder should be, and a folder Node 20's recursive mkdir never returns from.
    for (const unwritable of [join(folder, show, 'x'), '/proc/balance-no-such-folder']) {
      const run = await runBalance(sample, { env: { XDG_CACHE_HOME: unwritable } });
      expect(run.code, unwritable).toBe(0);
      expect(run.stderr, unwritable).toBe(reference.stderr);
      expect(balances(run.stdout), unwritable).toEqual(balances(reference.stdout));
    }
  });
});
