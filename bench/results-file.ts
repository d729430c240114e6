import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TechniqueMeasurement, timeSecrets } from './bench-secrets';
import type { SynthTechniqueMeasurement } from './synth-techniques';
import type { Measurement } from './measure';
import type { TargetCheck } from './target';

/** bench/results.json: what one `npm run bench` measured, and every figure bench/README.md shows. */
export interface BenchResults {
  /** The day of the run, YYYY-MM-DD. */
  readonly date: string;
  readonly machine: {
    readonly cpus: number;
    readonly cpuModel: string;
    readonly memoryGiB: number;
    readonly node: string;
    /** The 1-minute load average when the run started. */
    readonly loadAverage: number;
    /** How many cores' worth of CPU two threads got before and after each size (bench/parallel-capacity.ts). */
    readonly parallelCapacity: readonly number[];
  };
  /** `helm version --short` of the helm timed. */
  readonly helm: string;
  /** Runs of each program at each size. */
  readonly runs: number;
  readonly results: readonly SizeResult[];
  readonly target: TargetCheck;
  readonly secrets: { readonly values: number } & Awaited<ReturnType<typeof timeSecrets>>;
  /** The speed techniques of lib/performance/, each off and on, on the workload it targets. */
  readonly techniques: {
    /** Synth's (`npm run bench`, at the largest size). */
    readonly synth: MeasuredTechniques<SynthTechniqueMeasurement>;
    /** lib/performance/two-thread-decryption.ts (`npm run bench`, and `npm run bench:secrets` again alone). */
    readonly twoThreadDecryption: MeasuredTechniques<TechniqueMeasurement>;
  };
}

/** Measurements of speed techniques, with when they were taken. */
export interface MeasuredTechniques<Measurement> {
  /** The day they were measured, YYYY-MM-DD, and the 1-minute load average then. */
  readonly date: string;
  readonly loadAverage: number;
  readonly measurements: readonly Measurement[];
}

/** The three programs at one size, N services × 3 environments. */
export interface SizeResult {
  readonly services: number;
  readonly environments: number;
  /** Objects shipshape wrote, and helm as many (the bench checks); plain cdk8s-plus-27 writes no environment-wide NetworkPolicies, 2 per environment fewer. */
  readonly objects: number;
  readonly shipshape: Measurement;
  readonly plainCdk8sPlus: Measurement;
  readonly helm: Measurement;
  /** shipshape / helm: the median over the rounds of the two programs' times in the same round; below 1 is faster. */
  readonly ratioToHelm: number;
  /** shipshape / plain cdk8s-plus-27, likewise. */
  readonly ratioToPlain: number;
  /** shipshape's first synth of the platform, before the timed runs: its definitions not yet compiled and cached. */
  readonly shipshapeFirstSynth: { readonly seconds: number; readonly peakMemoryMB: number };
}

export const RESULTS_FILE = join(__dirname, 'results.json');

export function readResults(file = RESULTS_FILE): BenchResults {
  return JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
}

export function writeResults(results: BenchResults, file = RESULTS_FILE): void {
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}
