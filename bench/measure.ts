import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from './timing';

/** Wall time, CPU time and memory of repeated runs of one command, as whole processes. */
export interface Measurement {
  /** Median wall time, seconds. */
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** Median CPU time of all the process's threads, seconds: user, and system (the kernel's work for it, e.g. creating files). */
  readonly cpuSeconds: { readonly user: number; readonly system: number };
  /** Highest peak resident memory over the runs, MB. */
  readonly peakMemoryMB: number;
}

const PRELOAD = join(__dirname, 'resource-usage.cjs');

/** A node process to measure: its arguments by run number (0, 1, …), so each run can write somewhere new, and its folder. */
export interface NodeCommand {
  readonly args: (run: number) => readonly string[];
  readonly cwd: string;
}

/** Both commands' measurements, and the ratio of each pair of runs taken back to back. */
export interface PairedMeasurement {
  readonly first: Measurement;
  readonly second: Measurement;
  /** Median over the runs of first / second, each pair run one after the other. */
  readonly ratio: number;
}

/**
 * Runs two commands `runs` times each, alternating (first, second, first, …), so that both see the
 * same moments of a shared machine; the ratio of each back-to-back pair is steadier than the ratio of
 * medians taken minutes apart.
 */
export function measureNodePair(first: NodeCommand, second: NodeCommand, runs: number): PairedMeasurement {
  const scratch = mkdtempSync(join(tmpdir(), 'shipshape-bench-'));
  try {
    const firstRuns: Run[] = [];
    const secondRuns: Run[] = [];
    for (let run = 0; run < runs; run++) {
      firstRuns.push(runOnce(first, run, join(scratch, `usage-first-${run}.json`)));
      secondRuns.push(runOnce(second, run, join(scratch, `usage-second-${run}.json`)));
    }
    return { first: summarize(firstRuns), second: summarize(secondRuns), ratio: median(firstRuns.map((run, index) => run.seconds / secondRuns[index].seconds)) };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** One run of a command: its wall time, CPU time and peak resident memory. */
export interface Run {
  readonly seconds: number;
  readonly userSeconds: number;
  readonly systemSeconds: number;
  readonly peakKiB: number;
}

/** Runs a command once as a whole process. */
export function runNode(command: NodeCommand, run: number): Run {
  const scratch = mkdtempSync(join(tmpdir(), 'shipshape-bench-'));
  try {
    return runOnce(command, run, join(scratch, 'usage.json'));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function runOnce(command: NodeCommand, run: number, usageFile: string): Run {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--require', PRELOAD, ...command.args(run)], {
    cwd: command.cwd,
    encoding: 'utf8',
    env: { ...process.env, BENCH_RESOURCE_USAGE_FILE: usageFile },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`node ${command.args(run).join(' ')} failed (${result.status}):\n${result.stderr}`);
  const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { maxRSS: number; userCPUTime: number; systemCPUTime: number };
  return { seconds, userSeconds: usage.userCPUTime / 1e6, systemSeconds: usage.systemCPUTime / 1e6, peakKiB: usage.maxRSS };
}

function summarize(runs: readonly Run[]): Measurement {
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
