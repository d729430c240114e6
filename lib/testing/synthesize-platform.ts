import { relative, resolve } from 'node:path';
import { loadEnvironments } from '../cli/environment-loading';
import { projectAt } from '../cli/project';
import { synthesizeGitOps } from '../synth/gitops-manifests';
import { compareManifestFolder, describeManifestDifference } from '../synth/manifest-folder';
import { SynthesizedEnvironment, synthesizeEnvironment } from './synthesize-environment';

/** A platform repository's environments, synthesized as `shipshape synth` writes them, and how its `manifests/` differs. */
export interface SynthesizedPlatform {
  /** Every `environments/<name>/environment.ts`, synthesized, in name order. */
  readonly environments: readonly SynthesizedEnvironment[];
  /**
   * Each file of `manifests/` that is not what synth writes, as `shipshape check` reports it, e.g.
   * `manifests/staging/api.yaml differs from what synth produces`; none when the committed manifests are in step.
   */
  readonly staleManifests: readonly string[];
}

/**
 * Synthesizes every environment of the platform repository at `root` (with its released versions and stored
 * secrets), in memory, for the platform's own tests: a snapshot of each file of each environment, and the check
 * that the committed `manifests/` are what synth writes.
 *
 * @example
 * const platform = synthesizePlatform(join(__dirname, '..'));
 * test('manifests/ is in step', () => expect(platform.staleManifests).toEqual([]));
 */
export function synthesizePlatform(root: string): SynthesizedPlatform {
  const project = projectAt(resolve(root));
  const definitions = loadEnvironments(project);
  const environments = definitions.map((definition) => synthesizeEnvironment(definition));
  const gitops = synthesizeGitOps(definitions);
  const contents = environments.map((environment) => ({ environment: environment.name, files: environment.files }));
  const differences = compareManifestFolder(project.manifestsFolder, gitops ? [...contents, gitops] : contents, true);
  const shown = relative(project.root, project.manifestsFolder);
  return { environments, staleManifests: differences.map((difference) => describeManifestDifference(difference, shown)) };
}
