import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
/** The files of one folder under the manifests folder: an environment's, or `gitops/`. */
export interface ManifestFolderContent {
  /** The folder's name under the manifests folder: the environment's name, or `gitops`. */
  readonly environment: string;
  /** File name → YAML text. */
  readonly files: ReadonlyMap<string, string>;
}

/** A file whose content on disk is not what synth produces. */
export interface ManifestDifference {
  /** Path relative to the manifests folder, e.g. `production/api.yaml`. */
  readonly path: string;
  /** `changed`: content differs; `missing`: synth makes it but it is not on disk; `extra`: on disk but synth does not make it. */
  readonly kind: 'changed' | 'missing' | 'extra';
}

/**
 * Writes each environment's files into `<folder>/<environment>/`, replacing the
 * folders as a whole: see `ManifestFolderWriter`.
 *
 * @param prune also remove environment folders that synth no longer produces
 */
export function writeManifestFolder(folder: string, environments: readonly ManifestFolderContent[], prune: boolean): void {
  const writer = new ManifestFolderWriter(folder);
  try {
    for (const manifests of environments) writer.stage(manifests);
  } catch (error) {
    writer.discard();
    throw error;
  }
  writer.commit(prune);
}

/**
 * Writes environment folders under a manifests folder so that an interrupted synth leaves the
 * old folders or the new ones, never a mix within a folder and never a half-written file: each
 * environment's files go to a temporary sibling folder first (`stage`, which may run while the
 * next environment is still being synthesized), then renames swap them all in (`commit`).
 */
export class ManifestFolderWriter {
  private readonly suffix = `${process.pid}-${Date.now()}`;
  private readonly staged: Array<{ environment: string; staging: string }> = [];

  /** @param folder the manifests folder, created when the first environment is staged */
  public constructor(private readonly folder: string) {}

  /** Writes one environment's files beside its folder. */
  public stage(manifests: ManifestFolderContent): void {
    const folder = this.open(manifests.environment);
    for (const [file, content] of manifests.files) writeStagedFile(folder, file, content);
  }

  /**
   * Creates the empty folder beside an environment's folder that its files are written into (by
   * `writeStagedFile`, on any thread) before `commit` swaps it in.
   */
  public open(environment: string): StagedFolder {
    mkdirSync(this.folder, { recursive: true });
    const staging = join(this.folder, `.${environment}.new-${this.suffix}`);
    mkdirSync(staging);
    this.staged.push({ environment, staging });
    return { target: join(this.folder, environment), staging };
  }

  /**
   * Swaps every staged folder into place.
   * @param prune also remove environment folders that were not staged
   */
  public commit(prune: boolean): void {
    for (const { environment, staging } of this.staged) {
      const target = join(this.folder, environment);
      const retired = join(this.folder, `.${environment}.old-${this.suffix}`);
      const hadTarget = existsSync(target);
      if (hadTarget) renameSync(target, retired);
      try {
        renameSync(staging, target);
      } catch (error) {
        if (hadTarget) renameSync(retired, target);
        this.discard();
        throw error;
      }
      rmSync(retired, { recursive: true, force: true });
    }
    if (prune && existsSync(this.folder)) {
      const produced = new Set(this.staged.map((staged) => staged.environment));
      for (const entry of readdirSync(this.folder)) {
        if (!produced.has(entry)) rmSync(join(this.folder, entry), { recursive: true, force: true });
      }
    }
    this.staged.length = 0;
  }

  /** Removes the staged folders that were not swapped in, leaving the manifests folder as it was. */
  public discard(): void {
    for (const { staging } of this.staged) rmSync(staging, { recursive: true, force: true });
    this.staged.length = 0;
  }
}

/** An environment's folder and the staging folder its new files are written into: plain data, so worker threads can write too. */
export interface StagedFolder {
  /** The environment's folder as it is, e.g. `manifests/production`, which may not exist. */
  readonly target: string;
  /** The folder that replaces it on commit. */
  readonly staging: string;
}

/** Writes one file into a staging folder. */
export function writeStagedFile(folder: StagedFolder, name: string, content: string): void {
  writeFileSync(join(folder.staging, name), content);
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

/** `manifests/staging/api.yaml differs from what synth produces`: a difference as `shipshape check` reports it. */
export function describeManifestDifference(difference: ManifestDifference, shownFolder: string): string {
  const reason = { changed: 'differs from what synth produces', missing: 'is missing', extra: 'is not produced by synth' } as const;
  return `${shownFolder}/${difference.path} ${reason[difference.kind]}`;
}

function listFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((entry) => {
    const path = join(folder, entry);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}
