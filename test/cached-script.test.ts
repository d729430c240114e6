import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeCacheFile, evaluateCachedScript } from '../lib/validation/cached-script';
import { scratchFolder } from './support/scratch-folder';

// The schema validators (1.5 MB of generated JavaScript) load through V8's code cache after the first run.
describe('evaluating a generated script with a code cache', () => {
  let folder: string;
  let file: string;
  const cache = () => codeCacheFile(readFileSync(file, 'utf8'), file)!;
  const write = (operator: string) => writeFileSync(file, `// ${folder}\nmodule.exports = function create(offset) { return { add: (n) => n ${operator} offset }; };\n`);
  beforeEach(() => {
    folder = scratchFolder('shipshape-cached-script');
    file = join(folder, 'generated.js');
    // The folder's name makes the source, and so its cache entry, new for each test.
    write('+');
  });
  afterEach(() => {
    rmSync(cache(), { force: true });
    rmSync(folder, { recursive: true, force: true });
  });

  /** What another process (V8 keeps a compiled script for the rest of the process) computes from the file. */
  const inAnotherProcess = () => {
    const loader = join(__dirname, '..', 'lib', 'loader', 'typescript-loader.js');
    const module = join(__dirname, '..', 'lib', 'validation', 'cached-script.ts');
    const run = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(loader)}).register(); process.stdout.write(String(require(${JSON.stringify(module)}).evaluateCachedScript(${JSON.stringify(file)})(2).add(40)))`], { encoding: 'utf8' });
    return run.stdout + run.stderr;
  };

  test('gives the module exports, and keeps the compiled code for the next process', () => {
    expect(existsSync(cache())).toBe(false);
    expect((evaluateCachedScript(file) as (offset: number) => { add: (n: number) => number })(2).add(40)).toBe(42);
    expect(existsSync(cache())).toBe(true);
    expect(inAnotherProcess()).toBe('42');
  });

  test('a damaged cache costs only the compile: the script still runs, and the cache is written again', () => {
    writeFileSync(cache(), 'not V8 code');
    expect(inAnotherProcess()).toBe('42');
    expect(readFileSync(cache(), 'utf8')).not.toBe('not V8 code');
  });

  test('a changed file is compiled again, never served from the old cache', () => {
    expect(inAnotherProcess()).toBe('42');
    write('*');
    expect(inAnotherProcess()).toBe('80');
  });
});
