import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from './timing';

/** Wall time and memory of repeated runs of one command, as whole processes. */
export interface Measurement {
  /** Median wall time, seconds. */
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** Highest peak resident memory over the runs, MB. */
  readonly peakMemoryMB: number;
}

const PRELOAD = join(__dirname, 'peak-memory.cjs');

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
      firstRuns.push(runOnce(first, run, join(scratch, `rss-first-${run}`)));
      secondRuns.push(runOnce(second, run, join(scratch, `rss-second-${run}`)));
    }
    return { first: summarize(firstRuns), second: summarize(secondRuns), ratio: median(firstRuns.map((run, index) => run.seconds / secondRuns[index].seconds)) };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** One run of a command: its wall time and peak resident memory. */
export interface Run {
  readonly seconds: number;
  readonly peakKiB: number;
}

/** Runs a command once as a whole process. */
export function runNode(command: NodeCommand, run: number): Run {
  const scratch = mkdtempSync(join(tmpdir(), 'shipshape-bench-'));
  try {
    return runOnce(command, run, join(scratch, 'rss'));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function runOnce(command: NodeCommand, run: number, memoryFile: string): Run {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--require', PRELOAD, ...command.args(run)], {
    cwd: command.cwd,
    encoding: 'utf8',
    env: { ...process.env, BENCH_PEAK_MEMORY_FILE: memoryFile },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`node ${command.args(run).join(' ')} failed (${result.status}):\n${result.stderr}`);
  return { seconds, peakKiB: Number(readFileSync(memoryFile, 'utf8')) };
}

function summarize(runs: readonly Run[]): Measurement {
  const times = runs.map((run) => run.seconds).sort((a, b) => a - b);
  return { median: median(times), min: times[0], max: times[times.length - 1], peakMemoryMB: Math.max(...runs.map((run) => run.peakKiB)) / 1024 };
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
