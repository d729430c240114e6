import { readdirSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { temporaryFileMaker } from './atomic-write';
import { removeLockIfAbandoned } from './file-lock';
import { ownerIsGone } from './owner-process';
import type { Project } from './project';
import { wipeAbandonedScratchFolders } from './secrets/private-file';

/** Where `shipshape secrets render --out` writes unless told otherwise (git-ignored). */
const RENDER_FOLDER = '.shipshape';

/**
 * What a shipshape command killed with SIGKILL leaves behind, removed by the next command before it
 * does anything else: the private folder of a `secrets edit` (decrypted values), temporary files of
 * atomic writes (`.<name>.<pid>-<random>.tmp`, which for `secrets render --out` hold plaintext) and lock files,
 * each only once the process that made it is gone.
 */
export function sweepLeftovers(project: Project): void {
  wipeAbandonedScratchFolders();
  const environments = subfolders(project.environmentsFolder);
  const folders = [
    project.root,
    ...environments,
    ...environments.map((folder) => join(folder, 'keys')),
    ...subfolders(join(project.root, RENDER_FOLDER)),
  ];
  for (const folder of folders) sweepFolder(folder);
}

function sweepFolder(folder: string): void {
  let entries: string[];
  try {
    entries = readdirSync(folder);
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(folder, entry);
    const maker = temporaryFileMaker(entry);
    try {
      if (maker !== undefined && ownerIsGone({ pid: maker, host: hostname() })) rmSync(path, { force: true });
      else if (entry.startsWith('.') && entry.endsWith('.lock')) removeLockIfAbandoned(path);
    } catch {
      // Not ours to remove (another user's), or removed meanwhile: the command goes on all the same.
    }
  }
}

function subfolders(folder: string): string[] {
  try {
    return readdirSync(folder, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => join(folder, entry.name));
  } catch {
    return [];
  }
}
