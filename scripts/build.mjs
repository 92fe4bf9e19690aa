// Bundles the CLI into one ESM file. Dynamic import() of a bundled module stays
// lazy (esbuild wraps it), so each command's code runs only when it is used.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

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
