import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// lib/loader/typescript-loader.js as the CLI uses it: after a fresh clone, every definition compiles in a child process,
// so swc (some 35 MB that a process never gets back) is never loaded into the process that builds the manifests.
const LOADER = join(__dirname, '..', '..', 'lib', 'loader', 'typescript-loader.js');

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'shipshape-loader-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

/** `count` TypeScript files never compiled before (their content is new), under `<folder>/services`. */
function newDefinitions(count: number): string[] {
  const services = join(folder, 'services');
  mkdirSync(services);
  const nonce = randomBytes(8).toString('hex');
  return Array.from({ length: count }, (_, index) => {
    const file = join(services, `svc-${String(index).padStart(3, '0')}.ts`);
    writeFileSync(file, `// ${nonce}\nconst port: number = ${8000 + index};\nexport default { port };\n`);
    return file;
  });
}

/** Runs node with the loader registered, precompiling `services`, then requiring every file; reports what it saw. */
function run(files: readonly string[], precompile: boolean): { swcBeforeRequire: boolean; swcAfterRequire: boolean; ports: number[] } {
  const script = `
    const loader = require(${JSON.stringify(LOADER)});
    loader.register();
    ${precompile ? `loader.precompile([${JSON.stringify(join(folder, 'services'))}]);` : ''}
    const swc = () => Object.keys(require.cache).some((path) => path.includes('@swc/core'));
    const swcBeforeRequire = swc();
    const ports = ${JSON.stringify(files)}.map((file) => require(file).default.port);
    process.stdout.write(JSON.stringify({ swcBeforeRequire, swcAfterRequire: swc(), ports }));`;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(child.stderr);
  return JSON.parse(child.stdout);
}

test('many uncached definitions compile in a child process: this one never loads swc, and every file loads from the cache', () => {
  const files = newDefinitions(45);
  const first = run(files, true);
  expect(first).toEqual({ swcBeforeRequire: false, swcAfterRequire: false, ports: files.map((_, index) => 8000 + index) });
});

test('a few uncached definitions compile on require, in this process, as before', () => {
  const files = newDefinitions(5);
  expect(run(files, true)).toEqual({ swcBeforeRequire: false, swcAfterRequire: true, ports: [8000, 8001, 8002, 8003, 8004] });
  // Cached now: the next process loads them without swc.
  expect(run(files, true).swcAfterRequire).toBe(false);
});

test('a syntax error that the child process skipped is reported when the file is required', () => {
  const files = newDefinitions(45);
  writeFileSync(files[7], 'export default { port: };\n');
  const script = `const loader = require(${JSON.stringify(LOADER)}); loader.register(); loader.precompile([${JSON.stringify(join(folder, 'services'))}]); require(${JSON.stringify(files[7])});`;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  expect(child.status).not.toBe(0);
  expect(child.stderr).toContain('svc-007.ts');
});
