import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Replaces a file's content so that a reader, or a process killed at any moment, sees the
 * old file or the new one, never a broken one: the text goes to a temporary file beside it
 * (same filesystem), is flushed to disk, then renamed over the target.
 *
 * @param mode the new file's permissions, e.g. 0o600 for key material
 */
export function writeFileAtomically(path: string, content: string | Uint8Array, mode = 0o644): void {
  const temporary = temporaryFileBeside(path);
  let descriptor: number | undefined;
  try {
    descriptor = openSync(temporary, 'wx', mode);
    writeSync(descriptor, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
    fsyncSync(descriptor);
    closeSync(descriptor);
    descriptor = undefined;
    renameSync(temporary, path);
  } catch (error) {
    if (descriptor !== undefined) closeSync(descriptor);
    rmSync(temporary, { force: true });
    throw error;
  }
  syncFolder(dirname(path));
}

/** `<folder>/.<name>.<pid>-<random>.tmp`: a new name beside a file, for content on its way to it. `.gitignore` ignores the pattern. */
export function temporaryFileBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

const TEMPORARY_FILE = /^\..+\.(\d+)-[0-9a-f]{8}\.tmp$/;

/** The pid of the process that made a temporary file of this name (see `temporaryFileBeside`), or undefined for any other name. */
export function temporaryFileMaker(name: string): number | undefined {
  const match = TEMPORARY_FILE.exec(name);
  return match ? Number(match[1]) : undefined;
}

/** Makes the rename itself durable; some filesystems cannot, which is not worth failing for. */
function syncFolder(folder: string): void {
  try {
    const descriptor = openSync(folder, 'r');
    try {
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
  } catch {
    // best effort
  }
}
