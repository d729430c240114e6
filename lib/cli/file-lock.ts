import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ErrorLocation, ShipshapeError } from '../errors';
import { temporaryFileBeside } from './atomic-write';
import { OwnerProcess, ownerIsGone, thisProcess } from './owner-process';

/** How long a command waits for another to release a file before it gives up. */
const WAIT_AT_MOST_MS = 60_000;
/** A lock file still empty this long after it was created belongs to a process that died between creating and writing it. */
const EMPTY_LOCK_STALE_MS = 10_000;

/** What a lock file holds: its owner, and a token that tells this lock from a later one of the same owner. */
interface LockRecord extends OwnerProcess {
  readonly token: string;
}

/** A lock this process holds. */
export interface HeldLock {
  /** Throws when another process broke the lock meanwhile (it judged the owner gone): call it just before writing. */
  confirm(): void;
}

/** `<folder>/.<name>.lock`: the lock file of a file that commands change. */
export function lockFileOf(path: string): string {
  return join(dirname(path), `.${basename(path)}.lock`);
}

/**
 * Runs `action` holding an exclusive lock on `path` (a secrets file, a versions.json), so that
 * commands changing the file one after the other each re-read what the previous one wrote.
 *
 * The lock is the file `.<name>.lock` beside it, created atomically (O_EXCL) with the owner's pid,
 * host and start time. A waiting command polls it; when its owner is gone (killed, crashed), the
 * lock is stale and is broken: renamed aside, and put back should it turn out to be a live one
 * taken meanwhile. The owner confirms it still holds the lock just before it writes.
 *
 * Why not a library: proper-lockfile and npm's lockfile decide staleness by the lock's age, refreshed on a
 * timer; a command that keeps the event loop busy past that age (a synth under `release`, RSA on a loaded
 * machine) would have its lock taken while it writes. Here a lock is stale only when its owner is gone.
 *
 * @param location where the file belongs, for the message when the wait is too long
 */
export function withFileLock<T>(path: string, location: ErrorLocation, action: (lock: HeldLock) => T, waitAtMostMs = WAIT_AT_MOST_MS): T {
  const lockFile = lockFileOf(path);
  const record: LockRecord = { ...thisProcess(), token: randomBytes(8).toString('hex') };
  const text = `${JSON.stringify(record)}\n`;
  const deadline = Date.now() + waitAtMostMs;
  for (let attempt = 0; !tryCreate(lockFile, text); attempt++) {
    const holder = readLock(lockFile);
    if (holder === undefined) continue;
    if (isAbandoned(holder)) {
      breakLock(lockFile, holder.text);
      continue;
    }
    if (Date.now() > deadline) {
      const owner = holder.record ? `pid ${holder.record.pid} on ${holder.record.host}` : 'a process that has not written its name yet';
      throw new ShipshapeError(
        location,
        `another shipshape command (${owner}) has held ${lockFile} for more than ${Math.round(waitAtMostMs / 1000)} s, so nothing was written`,
        `run the command again once it has finished, or delete ${lockFile} if no shipshape command is running`,
      );
    }
    sleep(Math.min(2 ** attempt, 50) + Math.random() * 10);
  }
  try {
    return action({
      confirm: () => {
        if (readLock(lockFile)?.text !== text) {
          throw new ShipshapeError(location, `another shipshape command broke the lock ${lockFile} while this one held it, so nothing was written`, 'run the command again');
        }
      },
    });
  } finally {
    if (readLock(lockFile)?.text === text) rmSync(lockFile, { force: true });
  }
}

/** Removes a lock file whose owner is gone; for the sweep before a command. */
export function removeLockIfAbandoned(lockFile: string): void {
  const holder = readLock(lockFile);
  if (holder !== undefined && isAbandoned(holder)) breakLock(lockFile, holder.text);
}

/** A lock file as read: its text, its owner when the text is one, and when it was last changed. */
interface ReadLock {
  readonly text: string;
  readonly record?: LockRecord;
  readonly changedAt: number;
}

function tryCreate(lockFile: string, text: string): boolean {
  try {
    writeFileSync(lockFile, text, { flag: 'wx', mode: 0o644 });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** The lock file, or undefined when there is none (it was just released). */
function readLock(lockFile: string): ReadLock | undefined {
  try {
    const changedAt = statSync(lockFile).mtimeMs;
    const text = readFileSync(lockFile, 'utf8');
    return { text, changedAt, record: parseRecord(text) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function parseRecord(text: string): LockRecord | undefined {
  try {
    const data: unknown = JSON.parse(text);
    const record = data as LockRecord;
    return data !== null && typeof data === 'object' && typeof record.pid === 'number' && typeof record.host === 'string' && typeof record.token === 'string' ? record : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the lock's owner is gone: killed or crashed, or it died before it wrote its name. */
function isAbandoned(lock: ReadLock): boolean {
  if (lock.record) return ownerIsGone(lock.record);
  return Date.now() - lock.changedAt > EMPTY_LOCK_STALE_MS;
}

/**
 * Breaks an abandoned lock. Moving it aside is atomic; if what was moved is not the abandoned
 * lock that was read (another command broke that one and took a new lock meanwhile), it is put back.
 */
function breakLock(lockFile: string, abandoned: string): void {
  const aside = temporaryFileBeside(lockFile);
  try {
    renameSync(lockFile, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    if (readFileSync(aside, 'utf8') !== abandoned) linkSync(aside, lockFile);
  } catch (error) {
    // EEXIST: yet another command holds the lock now; the one moved aside learns it lost the lock when it confirms.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(aside, { force: true });
  }
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Waits without returning to the event loop: the commands that write hold the lock in synchronous code. */
function sleep(milliseconds: number): void {
  Atomics.wait(pause, 0, 0, milliseconds);
}
