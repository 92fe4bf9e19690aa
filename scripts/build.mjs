// Bundles the CLI for a fast start (figures: bench/RESULTS.md).
//
//   dist/balance.cjs           what every run loads: src/main.ts and what it imports —
//                              the command line (commander), io, errors; modules it
//                              imports with import() (the prompt) are in it too, but
//                              evaluated only when used
//   dist/commands/<name>.cjs   one file per command (a module under src/commands/ that
//                              start-up imports with import()), read only when that
//                              command runs, holding everything the command uses
//   dist/net/proxy-agent.cjs   the proxy agents (some 110 kB), read only when a
//                              request goes through a proxy: a direct run never
//                              even reads them
//   dist/code-cache.cjs        loads a bundle through V8's code cache on Node 20
//                              (src/code-cache.ts)
//   dist/static-output.json    what --help and --version print into a pipe, for
//                              bin/balance.js to print without the command line
//   dist/keyring-child.js      the keyring helper, run as a process of its own
//                              (src/store/keyring.ts); an ES module
//
// A module the start-up bundle holds is not copied into a command's file: the
// command takes it from dist/balance.cjs (evaluating it there if it was not
// yet), so each module — its state, its classes for instanceof — exists once
// per process. A module start-up does not hold may be copied into several
// commands' files: one command runs per process, so only one copy is ever
// loaded. Within a command's file, import() stays lazy (esbuild wraps each
// module), so a provider or a renderer is evaluated only when it is used.
//
// CommonJS, while the sources are ES modules: for an ES module entry Node 20
// first sets up its ES module loader, which costs a sixth of `node -e 0`
// again. bin/package.json makes bin/balance.js CommonJS for the same reason.
// In every bundle import.meta.url is the URL of dist/balance.cjs, so a file
// "beside the bundle" (the keyring helper) is found in dist/ from any of them.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const dist = join(root, 'dist');
const startup = join(dist, 'balance.cjs');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** The only package start-up may load: the command line needs it for --help. */
const STARTUP_PACKAGES = new Set(['commander']);

// conf's schema validation and migrations are not used: their libraries are
// replaced by a stub rather than loaded by every command (see the stub).
const confWithoutSchemas = {
  name: 'conf-without-schemas',
  setup(build) {
    const stub = join(root, 'scripts', 'conf-unused.mjs');
    build.onResolve({ filter: /^(ajv\/dist\/2020\.js|ajv-formats|semver)$/ }, (args) =>
      /[\\/]node_modules[\\/]conf[\\/]/.test(args.importer) ? { path: stub } : undefined,
    );
    // conf's one use of node:assert, answered without loading it where it can be (see the file).
    const assertStub = join(root, 'scripts', 'conf-assert.mjs');
    build.onResolve({ filter: /^(node:)?assert$/ }, (args) =>
      /[\\/]node_modules[\\/]conf[\\/]/.test(args.importer) ? { path: assertStub } : undefined,
    );
  },
};

// The proxy agents' `debug` logging would print a proxy's password when DEBUG
// is set: a silent stand-in instead (see the stub).
const debugOff = {
  name: 'debug-off',
  setup(build) {
    build.onResolve({ filter: /^debug$/ }, () => ({ path: join(root, 'scripts', 'debug-off.cjs') }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  // Fewer bytes to read and scan (5 % off --help); names and syntax stay as
  // written. Full minification measured no faster.
  minifyWhitespace: true,
  legalComments: 'none',
  sourcemap: false,
  // import() of a built-in or external module becomes require(): an import()
  // would set up the ES module loader after all.
  supported: { 'dynamic-import': false },
  // Native modules cannot be bundled; they load from node_modules at run time.
  external: ['@napi-rs/keyring'],
  logLevel: 'warning',
};

/** Options of a CommonJS bundle written to `outfile`. */
function commonJs(outfile, plugins) {
  const toStartup = relative(dirname(outfile), startup).split(sep).join('/');
  return {
    ...common,
    format: 'cjs',
    outfile,
    define: { __BALANCE_VERSION__: JSON.stringify(pkg.version), 'import.meta.url': '__balanceMeta.url' },
    // Worked out only when asked: most runs never ask.
    banner: {
      js: `var __balanceMeta = { get url() { return require('node:url').pathToFileURL(require('node:path').join(__dirname, ${JSON.stringify(toStartup)})).href; } };`,
    },
    plugins: [lazyChildProcess, confWithoutSchemas, debugOff, ...plugins],
  };
}

// commander requires node:child_process (and with it node:net) for
// subcommands that are separate executables, which balance has none of. It is
// loaded only if such a subcommand is ever run.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(build) {
    build.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes(`${sep}commander${sep}`) ? { path: 'child_process', namespace: 'lazy-child-process' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
      contents: "module.exports = { spawn: (...args) => require('node:child_process').spawn(...args) };",
      loader: 'js',
    }));
  },
};

