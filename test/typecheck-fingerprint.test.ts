import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { forgetPass, passedBefore, PASSED_FILE, readTypecheckInputs, recordPass } from '../scripts/typecheck-fingerprint';
import { scratchFolder } from './support/scratch-folder';

// `npm test` skips the type-check when it passed before and nothing it reads has changed since. It must
// never skip after a change: each case below changes one thing after a recorded pass.
let project: string;
beforeEach(() => {
  project = scratchFolder('shipshape-typecheck');
  const files: Record<string, string> = {
    'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true }, include: ['src', 'test/**/*.ts'] }),
    'package.json': '{ "name": "p" }\n',
    'package-lock.json': '{ "lockfileVersion": 3 }\n',
    'node_modules/.package-lock.json': '{ "lockfileVersion": 3, "packages": {} }\n',
    'node_modules/typescript/lib/lib.d.ts': 'declare var x: number;\n',
    'src/index.ts': "export { add } from './add';\n",
    'src/add.ts': 'export const add = (a: number, b: number) => a + b;\n',
    'test/add.test.ts': "import { add } from '../src';\nadd(1, 2);\n",
    'test/fixture.json': '{}\n',
    'shared/types.d.ts': 'type Shared = string;\n',
  };
  for (const [path, text] of Object.entries(files)) write(path, text);
  // What the program read: the roots, a file outside the included folders, and an installed one.
  const programFiles = ['src/index.ts', 'src/add.ts', 'test/add.test.ts', 'shared/types.d.ts', 'node_modules/typescript/lib/lib.d.ts'];
  recordPass(readTypecheckInputs(project)!, programFiles.map((file) => ({ fileName: join(project, file), text: files[file] })));
});
afterEach(() => rmSync(project, { recursive: true, force: true }));

function write(path: string, text: string): void {
  mkdirSync(dirname(join(project, path)), { recursive: true });
  writeFileSync(join(project, path), text);
}
const skips = () => passedBefore(readTypecheckInputs(project)!);

test('skips when nothing changed, even if files were rewritten with the same content', () => {
  expect(skips()).toBe(true);
  write('src/add.ts', readFileSync(join(project, 'src/add.ts'), 'utf8'));
  expect(skips()).toBe(true);
});

test('records only the files outside node_modules, which the lock files stand for', () => {
  expect(JSON.parse(readFileSync(join(project, PASSED_FILE), 'utf8')).files).toEqual(['shared/types.d.ts', 'src/add.ts', 'src/index.ts', 'test/add.test.ts']);
});

test.each<[string, () => void]>([
  ['a source file changed', () => write('src/add.ts', 'export const add = (a: number, b: number) => a - b;\n')],
  ['a test file changed', () => write('test/add.test.ts', "import { add } from '../src';\nadd(1, '2');\n")],
  ['a file outside the included folders that the program read changed', () => write('shared/types.d.ts', 'type Shared = number;\n')],
  ['a file the program read was removed', () => rmSync(join(project, 'shared/types.d.ts'))],
  ['a file was added to an included folder', () => write('src/subtract.ts', 'export const subtract = 1;\n')],
  ['a file was added under a wildcard include', () => write('test/deep/more.test.ts', 'export {};\n')],
  ['a file was removed from an included folder', () => rmSync(join(project, 'test/fixture.json'))],
  ['tsconfig.json changed', () => write('tsconfig.json', JSON.stringify({ compilerOptions: { strict: false }, include: ['src', 'test/**/*.ts'] }))],
  ['package.json changed', () => write('package.json', '{ "name": "p", "types": "src/index.ts" }\n')],
  ['package-lock.json changed', () => write('package-lock.json', '{ "lockfileVersion": 3, "packages": { "": {} } }\n')],
  ['what is installed changed (npm install without saving)', () => write('node_modules/.package-lock.json', '{ "lockfileVersion": 3, "packages": { "node_modules/x": {} } }\n')],
  ['the record was forgotten (a failing run)', () => forgetPass(project)],
  ['the record was edited', () => write(PASSED_FILE, readFileSync(join(project, PASSED_FILE), 'utf8').replace(/"fingerprint": "\w/, '"fingerprint": "x'))],
])('runs again when %s', (_, change) => {
  change();
  expect(skips()).toBe(false);
});

test('always runs when tsconfig.json is not plain JSON or builds on another config, which this cannot follow for sure', () => {
  write('tsconfig.json', '{\n  // a comment\n  "include": ["src"]\n}\n');
  expect(readTypecheckInputs(project)).toBeUndefined();
  write('tsconfig.json', JSON.stringify({ extends: './tsconfig.base.json', include: ['src'] }));
  expect(readTypecheckInputs(project)).toBeUndefined();
});
