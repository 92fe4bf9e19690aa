// Bundles the CLI into one ESM file. Dynamic import() of a bundled module stays
// lazy (esbuild wraps it), so each command's code runs only when it is used.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// conf's schema validation and migrations are not used: their libraries are
// replaced by a stub rather than loaded by every command (see the stub).
const confWithoutSchemas = {
  name: 'conf-without-schemas',
  setup(builder) {
    const stub = fileURLToPath(new URL('./conf-unused.mjs', import.meta.url));
    builder.onResolve({ filter: /^(ajv\/dist\/2020\.js|ajv-formats|semver)$/ }, (args) =>
      /[\\/]node_modules[\\/]conf[\\/]/.test(args.importer) ? { path: stub } : undefined,
    );
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  splitting: false,
  minify: false,
  sourcemap: false,
  legalComments: 'none',
  // Native modules cannot be bundled; they load from node_modules at run time.
  external: ['@napi-rs/keyring'],
  logLevel: 'warning',
  plugins: [confWithoutSchemas],
};

await build({
  ...common,
  entryPoints: ['src/main.ts'],
  outfile: 'dist/balance.js',
  define: { __BALANCE_VERSION__: JSON.stringify(pkg.version) },
  // Bundled CommonJS dependencies (cli-table3) call require(); give them one.
  banner: { js: "import { createRequire as __balanceCreateRequire } from 'node:module';\nconst require = __balanceCreateRequire(import.meta.url);" },
});

// The keyring helper runs as its own process (see src/core/keyring.ts), so it
// is its own small file beside the bundle.
await build({
  ...common,
  entryPoints: ['src/keyring/child.ts'],
  outfile: 'dist/keyring-child.js',
});
