// Where balance keeps its files: one directory holding the settings file, the
// plain-text secrets file (used only when no keyring is) and the lock file.
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { usageError } from '../base/errors.js';
import type { Env } from '../base/settings.js';

export interface ConfigPaths {
  /** The directory, created with mode 0700. */
  readonly dir: string;
  /** Profiles and their non-secret settings (the conf store). */
  readonly settingsFile: string;
  /** Secrets of profiles kept out of the keyring, mode 0600. */
  readonly secretsFile: string;
  /** Serialises read-modify-write of both files across processes. */
  readonly lockFile: string;
}

const APP = 'balance';

/**
 * BALANCE_CONFIG_DIR (an absolute path; a relative one is a usage error) wins; then $XDG_CONFIG_HOME/balance on every platform;
 * then the platform's own config path, the one conf would choose
 * (Linux ~/.config/balance, macOS ~/Library/Preferences/balance, Windows
 * %APPDATA%\balance\Config).
 */
export function configDir(env: Env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  const own = env.BALANCE_CONFIG_DIR?.trim();
  if (own) {
    // A relative path would mean a different directory in every working directory (cron's is /).
    if (!isAbsolute(own)) {
      throw usageError(`BALANCE_CONFIG_DIR must be an absolute path, not ${JSON.stringify(own.slice(0, 80))}.`, `For example: BALANCE_CONFIG_DIR=${resolve(own)}`);
    }
    return resolve(own);
  }
  const xdg = env.XDG_CONFIG_HOME?.trim();
  if (xdg && isAbsolute(xdg)) return join(xdg, APP);
  if (platform === 'darwin') return join(home, 'Library', 'Preferences', APP);
  if (platform === 'win32') return join(env.APPDATA?.trim() || join(home, 'AppData', 'Roaming'), APP, 'Config');
  return join(home, '.config', APP);
}

export function configPaths(env: Env, platform?: NodeJS.Platform, home?: string): ConfigPaths {
  const dir = configDir(env, platform, home);
  return {
    dir,
    settingsFile: join(dir, 'config.json'),
    secretsFile: join(dir, 'credentials.json'),
    lockFile: join(dir, '.lock'),
  };
}
