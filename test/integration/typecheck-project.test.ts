import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { passedBefore, PASSED_FILE, readTypecheckInputs } from '../../scripts/typecheck-fingerprint';
import { typecheckProject } from '../../scripts/typecheck-project';
import { testFileFolder } from '../support/scratch-folder';

// The type-check `npm test` runs first, on a small project shaped like this one (the public entry points whose
// exports must be documented): a pass is recorded, so the next run can be skipped; a failure forgets it.
const project = testFileFolder('shipshape-typecheck-project');

function write(path: string, text: string): void {
  mkdirSync(dirname(join(project, path)), { recursive: true });
  writeFileSync(join(project, path), text);
}

test('a pass is recorded until a change; a type error or an undocumented export fails and is not recorded', () => {
  // No @types here: the project's own lib.d.ts from this checkout's TypeScript is all it needs.
  write('tsconfig.json', JSON.stringify({ compilerOptions: { strict: true, types: [], lib: ['ES2022'] }, include: ['lib'] }));
  write('lib/index.ts', "/** Adds two numbers. */\nexport const add = (a: number, b: number): number => a + b;\n");
  write('lib/testing/index.ts', "/** Checks a sum. */\nexport { add as sum } from '..';\n");
  const output: string[] = [];
  const print = jest.spyOn(process.stdout, 'write').mockImplementation((text) => output.push(String(text)) > 0);
  try {
    expect(typecheckProject(project, readTypecheckInputs(project))).toBe(0);
    expect(passedBefore(readTypecheckInputs(project)!)).toBe(true);

    write('lib/index.ts', "/** Adds two numbers. */\nexport const add = (a: number, b: number): number => a + b + '';\n");
    expect(passedBefore(readTypecheckInputs(project)!)).toBe(false);
    expect(typecheckProject(project, readTypecheckInputs(project))).toBe(1);
    expect(output.join('')).toBe("lib/index.ts(2,54): error TS2322: Type 'string' is not assignable to type 'number'.\n\nFound 1 error.\n");
    expect(existsSync(join(project, PASSED_FILE))).toBe(false);

    write('lib/index.ts', 'export const add = (a: number, b: number): number => a + b;\n');
    output.length = 0;
    expect(typecheckProject(project, readTypecheckInputs(project))).toBe(1);
    expect(output.join('')).toContain('public API docs: add: no JSDoc\n');
    expect(existsSync(join(project, PASSED_FILE))).toBe(false);
  } finally {
    print.mockRestore();
  }
});
