// The layers of src/: each folder imports only from the folders below it
// (README: "The code"), and no module imports itself back through others.
// Reads the import statements of every source file, type-only ones too.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

/** Layer → the layers its files may import, lowest first. The entry is src/cli.ts and src/main.ts. */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  base: [],
  net: ['base'],
  store: ['base'],
  providers: ['base', 'net'],
  accounts: ['base', 'net', 'store', 'providers'],
  output: ['base', 'store', 'accounts'],
  terminal: ['base'],
  commands: ['base', 'net', 'store', 'providers', 'accounts', 'output', 'terminal'],
  entry: ['base', 'terminal', 'commands'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Relative specifiers of `import … from`, `export … from`, `import '…'` and `import('…')`. */
export function importsOf(text: string): string[] {
  const found: string[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)(['"])(\.{1,2}\/[^'"]+)\1/gm;
  for (const match of text.matchAll(pattern)) found.push(match[2]!);
  return found;
}

export function layerOf(file: string): string {
  const parts = relative(SRC, file).split(/[\\/]/);
  return parts.length === 1 ? 'entry' : parts[0]!;
}

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly specifier: string;
}

function edges(): Edge[] {
  return sourceFiles(SRC).flatMap((from) =>
    importsOf(readFileSync(from, 'utf8')).map((specifier) => ({ from, specifier, to: resolve(dirname(from), specifier.replace(/\.js$/, '.ts')) })),
  );
}

/** "src/a.ts imports ../b.js (layer x may not import layer y)" for each import against the table. */
export function layerViolations(all: readonly Edge[]): string[] {
  const problems: string[] = [];
  for (const { from, to, specifier } of all) {
    const own = layerOf(from);
    const target = layerOf(to);
    const allowed = ALLOWED[own];
    const name = relative(join(SRC, '..'), from);
    if (allowed === undefined) problems.push(`${name}: folder src/${own}/ is not in the table of layers`);
    else if (target !== own && !allowed.includes(target)) problems.push(`${name} imports ${specifier}: ${own} may import only ${[own, ...allowed].join(', ')}`);
    // A provider's folder is its own: it may use providers/types.ts and the registry, not another provider.
    const ownProvider = relative(join(SRC, 'providers'), from).split(/[\\/]/);
    const targetProvider = relative(join(SRC, 'providers'), to).split(/[\\/]/);
    if (own === 'providers' && target === 'providers' && ownProvider.length > 1 && targetProvider.length > 1 && ownProvider[0] !== targetProvider[0]) {
      problems.push(`${name} imports ${specifier}: one provider's folder may not import another's`);
    }
  }
  return problems;
}

/** Every import cycle among the files, as "a → b → a". */
export function cycles(all: readonly Edge[]): string[] {
  const graph = new Map<string, string[]>();
  for (const { from, to } of all) graph.set(from, [...(graph.get(from) ?? []), to]);
  const found: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next].map((f) => relative(SRC, f)).join(' → '));
      else if (state.get(next) === undefined) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (state.get(file) === undefined) visit(file);
  return found;
}

describe('the layers of src/', () => {
  const all = edges();

  it('reads the imports it checks (the table is not checked against nothing)', () => {
    expect(all.length).toBeGreaterThan(200);
    expect(new Set(all.map((edge) => layerOf(edge.from)))).toEqual(new Set(Object.keys(ALLOWED)));
  });

  it('no file imports a layer above its own', () => {
    expect(layerViolations(all)).toEqual([]);
  });

  it('no import cycle', () => {
    expect(cycles(all)).toEqual([]);
  });

  it('finds an upward import, a provider importing another, and a cycle', () => {
    const at = (path: string): string => join(SRC, path);
    const planted: Edge[] = [
      { from: at('store/profile-store.ts'), to: at('providers/registry.ts'), specifier: '../providers/registry.js' },
      { from: at('providers/okx/client.ts'), to: at('providers/longport/sign.ts'), specifier: '../longport/sign.js' },
      { from: at('base/model.ts'), to: at('base/money.ts'), specifier: './money.js' },
      { from: at('base/money.ts'), to: at('base/model.ts'), specifier: './model.js' },
    ];
    expect(layerViolations(planted)).toEqual([
      'src/store/profile-store.ts imports ../providers/registry.js: store may import only store, base',
      "src/providers/okx/client.ts imports ../longport/sign.js: one provider's folder may not import another's",
    ]);
    expect(cycles(planted)).toEqual(['base/model.ts → base/money.ts → base/model.ts']);
  });

  it('reads every form of import', () => {
    const text = "import type { A } from './a.js';\nexport { b } from '../b.js';\nimport './c.js';\nconst d = await import('./d.js');\nimport x from 'node:fs';";
    expect(importsOf(text)).toEqual(['./a.js', '../b.js', './c.js', './d.js']);
  });
});
