// Loading a bundle — the start-up bundle (dist/balance.cjs) and a command's
// (dist/commands/<name>.cjs) — with V8's code cache: the bytecode V8 compiled
// for it in an earlier run, kept in the user's cache folder, so a run does not
// parse and compile its hundreds of KB again. Node 20 has no compile cache of
// its own for this (module.enableCompileCache is 22.8+; bin/balance.js uses it
// there and this then steps aside), so the module is compiled with vm.Script
// and its `cachedData`, and run the way Node's CommonJS loader would run it.
//
// The cache is an optimisation only: a file that is missing, unreadable,
// stale or rejected by V8 means a normal compile, and a folder that cannot be
// written means no cache — never an error. A cache file's name holds
// everything its bytecode depends on (the bundle's path, balance's version,
// the bundle's size and time, V8's version and the CPU), and writing one
// removes the older files of that bundle. It is written when the process
// exits, so the functions the command ran are in it too.
//
// A run with other arguments may run code the cache does not hold yet (a
// user's first run may be `balance show --help`; the next, a query of another
// provider): V8 then compiles that code at every such run. So each cache file
// has a list beside it (<file>.runs) of the command lines it has seen, as
// short tags; the first run of a command line not in the list writes the
// cache again, with what earlier runs compiled and what this one added. After
// MAX_RUN_SHAPES command lines the cache stays as it is.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { Module as NodeModule } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { Script } from 'node:vm';

type Env = Readonly<Record<string, string | undefined>>;

/** Where the cache lives: $XDG_CACHE_HOME/balance, else the platform's cache folder. */
export function codeCacheDir(env: Env = process.env, platform: NodeJS.Platform = process.platform, home: () => string = homedir): string | undefined {
  try {
    const xdg = env.XDG_CACHE_HOME?.trim();
    if (xdg && isAbsolute(xdg)) return join(xdg, 'balance');
    if (platform === 'darwin') return join(home(), 'Library', 'Caches', 'balance');
    if (platform === 'win32') return join(env.LOCALAPPDATA?.trim() || join(home(), 'AppData', 'Local'), 'balance', 'Cache');
    return join(home(), '.cache', 'balance');
  } catch {
    // No home folder: no cache.
    return undefined;
  }
}

type ModuleFunction = (exports: unknown, require: NodeJS.Require, module: NodeJS.Module, filename: string, dirname: string) => void;

declare const __BALANCE_VERSION__: string;

/**
 * The file a bundle's bytecode is kept in: every input of the bytecode is in
 * its name. Before the "@": the bundle's name and a hash of its path, so two
 * installed copies (a global one and a project's) keep a file each instead of
 * replacing each other's at every run.
 */
export function codeCacheName(file: string, version: string, size: number, mtimeMs: number): string {
  return `${codeCachePrefix(file)}${version}-${size}-${Math.trunc(mtimeMs)}-node${process.versions.v8}-${process.arch}.v8`;
}

/** "show-1a2b3c4d@": what the names of one bundle's cache files start with, whatever their version. */
export function codeCachePrefix(file: string): string {
  return `${basename(file).replace(/\.cjs$/, '')}-${shortTag(file)}@`;
}

/** At most this many command lines add to a bundle's cache; after them it stays as it is. */
export const MAX_RUN_SHAPES = 16;

/** A short tag of a command line (its arguments), for the list beside a cache file. */
export function runShape(args: readonly string[]): string {
  return shortTag(args.join('\u0000'));
}

