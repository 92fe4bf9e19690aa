// Where the code cache of the bundles is kept (src/code-cache.ts), and what a
// cache file's name depends on. Loading through it is tested end to end
// (test/e2e/startup.test.ts).
import { describe, expect, it } from 'vitest';
import { cacheUpdate, codeCacheDir, codeCacheName, codeCachePrefix, MAX_RUN_SHAPES, runShape } from '../../src/code-cache.js';

const home = (): string => '/home/ann';

describe('codeCacheDir', () => {
  it('is $XDG_CACHE_HOME/balance when that is an absolute path, on every platform', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(codeCacheDir({ XDG_CACHE_HOME: '/var/cache/ann' }, platform, home)).toBe('/var/cache/ann/balance');
    }
  });

  it('is the platform’s cache folder otherwise (a relative XDG_CACHE_HOME is ignored, as the spec says)', () => {
    expect(codeCacheDir({ XDG_CACHE_HOME: 'cache' }, 'linux', home)).toBe('/home/ann/.cache/balance');
    expect(codeCacheDir({}, 'darwin', home)).toBe('/home/ann/Library/Caches/balance');
    expect(codeCacheDir({ LOCALAPPDATA: '/c/Users/ann/AppData/Local' }, 'win32', home)).toMatch(/^\/c\/Users\/ann\/AppData\/Local[\\/]balance[\\/]Cache$/);
  });

  it('is none, not an error, when there is no home folder', () => {
    expect(
      codeCacheDir({}, 'linux', () => {
        throw new Error('no home');
      }),
    ).toBeUndefined();
  });
});

describe('codeCacheName', () => {
  it('changes with balance’s version and with the bundle’s size or time, so a rebuilt bundle never meets old bytecode', () => {
    const name = codeCacheName('/x/dist/commands/show.cjs', '1.0.0', 1000, 5000.7);
    expect(name).toMatch(/^show-[0-9a-f]{8}@/);
    expect(name).toContain(process.versions.v8);
    for (const other of [
      codeCacheName('/x/dist/commands/show.cjs', '1.0.1', 1000, 5000.7),
      codeCacheName('/x/dist/commands/show.cjs', '1.0.0', 1001, 5000.7),
      codeCacheName('/x/dist/commands/show.cjs', '1.0.0', 1000, 5001.7),
      codeCacheName('/y/dist/commands/show.cjs', '1.0.0', 1000, 5000.7),
    ]) {
      expect(other).not.toBe(name);
    }
  });
});

describe('codeCachePrefix', () => {
  it('differs between two installed copies of a bundle, so neither removes the other’s cache', () => {
    expect(codeCachePrefix('/usr/lib/node_modules/balance-cli/dist/commands/show.cjs')).not.toBe(
      codeCachePrefix('/home/ann/project/node_modules/balance-cli/dist/commands/show.cjs'),
    );
    expect(codeCacheName('/a/dist/balance.cjs', '2.0.0', 1, 2).startsWith(codeCachePrefix('/a/dist/balance.cjs'))).toBe(true);
  });
});

describe('cacheUpdate', () => {
  const show = runShape(['show', '--provider', 'okx', '--json']);
  const help = runShape(['show', '--help']);

  it('writes a cache where there was none, or V8 refused it, listing this command line alone', () => {
    expect(cacheUpdate(false, [help], show)).toEqual([show]);
    expect(cacheUpdate(false, [], show)).toEqual([show]);
  });

  it('writes it again on the first run of another command line, adding it to the list; never for one listed', () => {
    expect(cacheUpdate(true, [help], show)).toEqual([help, show]);
    expect(cacheUpdate(true, [help, show], show)).toBeUndefined();
  });

  it('leaves a cache alone once it has seen as many command lines as it keeps', () => {
    const full = Array.from({ length: MAX_RUN_SHAPES }, (_, index) => runShape(['show', '--profile', `p${index}`]));
    expect(cacheUpdate(true, full, show)).toBeUndefined();
  });

  it('tags command lines apart, however their words are split', () => {
    expect(runShape(['show', '--provider', 'okx'])).not.toBe(runShape(['show', '--provider', 'longport']));
    expect(runShape(['a b'])).not.toBe(runShape(['a', 'b']));
  });
});
