import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ShipshapeError } from '../errors';

/** The file in each `environments/<name>/` folder that defines the environment. */
export const ENVIRONMENT_ENTRY = 'environment.ts';

/** A platform repository: where its environments and manifests live. */
export interface Project {
  /** The repository root. */
  readonly root: string;
  /** `<root>/environments`. */
  readonly environmentsFolder: string;
  /** `<root>/manifests`. */
  readonly manifestsFolder: string;
}

/** The project rooted at a folder (the CLI's working directory). */
export function projectAt(root: string): Project {
  return { root, environmentsFolder: join(root, 'environments'), manifestsFolder: join(root, 'manifests') };
}

/**
 * Where the platform keeps its own tests (one per service under `services/`): `test/platform/` where that folder
 * exists, as in shipshape's own repository, whose `test/` holds the library's tests; otherwise `test/`.
 */
export function platformTestsFolder(project: Project): string {
  const own = join(project.root, 'test', 'platform');
  return existsSync(own) ? own : join(project.root, 'test');
}

/** Names of the environments in the project: every `environments/<name>/environment.ts`, sorted. */
export function environmentNames(project: Project): string[] {
  if (!existsSync(project.environmentsFolder)) {
    throw new ShipshapeError({ field: 'environments/' }, `there is no environments folder in ${project.root}`, 'run shipshape from the root of a platform repository');
  }
  return readdirSync(project.environmentsFolder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(project.environmentsFolder, entry.name, ENVIRONMENT_ENTRY)))
    .map((entry) => entry.name)
    .sort();
}
