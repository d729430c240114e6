import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Tests make and delete hundreds of throwaway folders: in memory (/dev/shm, where there is one) each takes a few
// milliseconds, on a disk tens (deleting files on a disk mounted with `discard` is slow).
const base = existsSync('/dev/shm') && statSync('/dev/shm').isDirectory() ? '/dev/shm' : tmpdir();

/** A new empty folder, e.g. `/dev/shm/shipshape-test-Xb3k9q`, for a test to write into and remove. */
export function scratchFolder(prefix: string): string {
  return mkdtempSync(join(base, `${prefix}-`));
}

/**
 * A folder that lives as long as the test file: removed after its last test, by an `afterAll` hook. Call it
 * at the top of a test file (not inside a test, and not when a support module loads: a test process loads a
 * module once for all the test files it runs, so the hook would belong to the first file only).
 */
export function testFileFolder(prefix: string): string {
  const folder = scratchFolder(prefix);
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}