const SKIP = Symbol('resolving');

/** Resolves an import the way esbuild would; undefined for a package or a built-in. */
async function resolveSource(build, args) {
  if (args.pluginData === SKIP) return undefined;
  const result = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: SKIP });
  return result.errors.length === 0 && !result.external && result.path.startsWith(src + sep) ? result.path : undefined;
}

/** dist-relative name of a source module: src/commands/show.ts → commands/show. */
const outputName = (file) => relative(src, file).replace(/\.[cm]?[jt]s$/, '').split(sep).join('/');

const COMMANDS = join(src, 'commands') + sep;

/** Start-up: an import() of a command becomes a require() of the command's own file. */
function commandFiles(found) {
  return {
    name: 'command-files',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind !== 'dynamic-import') return undefined;
        const file = await resolveSource(build, args);
        if (file === undefined || !file.startsWith(COMMANDS)) return undefined;
        found.add(file);
        return { path: `./${outputName(file)}.cjs`, namespace: 'command-file' };
      });
      // Loaded through V8's code cache (src/code-cache.ts), from beside the start-up bundle.
      build.onResolve({ filter: /^\.\/code-cache\.cjs$/ }, (args) => ({ path: args.path, external: true }));
      build.onLoad({ filter: /.*/, namespace: 'command-file' }, (args) => ({
        contents: `module.exports = require('./code-cache.cjs').requireCached(require('node:path').join(__dirname, ${JSON.stringify(args.path)}));`,
        loader: 'js',
      }));
    },
  };
}

/** Modules imported with import() only when needed, each built into a file of its own (see the top). */
const LAZY_FILES = new Set([join(src, 'net', 'proxy-agent.ts')]);

/** In a command's file, an import() of a lazy module becomes a require() of its own file. */
function lazyFiles(outfile) {
  return {
    name: 'lazy-files',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind !== 'dynamic-import') return undefined;
        const file = await resolveSource(build, args);
        if (file === undefined || !LAZY_FILES.has(file)) return undefined;
        const target = join(dist, `${outputName(file)}.cjs`);
        return { path: `./${relative(dirname(outfile), target).split(sep).join('/')}`, external: true };
      });
    },
  };
}

/** A command's file: modules the start-up bundle holds are taken from it. */
function fromStartup(shared, outfile) {
  const specifier = `./${relative(dirname(outfile), startup).split(sep).join('/')}`;
  return {
    name: 'from-startup',
    setup(build) {
      build.onResolve({ filter: /^balance:startup$/ }, () => ({ path: specifier, external: true }));
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.namespace === 'from-startup') return undefined;
        const file = await resolveSource(build, args);
        return file !== undefined && shared.has(file) ? { path: relative(root, file), namespace: 'from-startup' } : undefined;
      });
      // An ES module re-exporting the start-up bundle's instance by name: importers
      // then read its bindings directly, where a CommonJS shim would have each
      // of them copy every export into a namespace object of its own.
      build.onLoad({ filter: /.*/, namespace: 'from-startup' }, async (args) => {
        const file = join(root, args.path);
        const names = await exportNames(file);
        const lines = names.map((name) => (name === 'default' ? 'export default shared.default;' : `export const ${name} = shared.${name};`));
        return { contents: [`const shared = require('balance:startup').${shared.get(file)}();`, ...lines].join('\n'), loader: 'js' };
      });
    },
  };
}

