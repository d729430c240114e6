import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Replaces a file's content all at once: the text goes to a temporary file in the same
 * folder, then a rename swaps it in, so a reader (or a crash) sees the old file or the new one.
 */
export function writeFileAtomically(file: string, content: string): void {
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, content);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
