import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, openSync, closeSync, readdirSync, readFileSync, rmSync, statSync, writeSync, fsyncSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Ctrl-C belongs to the editor while it runs (vim cancels a command with it), as with git; it is ignored here.
const IGNORED: NodeJS.Signals[] = ['SIGINT', 'SIGQUIT'];
const FATAL: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP'];

/**
 * A file for decrypted values while an editor has them: in a private folder (mode 0700, in
 * memory-backed /dev/shm where there is one, so the plaintext need not reach a disk), the file
 * itself mode 0600. `wipe()` overwrites every file in the folder (the editor's swap and backup
 * files too) and removes it; it runs on every way out: normal return, error, SIGTERM and SIGHUP
 * (a closed terminal; the process then exits), and process exit. Ctrl-C is left to the editor.
 * Only SIGKILL can skip the wipe; then the folder is in memory (/dev/shm) and gone at reboot.
 */
export class PrivateScratchFile {
  /** The file's path, to give to the editor. */
  public readonly path: string;
  private readonly folder: string;
  private wiped = false;
  private readonly onFatalSignal = (signal: NodeJS.Signals) => {
    this.wipe();
    process.exit(128 + (signal === 'SIGHUP' ? 1 : 15));
  };
  private readonly onIgnoredSignal = () => undefined;
  private readonly onExit = () => this.wipe();

  public constructor(fileName: string, content: string) {
    const base = existsSync('/dev/shm') && statSync('/dev/shm').isDirectory() ? '/dev/shm' : tmpdir();
    this.folder = mkdtempSync(join(base, 'shipshape-secrets-'));
    this.path = join(this.folder, fileName);
    for (const signal of FATAL) process.on(signal, this.onFatalSignal);
    for (const signal of IGNORED) process.on(signal, this.onIgnoredSignal);
    process.on('exit', this.onExit);
    try {
      const descriptor = openSync(this.path, 'wx', 0o600);
      try {
        writeSync(descriptor, content);
      } finally {
        closeSync(descriptor);
      }
    } catch (error) {
      this.wipe();
      throw error;
    }
  }

  /** The file's content now. */
  public read(): string {
    return readFileSync(this.path, 'utf8');
  }

  /** Overwrites and removes the folder with everything in it. Safe to call twice. */
  public wipe(): void {
    if (this.wiped) return;
    this.wiped = true;
    for (const signal of FATAL) process.off(signal, this.onFatalSignal);
    for (const signal of IGNORED) process.off(signal, this.onIgnoredSignal);
    process.off('exit', this.onExit);
    if (!existsSync(this.folder)) return;
    for (const entry of readdirSync(this.folder)) {
      const path = join(this.folder, entry);
      try {
        const size = statSync(path).size;
        const descriptor = openSync(path, 'r+');
        try {
          writeSync(descriptor, randomBytes(size));
          fsyncSync(descriptor);
        } finally {
          closeSync(descriptor);
        }
      } catch {
        // A file the editor removed meanwhile, or a folder: removed below all the same.
      }
    }
    rmSync(this.folder, { recursive: true, force: true });
  }
}
