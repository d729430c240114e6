import { join, posix } from 'node:path';
import { filesUnder } from './support/files-under';

// The developer guide's house rules for lib/, checked on every `npm test`: no import cycles, nothing from bin/
// (bin/ is the entry point and requires the library, never the other way), and no public type whose name another
// file under lib/ also exports. The checks read the sources with regular expressions, which is enough for this code base.

/** Source files by their path from the repository root, e.g. `lib/cli/main.ts`. */
type Sources = ReadonlyMap<string, string>;

describe('the house (lib/)', () => {
  const lib = libSources();

  test('has no import cycles, type-only imports included', () => {
    expect(importCycles(lib)).toEqual([]);
  });

  test('imports nothing from bin/', () => {
    expect(importsOfBin(lib)).toEqual([]);
  });

  test('has one declaration for each public name', () => {
    expect(publicNamesDeclaredTwice(lib, ['lib/index.ts', 'lib/testing/index.ts'])).toEqual([]);
  });
});

describe('the house checks', () => {
  const sources = (files: Record<string, string>): Sources => new Map(Object.entries(files));

  test('spell out each cycle, from its first file in name order', () => {
    const cyclic = sources({
      'lib/a.ts': "import { b } from './b';",
      'lib/b.ts': "import type { A } from './a';\nexport const c = () => require('./sub/c');",
      'lib/sub/c.ts': "export { b } from '../b';",
      'lib/d.ts': "import { a } from './a';",
    });
    expect(importCycles(cyclic)).toEqual(['lib/a.ts → lib/b.ts → lib/a.ts', 'lib/b.ts → lib/sub/c.ts → lib/b.ts']);
  });

  test('see bin/ in an import, a require or a path built from __dirname', () => {
    const reaching = sources({
      'lib/a.ts': "import { run } from '../bin/run';",
      'lib/b/c.ts': "const cache = require('../../bin/disk-cache');",
      'lib/b/d.ts': "const LOADER = join(__dirname, '..', '..', 'bin', 'loader.js');",
      'lib/e.ts': "const LOADER = join(__dirname, 'loader', 'typescript-loader.js');",
    });
    expect(importsOfBin(reaching)).toEqual(['lib/a.ts imports bin/run', 'lib/b/c.ts imports bin/disk-cache', 'lib/b/d.ts imports bin/loader.js']);
  });

  test('name the files that declare a public name, however far it is re-exported or renamed', () => {
    const twice = sources({
      'lib/index.ts': "export type { Spec } from './service';\nexport { Other as Renamed } from './other';\nexport { Key } from './key';",
      'lib/service.ts': "export * from './service-spec';",
      'lib/service-spec.ts': 'export interface Spec {}',
      'lib/api.ts': "export type { ISpec as Spec } from 'kubernetes-models/v1/Spec';",
      'lib/other.ts': 'export class Other {}',
      'lib/renamed.ts': 'export type Renamed = string;',
      // A type and a const of one name in one file are one thing to an importer.
      'lib/key.ts': 'export type Key = string;\nexport const Key = { of: (text: string): Key => text };',
      'lib/internal.ts': 'export type Internal = string;',
      'lib/internal-too.ts': 'export type Internal = number;',
    });
    expect(publicNamesDeclaredTwice(twice, ['lib/index.ts'])).toEqual(['Renamed: lib/index.ts (public) and lib/renamed.ts', 'Spec: lib/api.ts and lib/service-spec.ts (public)']);
  });
});

/** The TypeScript and JavaScript files under lib/. */
function libSources(): Sources {
  const root = join(__dirname, '..');
  const files = filesUnder(join(root, 'lib'));
  return new Map([...files].filter(([path]) => /\.(ts|js)$/.test(path)).map(([path, source]) => [posix.join('lib', path), source]));
}

/**
 * The relative paths a file depends on: `import … from`, `export … from`, `import '…'`, `require('…')`,
 * `import('…')` (also in `typeof import('…')`), and paths built with `join(__dirname, '…', …)`.
 */