/** The names a source module exports (values only; types are gone by then), as esbuild sees them. */
const exportNameCache = new Map();
function exportNames(file) {
  if (!exportNameCache.has(file)) {
    exportNameCache.set(
      file,
      build({ entryPoints: [file], bundle: false, write: false, metafile: true, format: 'esm', platform: 'node', logLevel: 'silent' }).then(
        (result) => Object.values(result.metafile.outputs)[0].exports,
      ),
    );
  }
  return exportNameCache.get(file);
}

rmSync(dist, { recursive: true, force: true });

// 1. What start-up holds, and which commands it loads.
const commands = new Set();
const probe = await build({ ...commonJs(startup, [commandFiles(commands)]), entryPoints: [join(src, 'main.ts')], write: false, metafile: true });
const inputs = Object.keys(probe.metafile.inputs).map((input) => resolve(root, input));
const packages = new Set(inputs.flatMap((input) => /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(input)?.[1] ?? []));
const unexpected = [...packages].filter((name) => !STARTUP_PACKAGES.has(name));
if (unexpected.length > 0) {
  throw new Error(
    `Start-up would hold ${unexpected.join(', ')}: every run would pay for it. Import it in a command (src/commands/), which start-up loads with import().`,
  );
}
const shared = new Map(inputs.filter((input) => input.startsWith(src + sep)).map((input, index) => [input, `m${index}`]));

// 2. The start-up bundle: src/main.ts, and for the commands a function per module
// that returns its exports (require() of a module keeps it as lazy as it was).
const entry = [...shared].map(([file, key]) => `export const ${key} = () => require(${JSON.stringify(file)});`).join('\n');
await build({
  ...commonJs(startup, [commandFiles(new Set())]),
  stdin: { contents: `${entry}\nimport ${JSON.stringify(join(src, 'main.ts'))};\n`, resolveDir: src, sourcefile: 'startup.ts', loader: 'ts' },
});

// 3. One file per command, and one per lazy module.
for (const file of [...commands, ...LAZY_FILES]) {
  const outfile = join(dist, `${outputName(file)}.cjs`);
  await build({ ...commonJs(outfile, [lazyFiles(outfile), fromStartup(shared, outfile)]), entryPoints: [file] });
}

// A bundle with one character outside ASCII is held by V8 as a two-byte
// string: twice the memory, and a slower read and compile at every run
// (esbuild escapes strings, but not a character in a regular expression).
for (const file of [startup, ...[...commands, ...LAZY_FILES].map((source) => join(dist, `${outputName(source)}.cjs`))]) {
  const bytes = readFileSync(file);
  const at = bytes.findIndex((byte) => byte > 0x7f);
  if (at !== -1) {
    const around = bytes.subarray(Math.max(0, at - 60), at + 20).toString('utf8');
    throw new Error(`${relative(root, file)} holds a character outside ASCII, near: ${around}\nWrite it as a \\u escape in the source.`);
  }
}

// 4. The loader that compiles a bundle with V8's code cache (Node 20; see
// src/code-cache.ts): bin/balance.js loads the start-up bundle with it, and
// the start-up bundle each command's file.
await build({ ...commonJs(join(dist, 'code-cache.cjs'), []), entryPoints: [join(src, 'code-cache.ts')] });

// 5. What `balance --help` and `--version` print into a pipe or a file, where
// the width is always 80: bin/balance.js prints it without loading the command
// line. Written by the command line itself, so the two cannot differ.
const staticOutput = {};
for (const flags of [['--help', '-h'], ['--version', '-V']]) {
  const run = spawnSync(process.execPath, [startup, flags[0]], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH } });
  if (run.status !== 0 || run.stdout === '') throw new Error(`balance ${flags[0]} failed while building: ${run.stderr}`);
  for (const flag of flags) staticOutput[flag] = run.stdout;
}
// --version names the Node.js and platform it runs on, which need not be the
// build's (a packed tarball is installed elsewhere): bin/balance.js puts the
// running ones in place of these.
staticOutput.runtime = `(node ${process.version}, ${process.platform}-${process.arch})`;
writeFileSync(join(dist, 'static-output.json'), `${JSON.stringify(staticOutput)}\n`);

// 6. The keyring helper: a process of its own, so its start-up is not ours.
await build({
  ...common,
  format: 'esm',
  supported: {},
  entryPoints: [join(src, 'store', 'keyring', 'child.ts')],
  outfile: join(dist, 'keyring-child.js'),
  plugins: [confWithoutSchemas],
});
