import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomically } from '../lib/cli/atomic-write';
import { scratchFolder } from './support/scratch-folder';

let folder: string;
beforeEach(() => {
  folder = scratchFolder('shipshape-atomic');
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

test('replaces the content in one rename, with the mode asked for, leaving no temporary file', () => {
  const file = join(folder, 'secrets.json');
  writeFileSync(file, 'old');
  writeFileAtomically(file, 'new', 0o600);
  expect(readFileSync(file, 'utf8')).toBe('new');
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(readdirSync(folder)).toEqual(['secrets.json']);
});

test('a write that fails leaves the old file as it was and no temporary file', () => {
  // A folder where the file should go: the final rename fails after the temporary file was written.
  const target = join(folder, 'secrets.json');
  mkdirSync(target);
  writeFileSync(join(target, 'inside'), 'old');
  expect(() => writeFileAtomically(target, 'new')).toThrow(/EISDIR|EEXIST|ENOTEMPTY|illegal operation/);
  expect(readFileSync(join(target, 'inside'), 'utf8')).toBe('old');
  expect(readdirSync(folder)).toEqual(['secrets.json']);
});
