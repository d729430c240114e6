import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { EnvironmentManifests } from './synthesize';

/** The files of one folder under the manifests folder: an environment's, or `gitops/`. */
export type ManifestFolderContent = Pick<EnvironmentManifests, 'environment' | 'files'>;

/** A file whose content on disk is not what synth produces. */
export interface ManifestDifference {
  /** Path relative to the manifests folder, e.g. `production/api.yaml`. */
  readonly path: string;
  /** `changed`: content differs; `missing`: synth makes it but it is not on disk; `extra`: on disk but synth does not make it. */
  readonly kind: 'changed' | 'missing' | 'extra';
}

/**
 * Writes each environment's files into `<folder>/<environment>/`, replacing the
 * folder as a whole: files go to a temporary sibling first, then two renames
 * swap it in, so an interrupted synth leaves the old folder or the new one.
 *
 * @param prune also remove environment folders that synth no longer produces
 */
export function writeManifestFolder(folder: string, environments: readonly ManifestFolderContent[], prune: boolean): void {
  mkdirSync(folder, { recursive: true });
  const suffix = `${process.pid}-${Date.now()}`;
  for (const manifests of environments) {
    const target = join(folder, manifests.environment);
    const staging = join(folder, `.${manifests.environment}.new-${suffix}`);
    const retired = join(folder, `.${manifests.environment}.old-${suffix}`);
    mkdirSync(staging);
    try {
      for (const [file, content] of manifests.files) writeFileSync(join(staging, file), content);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      throw error;
    }
    const hadTarget = existsSync(target);
    if (hadTarget) renameSync(target, retired);
    try {
      renameSync(staging, target);
    } catch (error) {
      if (hadTarget) renameSync(retired, target);
      rmSync(staging, { recursive: true, force: true });
      throw error;
    }
    rmSync(retired, { recursive: true, force: true });
  }
  if (prune) {
    const produced = new Set(environments.map((m) => m.environment));
    for (const entry of readdirSync(folder)) {
      if (!produced.has(entry)) rmSync(join(folder, entry), { recursive: true, force: true });
    }
  }
}

/**
 * Compares synthesized environments with a manifests folder.
 * @param strict also report folders and files that synth does not produce
 */
export function compareManifestFolder(folder: string, environments: readonly ManifestFolderContent[], strict: boolean): ManifestDifference[] {
  const differences: ManifestDifference[] = [];
  const expected = new Map<string, string>();
  for (const manifests of environments) {
    for (const [file, content] of manifests.files) expected.set(`${manifests.environment}/${file}`, content);
  }
  const onDisk = new Set(existsSync(folder) ? listFiles(folder).map((path) => relative(folder, path)) : []);
  const scope = new Set(environments.map((m) => m.environment));
  for (const [path, content] of expected) {
    if (!onDisk.has(path)) differences.push({ path, kind: 'missing' });
    else if (readFileSync(join(folder, path), 'utf8') !== content) differences.push({ path, kind: 'changed' });
  }
  for (const path of onDisk) {
    const inScope = strict || scope.has(path.split('/')[0]);
    if (inScope && !expected.has(path)) differences.push({ path, kind: 'extra' });
  }
  return differences.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function listFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((entry) => {
    const path = join(folder, entry);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}
