import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ShipshapeError } from '../lib';
import { lockFileOf, withFileLock } from '../lib/cli/file-lock';
import { ownerIsGone, thisProcess } from '../lib/cli/owner-process';
import { scratchFolder } from './support/scratch-folder';

// The lock every command that changes a secrets file or versions.json holds (lib/cli/file-lock.ts). Processes
// writing together are in test/integration/concurrent-writers.test.ts; here its states, one at a time.
let folder: string;
let file: string;
beforeEach(() => {
  folder = scratchFolder('shipshape-lock');
  file = join(folder, 'secrets.json');
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

/** The pid of a process that has exited. */
function exitedPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

const location = { environment: 'sandbox', field: 'environments/sandbox/secrets.json' };

test('is a file beside the target, naming its owner, held while the action runs and removed after it, also when it throws', () => {
  const seen = withFileLock(file, location, () => JSON.parse(readFileSync(lockFileOf(file), 'utf8')));
  expect(lockFileOf(file)).toBe(join(folder, '.secrets.json.lock'));
  expect(seen).toMatchObject({ pid: process.pid, host: hostname() });
  expect(readdirSync(folder)).toEqual([]);
  expect(() => withFileLock(file, location, () => {
    throw new Error('the action failed');
  })).toThrow('the action failed');
  expect(readdirSync(folder)).toEqual([]);
});

test('a lock whose owner is gone (killed) is broken, and the action runs', () => {
  writeFileSync(lockFileOf(file), JSON.stringify({ pid: exitedPid(), host: hostname(), token: 'dead' }));
  expect(withFileLock(file, location, () => 'ran', 1_000)).toBe('ran');
  expect(readdirSync(folder)).toEqual([]);
});

test('a lock left empty by an owner that died before writing its name is broken once it is old', () => {
  writeFileSync(lockFileOf(file), '');
  const old = new Date(Date.now() - 60_000);
  utimesSync(lockFileOf(file), old, old);
  expect(withFileLock(file, location, () => 'ran', 1_000)).toBe('ran');
});

test.each([
  ['a running process', () => ({ ...thisProcess(), token: 'live' })],
  ['a process of another host, which this one cannot check', () => ({ pid: exitedPid(), host: `not-${hostname()}`, token: 'remote' })],
])('a lock held by %s is waited for, then refused in one sentence, and left alone', (_, owner) => {
  const held = JSON.stringify(owner());
  writeFileSync(lockFileOf(file), held);
  let ran = false;
  let refusal: unknown;
  try {
    withFileLock(file, location, () => (ran = true), 500);
  } catch (error) {
    refusal = error;
  }
  expect(refusal).toBeInstanceOf(ShipshapeError);
  expect((refusal as Error).message).toMatch(
    new RegExp(`^environment sandbox, field environments/sandbox/secrets.json: another shipshape command \\(pid \\d+ on [^)]+\\) has held ${lockFileOf(file)} for more than 1 s, so nothing was written; run the command again once it has finished, or delete ${lockFileOf(file)} if no shipshape command is running\\.$`),
  );
  expect(ran).toBe(false);
  expect(readFileSync(lockFileOf(file), 'utf8')).toBe(held);
});

test('an owner whose lock was broken meanwhile learns it before writing, and leaves the new owner\'s lock alone', () => {
  const other = JSON.stringify({ ...thisProcess(), token: 'someone else' });
  const attempt = () => withFileLock(file, location, (lock) => {
    writeFileSync(lockFileOf(file), other);
    lock.confirm();
  });
  expect(attempt).toThrow(`environment sandbox, field environments/sandbox/secrets.json: another shipshape command broke the lock ${lockFileOf(file)} while this one held it, so nothing was written; run the command again.`);
  expect(readFileSync(lockFileOf(file), 'utf8')).toBe(other);
});

test('an owner is gone once its process has exited, and not while it runs or when it is a reused pid of a running process', () => {
  expect(ownerIsGone(thisProcess())).toBe(false);
  expect(ownerIsGone({ pid: exitedPid(), host: hostname() })).toBe(true);
  // Linux tells a process's start time, which is how a pid taken again by a later process is told apart.
  const me = thisProcess();
  expect(me.started).toMatch(/^\d+$/);
  expect(ownerIsGone({ ...me, started: `${Number(me.started) - 1}` })).toBe(true);
});
