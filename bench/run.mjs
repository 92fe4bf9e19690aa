// `npm run bench`: bundles the benchmark (TypeScript, with the end-to-end
// tests' servers) into bench/.tmp/ and runs it. See bench/main.ts.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outfile = join(here, '.tmp', 'bench.mjs');

// The servers find their fixtures relative to their own file; keep those
// paths pointing at test/ once bundled.
const keepImportMeta = {
  name: 'keep-import-meta',
  setup(build) {
    build.onLoad({ filter: /[\\/]test[\\/]servers[\\/].*\.ts$/ }, (args) => ({
      loader: 'ts',
      contents: readFileSync(args.path, 'utf8')
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
        .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path))),
    }));
  },
};

await build({
  entryPoints: [join(here, 'main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  plugins: [keepImportMeta],
  logLevel: 'warning',
});
process.chdir(join(here, '..'));
const { runBench } = await import(pathToFileURL(outfile).href);
process.exitCode = await runBench(process.argv.slice(2));
