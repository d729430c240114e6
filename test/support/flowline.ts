import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { synthesizeEnvironments } from '../../lib';
import { loadEnvironments } from '../../lib/cli/environment-loading';
import { projectAt } from '../../lib/cli/project';
import { synthesizeGitOps } from '../../lib/synth/gitops-manifests';
import { writeManifestFolder } from '../../lib/synth/manifest-folder';
import { scratchFolder, testFileFolder } from './scratch-folder';

/** This checkout. */
const root = join(__dirname, '..', '..');

/**
 * flowline, the library tests' own platform repository (`test/fixtures/flowline/`): four services, staging and
 * production, an `extend` hook, previews, GitOps, releases and encrypted secrets. It began as a copy of the
 * example platform, and the tests own it: what a platform team changes in `services/` and `environments/` never
 * reaches them. Its `manifests/` are not committed; copies get them from synth.
 */
export const FLOWLINE = join(root, 'test', 'fixtures', 'flowline');

/** The private keys that open flowline's secrets (`test/fixtures/flowline-keys/`), for tests only. */
const FLOWLINE_KEYS = join(root, 'test', 'fixtures', 'flowline-keys');

/**
 * Makes throwaway copies of flowline, each with the `manifests/` synth writes, so tests can change and break
 * it. Call it at the top of a test file: the first copy is synthesized, later ones are copies of it, and that
 * first one is removed after the file's last test. Each test takes a fresh copy: the in-process CLI loads an
 * environment file once per process and path (a test process runs many test files), so a test that edits one
 * must be the first to load it from that path.
 */
export function flowlineCopies(): () => string {
  let template: string | undefined;
  afterAll(() => {
    if (template) rmSync(template, { recursive: true, force: true });
  });
  return () => {
    template ??= synthesizedCopy();
    const folder = scratchFolder('shipshape-test');
    cpSync(template, folder, { recursive: true });
    return folder;
  };
}

/** A copy of flowline with its manifests/ as `shipshape synth` writes them. */
function synthesizedCopy(): string {
  const folder = scratchFolder('shipshape-flowline');
  for (const entry of ['services', 'environments']) cpSync(join(FLOWLINE, entry), join(folder, entry), { recursive: true });
  // The copy's definitions import '../lib', which this file points at the library in this checkout, and the
  // environments import cdk8s and cdk8s-plus-27 as a platform repo does, from this checkout's node_modules.
  writeFileSync(join(folder, 'lib.ts'), `export * from ${JSON.stringify(join(root, 'lib'))};\n`);
  symlinkSync(join(root, 'node_modules'), join(folder, 'node_modules'), 'dir');
  const definitions = loadEnvironments(projectAt(folder));
  const gitops = synthesizeGitOps(definitions);
  writeManifestFolder(join(folder, 'manifests'), [...synthesizeEnvironments(definitions), ...(gitops ? [gitops] : [])], true);
  return folder;
}

/**
 * The keys that open flowline's secrets, copied to a private folder that lives as long as the test file: git
 * does not keep file modes, so in a fresh clone the committed files are readable by all, and shipshape rightly
 * warns about key files like that. Call it at the top of a test file (it adds an `afterAll` hook there).
 */
export function privateFlowlineKeys(): string {
  return privateCopyOfKeys(FLOWLINE_KEYS);
}

/** A folder of key files copied into a private folder for the test file (see `privateFlowlineKeys`). */
export function privateCopyOfKeys(keys: string): string {
  const copy = testFileFolder('shipshape-keys');
  cpSync(keys, copy, { recursive: true });
  const restrict = (path: string): void => {
    if (statSync(path).isDirectory()) readdirSync(path).forEach((entry) => restrict(join(path, entry)));
    else chmodSync(path, 0o600);
  };
  restrict(copy);
  return copy;
}

/** One of flowline's production RSA key pairs (3072 bits), for tests that need a valid pair, not a new one. */
export function flowlineRsaKeyPairFiles(name: 'ci' | 'break-glass'): { publicKey: string; privateKey: string } {
  return { publicKey: join(FLOWLINE, 'environments', 'production', 'keys', `${name}.pub.pem`), privateKey: join(FLOWLINE_KEYS, 'production', `${name}.pem`) };
}

/** Makes the folder a git repository with everything committed, like a fresh clone. */
export function commitAll(folder: string, message = 'example'): void {
  for (const args of [['init', '-q', '-b', 'main'], ['add', '-A'], ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', 'commit', '-q', '-m', message]]) {
    const result = spawnSync('git', args, { cwd: folder, encoding: 'utf8' });
    if (result.status !== 0 && !(args[0] === 'init' && /Reinitialized/.test(result.stdout))) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  }
}
