import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PASSED_FILE } from '../../scripts/typecheck-fingerprint';
import { testFileFolder } from '../support/scratch-folder';

// The type-check `npm test` runs first, on a small project shaped like this one (the public entry points whose
// exports must be documented): a pass is recorded, so the next run is skipped; a failure forgets it. It runs as
// `npm run typecheck` does, in a process of its own: TypeScript 7's API is an ES module, which jest cannot load.
const project = testFileFolder('shipshape-typecheck-project');

function write(path: string, text: string): void {
  mkdirSync(dirname(join(project, path)), { recursive: true });
  writeFileSync(join(project, path), text);
}

// TypeScript 7's API server writes this to the stderr it shares with us when the API closes its pipe a moment before
// the kill reaches it (seen on a loaded machine): its shutdown, not the check's result.
const SERVER_SHUTDOWN_NOTICE = /^context canceled\n/m;

function typecheck(): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [join(__dirname, '..', '..', 'scripts', 'typecheck.js'), project], { encoding: 'utf8' });
  return { status: run.status, output: run.stdout + run.stderr.replace(SERVER_SHUTDOWN_NOTICE, '') };
}

test('a pass is recorded until a change; a type error or an undocumented export fails and is not recorded', () => {
  // No @types here: the project's own lib.d.ts from this checkout's TypeScript is all it needs.
  write('tsconfig.json', JSON.stringify({ compilerOptions: { strict: true, types: [], lib: ['ES2022'] }, include: ['lib'] }));
  write('lib/index.ts', "/** Adds two numbers. */\nexport const add = (a: number, b: number): number => a + b;\n");
  write('lib/testing/index.ts', "/** Checks a sum. */\nexport { add as sum } from '..';\n");
  expect(typecheck()).toEqual({ status: 0, output: '' });
  expect(typecheck()).toEqual({ status: 0, output: `type-check: passed before, and no file it reads has changed since (${PASSED_FILE})\n` });

  write('lib/index.ts', "/** Adds two numbers. */\nexport const add = (a: number, b: number): number => a + b + '';\n");
  expect(typecheck()).toEqual({ status: 1, output: "lib/index.ts(2,54): error TS2322: Type 'string' is not assignable to type 'number'.\n\nFound 1 error.\n" });
  expect(existsSync(join(project, PASSED_FILE))).toBe(false);

  write('lib/index.ts', 'export const add = (a: number, b: number): number => a + b;\n');
  const undocumented = typecheck();
  expect(undocumented.status).toBe(1);
  expect(undocumented.output).toContain('public API docs: add: no JSDoc\n');
  expect(existsSync(join(project, PASSED_FILE))).toBe(false);

  // An optional field needs its @default; a private one needs nothing.
  write('lib/index.ts', '/** Options. */\nexport interface Options {\n  /** How many. */\n  readonly count?: number;\n}\n/** A counter. */\nexport class Counter {\n  private last = 0;\n}\n');
  write('lib/testing/index.ts', "/** Options again. */\nexport type { Options as TestOptions } from '..';\n");
  expect(typecheck()).toEqual({
    status: 1,
    output:
      'public API docs: Options.count: optional but no @default\n' +
      '1 public API docs missing: every export of shipshape and shipshape/testing needs a JSDoc comment, every field a line and every optional field an @default.\n',
  });
});

test('on a Node.js that cannot require() ES modules, says which version to use', () => {
  // What Node.js before 20.19 does, on this one.
  const run = spawnSync(process.execPath, ['--no-experimental-require-module', join(__dirname, '..', '..', 'scripts', 'typecheck.js'), project], { encoding: 'utf8' });
  expect({ status: run.status, stderr: run.stderr }).toEqual({
    status: 1,
    stderr: `npm test type-checks with TypeScript 7, whose API Node.js ${process.version} cannot load (it needs require() of ES modules): use Node.js 20.19 or later.\n`,
  });
});
