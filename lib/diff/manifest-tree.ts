import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ShipshapeError } from '../errors';
import type { ManifestFolderContent } from '../synth/manifest-folder';

/** A manifests folder as data: folder name (an environment, or `gitops`) → file name → YAML text. */
export type ManifestTree = ReadonlyMap<string, ReadonlyMap<string, string>>;

/** The tree synth produced in memory. */
export function manifestTreeOf(folders: readonly ManifestFolderContent[]): ManifestTree {
  return new Map(folders.map((folder) => [folder.environment, folder.files]));
}

/** The tree of a manifests folder on disk; empty when it does not exist. */
export function readManifestTree(folder: string): ManifestTree {
  const tree = new Map<string, Map<string, string>>();
  if (!existsSync(folder)) return tree;
  for (const entry of readdirSync(folder).sort()) {
    const path = join(folder, entry);
    if (entry.startsWith('.') || !statSync(path).isDirectory()) continue;
    const files = new Map<string, string>();
    for (const file of readdirSync(path).sort()) {
      if (file.endsWith('.yaml') && statSync(join(path, file)).isFile()) files.set(file, readFileSync(join(path, file), 'utf8'));
    }
    tree.set(entry, files);
  }
  return tree;
}

/**
 * The tree of a manifests folder as committed at a git ref, read with one `git ls-tree` and one
 * `git cat-file --batch`, so the working tree is never touched.
 *
 * @param root the project root, inside a git repository
 * @param folder the manifests folder (absolute)
 * @param ref a branch, tag or commit, e.g. `HEAD` or `origin/main`
 */
export function readManifestTreeAtRef(root: string, folder: string, ref: string): ManifestTree {
  if (ref.startsWith('-') || ref.length === 0) {
    throw new ShipshapeError({ field: '--ref' }, `"${ref}" is not a git ref`, 'name a branch, tag or commit such as origin/main');
  }
  const git = (args: string[], input?: string) => spawnSync('git', args, { cwd: root, input, maxBuffer: 1 << 30 });
  const inside = git(['rev-parse', '--show-prefix']);
  if (inside.error || inside.status !== 0) {
    throw new ShipshapeError({ field: '--ref' }, `${root} is not inside a git repository, so there are no committed manifests to compare with`, 'run shipshape diff in a clone, or compare with a folder using --folder');
  }
  if (git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).status !== 0) {
    throw new ShipshapeError({ field: '--ref' }, `git does not know "${ref}"`, 'name a branch, tag or commit such as HEAD or origin/main (fetch it first in a shallow CI clone)');
  }
  const listing = git(['ls-tree', '-r', '-z', '--full-name', '--name-only', ref, '--', relative(root, folder) || '.']);
  if (listing.status !== 0) throw new Error(`git ls-tree failed: ${listing.stderr.toString()}`);
  const prefix = `${inside.stdout.toString().trim()}${relative(root, folder)}/`;
  const paths = listing.stdout.toString().split('\0').filter((path) => path.endsWith('.yaml'));
  const tree = new Map<string, Map<string, string>>();
  if (paths.length === 0) return tree;
  const batch = git(['cat-file', '--batch'], paths.map((path) => `${ref}:${path}\n`).join(''));
  if (batch.status !== 0) throw new Error(`git cat-file failed: ${batch.stderr.toString()}`);
  const output: Buffer = batch.stdout;
  let offset = 0;
  for (const path of paths) {
    const newline = output.indexOf(0x0a, offset);
    const [, type, size] = output.subarray(offset, newline).toString().split(' ');
    const start = newline + 1;
    const end = start + Number(size);
    offset = end + 1;
    const [environment, file, ...deeper] = path.slice(prefix.length).split('/');
    if (type !== 'blob' || !file || deeper.length > 0) continue;
    if (!tree.has(environment)) tree.set(environment, new Map());
    tree.get(environment)!.set(file, output.subarray(start, end).toString('utf8'));
  }
  return tree;
}
