// Packs the package the way `npm publish` would, installs the tarball into a
// temporary prefix and runs the installed binary: a file missing from `files`
// or a build that does not happen on pack fails here, not for users.
import { execFileSync } from 'node:child_process';
import { cpSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };

const ROOT = resolve(import.meta.dirname, '../..');

describe('npm package', () => {
  it('packs with a fresh build, installs, and runs `balance --version` and a command', () => {
    // Pack from a copy of the sources so the build `npm pack` runs cannot
    // disturb the dist/ other tests are running.
    const work = mkdtempSync(join(tmpdir(), 'balance-pack-'));
    for (const entry of ['package.json', 'package-lock.json', 'bin', 'src', 'scripts', 'schema', 'README.md']) {
      cpSync(join(ROOT, entry), join(work, entry), { recursive: true });
    }
    symlinkSync(join(ROOT, 'node_modules'), join(work, 'node_modules'), 'dir');
    const npmEnv = { ...process.env, npm_config_loglevel: 'error', npm_config_fund: 'false', npm_config_audit: 'false' };

    execFileSync('npm', ['pack', '--pack-destination', work], { cwd: work, env: npmEnv, stdio: 'pipe' });
    const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
    expect(tarball).toBeDefined();

    const listing = execFileSync('tar', ['-tzf', join(work, tarball!)], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(listing).toContain('package/dist/balance.cjs');
    expect(listing).toContain('package/dist/commands/show.cjs');
    expect(listing).toContain('package/dist/keyring-child.js');
    expect(listing).toContain('package/dist/code-cache.cjs');
    expect(listing).toContain('package/dist/static-output.json');
    expect(listing).toContain('package/bin/balance.js');
    expect(listing).toContain('package/bin/package.json');
    expect(listing).toContain('package/schema/balance-report.v1.json');
    // Only what runs (and the licence/readme npm always adds) ships.
    expect(listing.filter((file) => file.startsWith('package/src/') || file.startsWith('package/test/'))).toEqual([]);

    const prefix = join(work, 'prefix');
    execFileSync('npm', ['install', '--global', '--prefix', prefix, '--prefer-offline', join(work, tarball!)], {
      cwd: work,
      env: npmEnv,
      stdio: 'pipe',
    });
    const version = execFileSync(join(prefix, 'bin', 'balance'), ['--version'], { encoding: 'utf8' });
    expect(version.trim()).toBe(`balance ${pkg.version} (node ${process.version}, ${process.platform}-${process.arch})`);
    // A command's code is a file of its own, loaded on use: it must be found from the installed copy too.
    // Its code cache goes to a folder of the test's, not the user's.
    const env = { ...process.env, XDG_CACHE_HOME: join(work, 'cache') };
    const sample = JSON.parse(execFileSync(join(prefix, 'bin', 'balance'), ['show', '--provider', 'sample', '--json'], { encoding: 'utf8', stdio: 'pipe', env }));
    expect(sample.balances.map((set: { provider: string; sample: boolean }) => [set.provider, set.sample])).toEqual([
      ['longport', true],
      ['longbridge', true],
      ['okx', true],
    ]);
  }, 120_000);

  it("the README's way onto the PATH works from a fresh clone, as written, and installs a copy (not a link to the clone)", () => {
    // The README's line, exactly: `npm install` (stood in for by the installed
    // node_modules: no network here), then the global install it gives.
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const line = /^npm install && (npm install --global .*)$/m.exec(readme);
    expect(line, 'README.md: the line `npm install && npm install --global …`').not.toBeNull();
    const work = mkdtempSync(join(tmpdir(), 'balance-clone-'));
    for (const entry of ['package.json', 'package-lock.json', 'bin', 'src', 'scripts', 'schema', 'README.md']) {
      cpSync(join(ROOT, entry), join(work, entry), { recursive: true });
    }
    symlinkSync(join(ROOT, 'node_modules'), join(work, 'node_modules'), 'dir');
    const prefix = join(work, 'prefix');
    const env = { ...process.env, npm_config_prefix: prefix, npm_config_loglevel: 'error', npm_config_fund: 'false', npm_config_audit: 'false', npm_config_prefer_offline: 'true' };
    execFileSync('sh', ['-c', line![1]!], { cwd: work, env, stdio: 'pipe' });

    const installed = join(prefix, 'lib', 'node_modules', pkg.name);
    expect(lstatSync(installed).isSymbolicLink()).toBe(false);
    // The clone can go: the installed copy does not need it.
    rmSync(join(work, 'src'), { recursive: true });
    rmSync(join(work, 'dist'), { recursive: true, force: true });
    const version = execFileSync(join(prefix, 'bin', 'balance'), ['--version'], { encoding: 'utf8' });
    expect(version).toBe(`balance ${pkg.version} (node ${process.version}, ${process.platform}-${process.arch})\n`);
  }, 120_000);
});
