import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, openSync, closeSync, readdirSync, readFileSync, rmSync, statSync, writeSync, fsyncSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ownerIsGone, thisProcess } from '../owner-process';

/** `shipshape-secrets-<pid>-<start time>-XXXXXX`: the owner is in the name, so a later command can tell whether it is gone. */
const PREFIX = 'shipshape-secrets-';
const FOLDER = /^shipshape-secrets-(\d+)-(\d+|x)-[A-Za-z0-9]{6}$/;

// Ctrl-C belongs to the editor while it runs (vim cancels a command with it), as with git; it is ignored here.
const IGNORED: NodeJS.Signals[] = ['SIGINT', 'SIGQUIT'];
const FATAL: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP'];

/**
 * A file for decrypted values while an editor has them: in a private folder (mode 0700, in
 * memory-backed /dev/shm where there is one, so the plaintext need not reach a disk), the file
 * itself mode 0600. `wipe()` overwrites every file in the folder (the editor's swap and backup
 * files too) and removes it; it runs on every way out: normal return, error, SIGTERM and SIGHUP
 * (a closed terminal; the process then exits), and process exit. Ctrl-C is left to the editor.
 * Only SIGKILL (or a power cut) can skip the wipe: then the next shipshape command wipes the folder
 * (`wipeAbandonedScratchFolders`), as its name tells that its owner is gone; it is in memory (/dev/shm) and gone at reboot anyway.
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
    const owner = thisProcess();
    this.folder = mkdtempSync(join(scratchBase(), `${PREFIX}${owner.pid}-${owner.started ?? 'x'}-`));
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
    wipeFolder(this.folder);
  }
}

/**
 * Wipes the private folders of `secrets edit` runs that were killed (SIGKILL) before they could:
 * those of this user whose owning process is gone. Every shipshape command calls it first.
 */
export function wipeAbandonedScratchFolders(): void {
  const base = scratchBase();
  const uid = process.getuid?.();
  let entries: string[];
  try {
    entries = readdirSync(base).filter((entry) => entry.startsWith(PREFIX));
  } catch {
    return;
  }
  for (const entry of entries) {
    const match = FOLDER.exec(entry);
    if (!match) continue;
    const folder = join(base, entry);
    const owner = { pid: Number(match[1]), host: hostname(), ...(match[2] !== 'x' ? { started: match[2] } : {}) };
    try {
      if ((uid === undefined || statSync(folder).uid === uid) && ownerIsGone(owner)) wipeFolder(folder);
    } catch {
      // Another command wiped it meanwhile, or it is not ours to remove.
    }
  }
}

/** In memory (/dev/shm) where there is one, so the plaintext need not reach a disk. */
function scratchBase(): string {
  return existsSync('/dev/shm') && statSync('/dev/shm').isDirectory() ? '/dev/shm' : tmpdir();
}

/** Overwrites every file in the folder (the editor's swap and backup files too), then removes it. */
function wipeFolder(folder: string): void {
  if (!existsSync(folder)) return;
  for (const entry of readdirSync(folder)) {
    const path = join(folder, entry);
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
  rmSync(folder, { recursive: true, force: true, maxRetries: 2 });
}
