import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from './timing';

/** Wall time, CPU time and memory of repeated runs of one program, as whole processes. */
export interface Measurement {
  /** Median wall time, seconds. */
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** Median CPU time of all the program's threads and processes, seconds: user, and system (the kernel's work for it, e.g. creating files). */
  readonly cpuSeconds: { readonly user: number; readonly system: number };
  /** Highest peak resident memory over the runs, MB (MiB): of the largest process, where a program runs several. */
  readonly peakMemoryMB: number;
}

/** One run of a program: its wall time, CPU time and peak resident memory. */
export interface Run {
  readonly seconds: number;
  readonly userSeconds: number;
  readonly systemSeconds: number;
  readonly peakKiB: number;
}

/** A program to measure: runs it once, given the run number (0, 1, …) so that each run can write somewhere new. */
export type Program = (run: number) => Run;

/** A node script to measure: its arguments by run number, and its folder. */
export interface NodeCommand {
  readonly args: (run: number) => readonly string[];
  readonly cwd: string;
  /**
   * Environment variables on top of the bench's own.
   * @default {}
   */
  readonly env?: Readonly<Record<string, string>>;
}

/** Any other executable to measure: its path, its arguments by run number, and its folder. */
export interface Command extends NodeCommand {
  readonly file: string;
}

const PRELOAD = join(__dirname, 'resource-usage.cjs');
/** GNU time (Debian's package `time`): it waits for the command with wait4, which reports the CPU time and peak memory of the command and the processes it waited for. */
const GNU_TIME = '/usr/bin/time';

/**
 * Runs `runs` rounds of the programs, one run of each in turn (a, b, c, a, b, c, …), so that all of them see the
 * same moments of a shared machine: the ratio of two programs' runs in one round is steadier than the ratio of
 * medians taken minutes apart. Returns each program's runs, in order.
 */
export function measureAlternating<Name extends string>(programs: Readonly<Record<Name, Program>>, runs: number): Record<Name, Run[]> {
  const names = Object.keys(programs) as Name[];
  const results = Object.fromEntries(names.map((name) => [name, [] as Run[]])) as Record<Name, Run[]>;
  for (let run = 0; run < runs; run++) {
    for (const name of names) results[name].push(programs[name](run));
  }
  return results;
}

/** The median over the rounds of first / second, each pair of runs taken in the same round: below 1, first is faster. */
export function pairedRatio(first: readonly Run[], second: readonly Run[]): number {
  return median(first.map((run, index) => run.seconds / second[index].seconds));
}

/** A node script as a program: its CPU time and peak memory are recorded by a preloaded module when it exits (resource-usage.cjs). */
export function nodeProgram(command: NodeCommand): Program {
  return (run) =>
    inScratchFolder((scratch) => {
      const usageFile = join(scratch, 'usage.json');
      const started = process.hrtime.bigint();
      const result = spawnSync(process.execPath, ['--require', PRELOAD, ...command.args(run)], {
        cwd: command.cwd,
        encoding: 'utf8',
        env: { ...process.env, ...command.env, BENCH_RESOURCE_USAGE_FILE: usageFile },
      });
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (result.status !== 0) throw new Error(`node ${command.args(run).join(' ')} failed (${result.status}):\n${result.stderr}`);
      const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { maxRSS: number; userCPUTime: number; systemCPUTime: number };
      return { seconds, userSeconds: usage.userCPUTime / 1e6, systemSeconds: usage.systemCPUTime / 1e6, peakKiB: usage.maxRSS };
    });
}

/**
 * Any executable as a program, run under GNU time for its CPU time and peak memory (those of the command and of
 * every process it waited for; peak memory is the largest one's). Wall time is taken here, as for a node script.
 */
export function commandProgram(command: Command): Program {
  return (run) =>
    inScratchFolder((scratch) => {
      const usageFile = join(scratch, 'usage.txt');
      const args = command.args(run);
      const started = process.hrtime.bigint();
      const result = spawnSync(GNU_TIME, ['--format', '%U %S %M', '--output', usageFile, command.file, ...args], { cwd: command.cwd, encoding: 'utf8' });
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (result.error) throw new Error(`${GNU_TIME} (GNU time, Debian's package "time") is needed to measure ${command.file}: ${result.error.message}`);
      if (result.status !== 0) throw new Error(`${command.file} ${args.join(' ')} failed (${result.status}):\n${result.stderr}`);
      const [userSeconds, systemSeconds, peakKiB] = readFileSync(usageFile, 'utf8').trim().split(/\s+/).map(Number);
      return { seconds, userSeconds, systemSeconds, peakKiB };
    });
}

function inScratchFolder<T>(use: (folder: string) => T): T {
  const scratch = mkdtempSync(join(tmpdir(), 'shipshape-bench-'));
  try {
    return use(scratch);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The figures of a program's runs. */
export function summarize(runs: readonly Run[]): Measurement {
  const times = runs.map((run) => run.seconds).sort((a, b) => a - b);
  return {
    median: median(times),
    min: times[0],
    max: times[times.length - 1],
    cpuSeconds: { user: median(runs.map((run) => run.userSeconds)), system: median(runs.map((run) => run.systemSeconds)) },
    peakMemoryMB: Math.max(...runs.map((run) => run.peakKiB)) / 1024,
  };
}

/** How many Kubernetes objects the YAML files under a folder hold. */
export function countObjects(folder: string): number {
  return readdirSync(folder).reduce((count, entry) => {
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) return count + countObjects(path);
    if (!entry.endsWith('.yaml')) return count;
    return count + (readFileSync(path, 'utf8').match(/^apiVersion: /gm)?.length ?? 0);
  }, 0);
}
