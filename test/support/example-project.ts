import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchFolder, testFileFolder } from './scratch-folder';

/** This checkout: the library and the example platform repository. */
export const root = join(__dirname, '..', '..');

/**
 * The demo keys that open the example environments' secrets, copied to a private folder that lives as
 * long as the test file: git does not keep file modes, so in a fresh clone the committed files are
 * readable by all, and shipshape rightly warns about key files like that. Call it at the top of a test
 * file (it adds an `afterAll` hook there).
 */
export function privateDemoKeys(): string {
  const copy = testFileFolder('shipshape-demo-keys');
  cpSync(join(root, 'demo-keys'), copy, { recursive: true });
  const restrict = (path: string): void => {
    if (statSync(path).isDirectory()) readdirSync(path).forEach((entry) => restrict(join(path, entry)));
    else chmodSync(path, 0o600);
  };
  restrict(copy);
  return copy;
}

/**
 * A throwaway copy of the example platform repo, so tests can change and break it. Each test
 * takes a fresh copy: the in-process CLI loads an environment file once per process and path
 * (a test process runs many test files), so a test that edits one must be the first to load it
 * from that path.
 */
export function copyOfExample(): string {
  const folder = scratchFolder('shipshape-test');
  for (const entry of ['services', 'environments', 'manifests']) cpSync(join(root, entry), join(folder, entry), { recursive: true });
  // The copy's definitions import '../lib', which this file points at the library in this checkout, and the
  // environments import cdk8s and cdk8s-plus-27 as a platform repo does, from this checkout's node_modules.
  writeFileSync(join(folder, 'lib.ts'), `export * from ${JSON.stringify(join(root, 'lib'))};\n`);
  symlinkSync(join(root, 'node_modules'), join(folder, 'node_modules'), 'dir');
  return folder;
}

/** Makes the folder a git repository with everything committed, like a fresh clone. */
export function commitAll(folder: string, message = 'example'): void {
  for (const args of [['init', '-q', '-b', 'main'], ['add', '-A'], ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', 'commit', '-q', '-m', message]]) {
    const result = spawnSync('git', args, { cwd: folder, encoding: 'utf8' });
    if (result.status !== 0 && !(args[0] === 'init' && /Reinitialized/.test(result.stdout))) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  }
}
