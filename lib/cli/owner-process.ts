import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** The process that owns a lock or a private folder: enough to tell later, from another process, whether it is gone. */
export interface OwnerProcess {
  /** Its process id. */
  readonly pid: number;
  /** The host it runs on: a process id means nothing on another one. */
  readonly host: string;
  /** When it started, where the system says (Linux: `/proc/<pid>/stat`), so that a process that got the same id later is not taken for it. */
  readonly started?: string;
}

/** This process, as an owner. */
export function thisProcess(): OwnerProcess {
  const started = processStart(process.pid)?.started;
  return { pid: process.pid, host: hostname(), ...(started !== undefined ? { started } : {}) };
}

/**
 * Whether the owner has certainly exited (or was killed). A process of another host, or one this
 * process may not signal, counts as running: when in doubt, nothing of its is removed.
 */
export function ownerIsGone(owner: OwnerProcess): boolean {
  if (owner.host !== hostname() || !Number.isSafeInteger(owner.pid) || owner.pid <= 0) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
  const now = processStart(owner.pid);
  if (now === undefined) return false;
  // A zombie has exited and waits for its parent; a different start time is another process with the same id.
  return now.zombie || (owner.started !== undefined && now.started !== owner.started);
}

/** A process's start time (clock ticks since boot) and whether it is a zombie, where `/proc` tells. */
function processStart(pid: number): { readonly started: string; readonly zombie: boolean } | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The fields after the command name in parentheses: state is the 3rd field of the line, starttime the 22nd.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { started: fields[19], zombie: fields[0] === 'Z' };
}
