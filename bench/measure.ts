import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

/**
 * Runs `node <args>` `runs` times in `cwd` and measures each whole process.
 * @param args the arguments of each run, by its number (0, 1, …)
 */
export function measureNode(args: (run: number) => readonly string[], cwd: string, runs: number): Measurement {
  const times: number[] = [];
  let peakKiB = 0;
  const scratch = mkdtempSync(join(tmpdir(), 'shipshape-bench-'));
  try {
    for (let run = 0; run < runs; run++) {
      const memoryFile = join(scratch, `rss-${run}`);
      const started = process.hrtime.bigint();
      const result = spawnSync(process.execPath, ['--require', PRELOAD, ...args(run)], {
        cwd,
        encoding: 'utf8',
        env: { ...process.env, BENCH_PEAK_MEMORY_FILE: memoryFile },
      });
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (result.status !== 0) throw new Error(`node ${args(run).join(' ')} failed (${result.status}):\n${result.stderr}`);
      times.push(seconds);
      peakKiB = Math.max(peakKiB, Number(readFileSync(memoryFile, 'utf8')));
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0], max: times[times.length - 1], peakMemoryMB: peakKiB / 1024 };
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