function dependencies(source: string): string[] {
  const specifiers = [...source.matchAll(/(?:\bfrom\s+|\bimport\s+|\brequire\(\s*|\bimport\(\s*)(['"])(\.{1,2}\/[^'"]*)\1/g)].map((match) => match[2]);
  const built = [...source.matchAll(/\bjoin\(\s*__dirname((?:\s*,\s*'[^']*')+)\s*\)/g)].map((match) => posix.join(...[...match[1].matchAll(/'([^']*)'/g)].map((segment) => segment[1])));
  return [...specifiers, ...built];
}

/** A file's dependency as a path from the root: the file it names in `sources`, or the bare path when it names none there. */
function resolve(from: string, specifier: string, sources: Sources): string {
  const path = posix.join(posix.dirname(from), specifier);
  return [path, `${path}.ts`, `${path}.js`, `${path}/index.ts`, `${path}/index.js`].find((candidate) => sources.has(candidate)) ?? path;
}

/** Which files of `sources` each file depends on. */
function importGraph(sources: Sources): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const [file, source] of sources) {
    graph.set(file, [...new Set(dependencies(source).map((specifier) => resolve(file, specifier, sources)).filter((path) => sources.has(path)))]);
  }
  return graph;
}

/** Every cycle as `a.ts → b.ts → a.ts`, the shortest through each file, each set of files once. */
function importCycles(sources: Sources): string[] {
  const graph = importGraph(sources);
  const cycles = new Map<string, string[]>();
  for (const start of [...graph.keys()].sort()) {
    // Breadth first, so the cycle shown is the shortest way back to `start`.
    const cameFrom = new Map<string, string>();
    const queue = [start];
    while (queue.length > 0 && !cameFrom.has(start)) {
      const file = queue.shift()!;
      for (const next of graph.get(file) ?? []) {
        if (cameFrom.has(next)) continue;
        cameFrom.set(next, file);
        queue.push(next);
      }
    }
    if (!cameFrom.has(start)) continue;
    const cycle = [start];
    for (let file = cameFrom.get(start)!; file !== start; file = cameFrom.get(file)!) cycle.unshift(file);
    const key = [...cycle].sort().join('\0');
    // Shown from its first file in name order, so that a cycle reads the same whichever file found it.
    const first = cycle.indexOf([...cycle].sort()[0]);
    const shown = [...cycle.slice(first), ...cycle.slice(0, first)];
    if (!cycles.has(key)) cycles.set(key, [...shown, shown[0]]);
  }
  return [...cycles.values()].map((cycle) => cycle.join(' → '));
}

/** `lib/x.ts imports bin/y` for each dependency of a file on something under bin/. */
function importsOfBin(sources: Sources): string[] {
  return [...sources].flatMap(([file, source]) =>
    dependencies(source)
      .map((specifier) => resolve(file, specifier, sources))
      .filter((path) => path.startsWith('bin/'))
      .map((path) => `${file} imports ${path}`),
  );
}

/** `export { a, b as c } from '…'` (also `export type`): each name as the other module has it and as this one exports it. */
function reexports(source: string): { from: string; names: { original: string; exported: string }[] }[] {
  return [...source.matchAll(/^export\s+(?:type\s+)?\{([^}]*)\}\s*from\s*(['"])([^'"]+)\2/gm)].map((match) => ({
    from: match[3],
    names: match[1]
      .split(',')
      .map((item) => item.replace(/^\s*type\s+/, '').trim())
      .filter(Boolean)
      .map((item) => {
        const [original, exported = original] = item.split(/\s+as\s+/);
        return { original, exported };
      }),
  }));
}

/**
 * The names a file brings into lib/: the types, interfaces, classes, enums and consts it declares and exports, and
 * what it re-exports from a package or under a name of its own (`export type { IServiceSpec as ServiceSpec } from …`).
 */
function declaredNames(source: string): string[] {
  const declared = [...source.matchAll(/^export\s+(?:declare\s+)?(?:abstract\s+)?(?:const\s+enum|class|interface|type|enum|const)\s+([A-Za-z_$][\w$]*)/gm)].map((match) => match[1]);
  const named = reexports(source).flatMap(({ from, names }) => names.filter(({ original, exported }) => !from.startsWith('.') || original !== exported).map(({ exported }) => exported));
  return [...declared, ...named];
}

/** `Name: a.ts and b.ts (public)` for each public name that more than one file declares. */
function publicNamesDeclaredTwice(sources: Sources, entries: readonly string[]): string[] {
  const declaring = new Map<string, Set<string>>();
  for (const [file, source] of [...sources].sort()) for (const name of declaredNames(source)) declaring.set(name, new Set(declaring.get(name)).add(file));
  const published = entries.flatMap((entry) => exportedDeclarations(entry, sources, new Set()));
  const isPublic = (name: string, file: string) => published.some((declaration) => declaration.name === name && declaration.file === file);
  return [...new Set(published.map(({ name }) => name))]
    .sort()
    .filter((name) => declaring.get(name)!.size > 1)
    .map((name) => `${name}: ${[...declaring.get(name)!].map((file) => (isPublic(name, file) ? `${file} (public)` : file)).join(' and ')}`);
}

/** Each name a file exports, with the file that declares it, following `export { … } from` and `export * from`. */
function exportedDeclarations(file: string, sources: Sources, seen: ReadonlySet<string>): { name: string; file: string }[] {
  const source = sources.get(file);
  if (source === undefined || seen.has(file)) return [];
  const inner = new Set(seen).add(file);
  const own = declaredNames(source).map((name) => ({ name, file }));
  const followed = reexports(source)
    .filter(({ from }) => from.startsWith('.'))
    .flatMap(({ from, names }) => {
      const there = exportedDeclarations(resolve(file, from, sources), sources, inner);
      return names.filter(({ original, exported }) => original === exported).flatMap(({ original }) => there.filter(({ name }) => name === original));
    });
  const starred = [...source.matchAll(/^export\s+\*\s+from\s*(['"])(\.[^'"]*)\1/gm)].flatMap((match) => exportedDeclarations(resolve(file, match[2], sources), sources, inner));
  return [...own, ...followed, ...starred];
}
