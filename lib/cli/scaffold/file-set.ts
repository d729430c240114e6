import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** A file to create or replace, with its whole new content. */
export interface FileWrite {
  /** Absolute path. */
  readonly path: string;
  /** The complete new content. */
  readonly content: string;
}

/**
 * Writes several files as one change: every file goes to a temporary sibling first and only
 * then are they renamed into place, so a failure while writing changes nothing, and a failed
 * rename puts back the files already replaced. Folders it had to create are removed on failure.
 */
export function writeFileSet(writes: readonly FileWrite[]): void {
  const createdFolders: string[] = [];
  const temporary = new Map<string, string>();
  const replaced: { path: string; previous?: Buffer }[] = [];
  try {
    writes.forEach((write, index) => {
      const folder = dirname(write.path);
      if (!existsSync(folder)) createdFolders.push(mkdirSync(folder, { recursive: true })!);
      const staging = `${write.path}.shipshape-${process.pid}-${index}.tmp`;
      writeFileSync(staging, write.content, { flag: 'wx' });
      temporary.set(write.path, staging);
    });
    for (const write of writes) {
      const previous = existsSync(write.path) ? readFileSync(write.path) : undefined;
      renameSync(temporary.get(write.path)!, write.path);
      temporary.delete(write.path);
      replaced.push({ path: write.path, previous });
    }
  } catch (error) {
    for (const staging of temporary.values()) rmSync(staging, { force: true });
    for (const { path, previous } of replaced.reverse()) {
      if (previous === undefined) rmSync(path, { force: true });
      else writeFileSync(path, previous);
    }
    for (const folder of createdFolders.reverse()) rmSync(folder, { recursive: true, force: true });
    throw error;
  }
}
