// What a run of the built binary loads: the start-up bundle alone for help
// and version, plus the one command's file when a command runs — never the
// HTTP client, the config store or the providers for --help (they live in
// the commands' files). Node's built-in modules are listed too: node:net and
// node:tty are only for streams and terminals, which a pipe does not need.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { okxTestEnv, startOkxServer } from '../servers/okx.js';
import { runBalance } from './harness.js';

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
  it('--help and --version read the start-up bundle only, and set up no stream for a pipe', async () => {
    for (const args of [['--help'], ['--version'], ['show', '--help']]) {
      const run = await loaded(args);
      expect(run.code, args.join(' ')).toBe(0);
      expect(run.files, args.join(' ')).toEqual(['bin/balance.js', 'dist/balance.cjs']);
      expect(run.builtins, args.join(' ')).not.toContain('net');
      expect(run.builtins, args.join(' ')).not.toContain('tty');
    }
  });

  it('a command reads its own file beside the start-up bundle, and nothing else', async () => {
    const run = await loaded(['show', '--provider', 'sample', '--json']);
    expect(run.code).toBe(0);
    expect(run.files).toEqual(['bin/balance.js', 'dist/balance.cjs', 'dist/commands/show.cjs']);
    // JSON into a pipe: no terminal code (chalk and cli-table3 would load node:tty).
    expect(run.builtins).not.toContain('tty');
  });

  it('the proxy agents are read only when a request goes through a proxy', async () => {
    const server = await startOkxServer();
    try {
      const env = okxTestEnv(server);
      const direct = await loaded(['show', '--provider', 'okx', '--json'], env);
      expect(direct.code).toBe(0);
      expect(direct.files).toEqual(['bin/balance.js', 'dist/balance.cjs', 'dist/commands/show.cjs']);
      // A proxy that is not there: the agents are loaded to reach it, and the run fails.
      const proxied = await loaded(['show', '--provider', 'okx', '--json', '--proxy', 'http://127.0.0.1:9'], env);
      expect(proxied.code).toBe(1);
      expect(proxied.files).toEqual(['bin/balance.js', 'dist/balance.cjs', 'dist/commands/show.cjs', 'dist/net/proxy-agent.cjs']);
    } finally {
      await server.close();
    }
  });
});
