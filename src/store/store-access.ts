// Whether this process may use balance's directory and files, asked before a
// command reads or changes them. A directory it cannot enter (made by a one-off
// `sudo balance auth login`, so root's) would otherwise look empty: no
// profiles, nothing to remove, and a login that fails only once the secrets
// were typed. Said instead, with the path, the owner and the fix (exit 2).
import { accessSync, constants, readFileSync, statSync, type Stats } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname } from 'node:path';
import { BalanceError, usageError } from '../base/errors.js';
import type { ConfigPaths } from './config-paths.js';

/** 'read': list, show, status; 'write': login, logout, default. */
export type StoreNeed = 'read' | 'write';

/** Throws a BalanceError (exit 2) when the store cannot be used as `need` says. */
export function checkStoreAccess(paths: ConfigPaths, need: StoreNeed): void {
  const dirStat = statOrNull(paths.dir, paths.dir);
  if (dirStat === null) {
    // Nothing stored yet. A login creates the directory: its nearest existing parent must let it.
    if (need === 'write') checkCreatable(paths.dir);
    return;
  }
  if (!dirStat.isDirectory()) {
    throw usageError(
      `The settings directory ${paths.dir} is not a directory.`,
      'Point BALANCE_CONFIG_DIR at a directory (it is created if missing), or move that file away.',
    );
  }
  // Windows answers access() from the read-only attribute alone: nothing to learn there.
  if (process.platform === 'win32') return;
  const dirMode = constants.R_OK | constants.X_OK | (need === 'write' ? constants.W_OK : 0);
  if (!allowed(paths.dir, dirMode)) throw cannotUse('settings directory', paths.dir, dirStat, need, true);
  for (const [what, path] of [
    ['settings file', paths.settingsFile],
    ['secrets file', paths.secretsFile],
  ] as const) {
    const stat = statOrNull(path, paths.dir);
    if (stat !== null && !allowed(path, constants.R_OK)) throw cannotUse(what, path, stat, need, false);
  }
}

function allowed(path: string, mode: number): boolean {
  try {
    accessSync(path, mode);
    return true;
  } catch {
    return false;
  }
}

/** The file's stat, or null when it does not exist; a path that cannot even be looked at is said so. */
function statOrNull(path: string, dir: string): Stats | null {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ENOTDIR') {
      throw usageError(`The settings directory ${dir} is not a directory (or a parent of it is a file).`, 'Point BALANCE_CONFIG_DIR at a directory.');
    }
    throw new BalanceError('config', `balance cannot reach its settings at ${dir}: ${code === 'EACCES' ? 'permission denied' : (code ?? String(error))} on a parent directory.`, {
      hint: 'Check the permissions of the directories above it, or choose another with BALANCE_CONFIG_DIR.',
      cause: error,
    });
  }
}

function checkCreatable(dir: string): void {
  let parent = dirname(dir);
  for (let stat = statOrNull(parent, dir); stat === null && dirname(parent) !== parent; stat = statOrNull(parent, dir)) parent = dirname(parent);
  if (!allowed(parent, constants.W_OK | constants.X_OK)) {
    const stat = statOrNull(parent, dir);
    if (stat !== null) throw cannotUse('directory', parent, stat, 'write', true);
  }
}

function cannotUse(what: string, path: string, stat: Stats, need: StoreNeed, isDir: boolean): BalanceError {
  const me = currentUser();
  const ours = process.getuid?.() === stat.uid;
  const owner = ours ? `you (${me})` : ownerName(stat.uid);
  const mode = `0${(stat.mode & 0o777).toString(8).padStart(3, '0')}`;
  const fix = ours
    ? `chmod ${isDir ? '700' : '600'} ${path}`
    : `sudo chown -R ${me} ${isDir ? path : dirname(path)}`;
  return new BalanceError(
    'config',
    `Cannot ${need === 'read' ? 'read' : 'change'} the ${what} ${path}: it belongs to ${owner} (mode ${mode}).`,
    {
      hint: ours
        ? `Nothing was read or changed. Fix: ${fix}`
        : `Nothing was read or changed; probably left by \`sudo balance …\`. Fix: ${fix} (or choose another directory with BALANCE_CONFIG_DIR).`,
    },
  );
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return String(process.getuid?.() ?? 'you');
  }
}

/** The user name of a uid, from /etc/passwd where there is one; else "uid N". */
function ownerName(uid: number): string {
  try {
    for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const [name, , id] = line.split(':');
      if (name !== undefined && id === String(uid)) return name;
    }
  } catch {
    // No passwd file (Windows, some containers).
  }
  return uid === 0 ? 'root' : `uid ${uid}`;
}