/** FNV-1a: a short, stable tag (not a secret; node:crypto is not worth loading for it). */
function shortTag(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/**
 * Whether a run writes the cache at exit, and the list of command lines to
 * write beside it: when there was no usable cache, and on the first run of a
 * command line the list does not hold yet (while it has room).
 */
export function cacheUpdate(usable: boolean, seen: readonly string[], shape: string): readonly string[] | undefined {
  if (!usable) return [shape];
  if (seen.includes(shape) || seen.length >= MAX_RUN_SHAPES) return undefined;
  return [...seen, shape];
}

/**
 * require() of a CommonJS bundle, compiled from the code cache when there is
 * a usable one. The module is registered in require.cache as Node would, so a
 * later require() of the same file (a command's bundle requiring the start-up
 * bundle) gets this instance.
 */
export function requireCached(file: string, version: string = __BALANCE_VERSION__, dir: string | undefined = codeCacheDir()): unknown {
  // Node's Module class, as this file's own CommonJS module holds it: require('node:module')
  // would also load Node's source-map support, which nothing here uses. Its
  // getCompileCacheDir exists once bin/balance.js has loaded node:module (Node 22.8+).
  const nodeModule = (module as NodeJS.Module).constructor as typeof NodeModule & { getCompileCacheDir?: () => string | undefined };
  const require = nodeModule.createRequire(file);
  const known = require.cache[file];
  if (known !== undefined) return known.exports;
  // Node 22.8+ keeps a compile cache of its own when bin/balance.js turned it on.
  const own = nodeModule.getCompileCacheDir?.();
  if (own !== undefined) return require(file) as unknown;
  const source = readFileSync(file, 'utf8');
  let cacheFile: string | undefined;
  let cached: Buffer | undefined;
  let seen: string[] = [];
  if (dir !== undefined) {
    try {
      const { size, mtimeMs } = statSync(file);
      cacheFile = join(dir, 'code', codeCacheName(file, version, size, mtimeMs));
      cached = readFileSync(cacheFile);
      seen = readFileSync(`${cacheFile}.runs`, 'utf8').split('\n').filter((line) => line !== '');
    } catch {
      // No cache, or a cache without its list: the list starts anew.
    }
  }
  // The wrapper of Node's CommonJS loader (Module.wrap), on the first line so line numbers stay.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n});`, {
    filename: file,
    ...(cached === undefined ? {} : { cachedData: cached }),
  });
  const update = cacheFile === undefined ? undefined : cacheUpdate(cached !== undefined && script.cachedDataRejected !== true, seen, runShape(process.argv.slice(2)));
  if (cacheFile !== undefined && update !== undefined) {
    const target = cacheFile;
    process.once('exit', () => writeCache(script, target, update));
  }
  const run = script.runInThisContext() as ModuleFunction;
  const loaded = new nodeModule(file);
  loaded.filename = file;
  loaded.paths = require.resolve.paths('x') ?? [];
  require.cache[file] = loaded;
  try {
    run.call(loaded.exports, loaded.exports, require, loaded, file, dirname(file));
  } catch (error) {
    delete require.cache[file];
    throw error;
  }
  loaded.loaded = true;
  return loaded.exports;
}

/** Writes the bytecode compiled so far, and the command lines it has seen; on any failure, nothing (a later run compiles again). */
function writeCache(script: Script, file: string, seen: readonly string[]): void {
  try {
    // The folder first: where it cannot be made, the bytecode is not worth serialising.
    const folder = dirname(file);
    makeFolders(folder);
    const data = script.createCachedData();
    const prefix = `${basename(file).split('@')[0]}@`;
    const own = new Set([basename(file), `${basename(file)}.runs`]);
    for (const old of readdirSync(folder)) {
      if (old.startsWith(prefix) && !own.has(old) && (old.endsWith('.v8') || old.endsWith('.v8.runs'))) rmSync(join(folder, old), { force: true });
    }
    replaceFile(file, data);
    replaceFile(`${file}.runs`, `${seen.join('\n')}\n`);
  } catch {
    // A read-only or full disk: no cache, no harm.
  }
}

/** Writes a file whole or not at all: another balance may be reading it. */
function replaceFile(file: string, data: string | Buffer): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, file);
}

/**
 * Makes the cache folder and the two above it (~/.cache may not exist yet),
 * one at a time: Node 20's recursive mkdirSync never returns for some paths
 * (under /proc, for one).
 */
function makeFolders(folder: string): void {
  for (const path of [dirname(dirname(folder)), dirname(folder), folder]) {
    try {
      mkdirSync(path, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
