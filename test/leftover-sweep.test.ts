import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sweepLeftovers } from '../lib/cli/leftover-sweep';
import { thisProcess } from '../lib/cli/owner-process';
import { projectAt } from '../lib/cli/project';
import { scratchFolder } from './support/scratch-folder';

// What a command killed with SIGKILL leaves, and what the next command removes before it starts (lib/cli/leftover-sweep.ts).
// test/integration/secrets-crash.test.ts kills real commands; here each kind of leftover is laid out by hand.
const scratchBase = existsSync('/dev/shm') && statSync('/dev/shm').isDirectory() ? '/dev/shm' : tmpdir();
let project: string;
const editFolders: string[] = [];
beforeEach(() => {
  project = scratchFolder('shipshape-sweep');
});
afterEach(() => {
  rmSync(project, { recursive: true, force: true });
  for (const folder of editFolders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** The pid of a process that has exited. */
function exitedPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

/** A private folder of `secrets edit` as a process of that pid and start time names it, holding a decrypted file. */
function editFolder(pid: number, started: string): string {
  const folder = mkdtempSync(join(scratchBase, `shipshape-secrets-${pid}-${started}-`));
  writeFileSync(join(folder, 'sandbox.secrets.yaml'), 'api:\n  TOKEN: plaintext\n', { mode: 0o600 });
  editFolders.push(folder);
  return folder;
}

test('removes the temporary files, locks and decrypted edit folders of processes that are gone, and keeps those of running ones', () => {
  const environment = join(project, 'environments', 'sandbox');
  mkdirSync(join(environment, 'keys'), { recursive: true });
  mkdirSync(join(project, '.shipshape', 'sandbox'), { recursive: true });
  const dead = exitedPid();
  const me = thisProcess();
  const files = {
    [join(environment, 'secrets.json')]: '{}',
    [join(environment, `.secrets.json.${dead}-0a1b2c3d.tmp`)]: 'half a secrets file',
    [join(environment, `.secrets.json.${process.pid}-0a1b2c3d.tmp`)]: 'a write under way',
    [join(environment, `.versions.json.lock`)]: JSON.stringify({ pid: dead, host: hostname(), token: 'dead' }),
    [join(environment, `.secrets.json.lock`)]: JSON.stringify({ ...me, token: 'live' }),
    [join(environment, 'keys', `.ci.pub.pem.${dead}-0a1b2c3d.tmp`)]: 'half a public key',
    [join(project, '.shipshape', 'sandbox', `.secrets.yaml.${dead}-0a1b2c3d.tmp`)]: 'rendered plaintext',
    [join(project, `..merge_file_a1.${dead}-0a1b2c3d.tmp`)]: 'a merge',
  };
  for (const [path, content] of Object.entries(files)) writeFileSync(path, content);
  const abandoned = editFolder(dead, me.started ?? 'x');
  const reusedPid = editFolder(process.pid, `${Number(me.started) - 1}`);
  const live = editFolder(process.pid, me.started ?? 'x');

  sweepLeftovers(projectAt(project));

  expect(readdirSync(environment).sort()).toEqual(['.secrets.json.lock', `.secrets.json.${process.pid}-0a1b2c3d.tmp`, 'keys', 'secrets.json'].sort());
  expect(readdirSync(join(environment, 'keys'))).toEqual([]);
  expect(readdirSync(join(project, '.shipshape', 'sandbox'))).toEqual([]);
  expect(readdirSync(project).sort()).toEqual(['.shipshape', 'environments']);
  expect([existsSync(abandoned), existsSync(reusedPid), existsSync(live)]).toEqual([false, false, true]);
});

test('a project without environments, or not a project at all, is no reason to fail', () => {
  expect(() => sweepLeftovers(projectAt(join(project, 'nowhere')))).not.toThrow();
});
