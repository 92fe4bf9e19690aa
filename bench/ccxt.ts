// ccxt, for the optional comparison row: installed with npm into a folder
// under the system's temporary directory — never into the project — and kept
// there so a second bench run does not download it again.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CcxtInstall {
  /** Folder holding node_modules/ccxt and the script. */
  readonly dir: string;
  readonly script: string;
  readonly version: string;
}

const SPEC = 'ccxt@4';

export function installCcxt(scriptSource: string, log: (line: string) => void): CcxtInstall {
  const dir = join(tmpdir(), 'balance-bench-ccxt');
  const manifest = join(dir, 'node_modules', 'ccxt', 'package.json');
  if (!existsSync(manifest)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'balance-bench-ccxt', private: true, type: 'module' })}\n`);
    log(`installing ${SPEC} into ${dir} (not the project) …`);
    // npm run sets npm_execpath; fall back to the npm on PATH.
    const npm = process.env.npm_execpath;
    const [file, args] = npm !== undefined && npm.endsWith('.js') ? [process.execPath, [npm]] : ['npm', []];
    const result = spawnSync(file, [...args, 'install', SPEC, '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], {
      cwd: dir,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (result.status !== 0) throw new Error(`npm install ${SPEC} failed in ${dir}`);
  }
  const script = join(dir, 'ccxt-okx.mjs');
  copyFileSync(scriptSource, script);
  const version = (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
  return { dir, script, version };
}

/** The endpoints ccxt calls besides account/balance, answered with empty lists. */
export const CCXT_EXTRA_ROUTES = {
  '/api/v5/asset/currencies': { data: [] },
  '/api/v5/public/instruments': { data: [], public: true },
};
