import { join } from 'node:path';
import { measureAlternating, nodeProgram, pairedRatio, Program } from './measure';
import { median } from './timing';

const ROOT = join(__dirname, '..');

/** A speed technique of synth (lib/performance/) measured off and on, as whole `shipshape synth` processes. */
export interface SynthTechniqueMeasurement {
  /** The technique's name, as `SHIPSHAPE_WITHOUT` takes it (lib/cli/speed-techniques.ts), and its file. */
  readonly technique: string;
  readonly file: string;
  /** What was timed. */
  readonly workload: string;
  /** The median wall time without the technique, and with it (s). */
  readonly offSeconds: number;
  readonly onSeconds: number;
  /** on / off: the median over the rounds of the two runs taken in the same round; below 1 the technique saves time. */
  readonly ratio: number;
  readonly runs: number;
}

/** The techniques of synth, by the name `SHIPSHAPE_WITHOUT` takes and the file that holds each. */
const TECHNIQUES = [
  ['parallel-synthesis', 'lib/performance/parallel-synthesis.ts'],
  ['optimization-budget', 'lib/performance/optimization-budget.ts'],
] as const;

/**
 * Each speed technique of synth off and on at once on a platform: `shipshape synth` as it runs, and without each
 * technique in turn (`SHIPSHAPE_WITHOUT`), in alternating rounds, each run writing into a folder of its own.
 * @param platform a generated platform (generatePlatform)
 * @param work a folder for the runs' output
 */
export function timeSynthTechniques(platform: string, work: string, workload: string, runs: number): SynthTechniqueMeasurement[] {
  const synth = (name: string, without?: string): Program =>
    nodeProgram({ args: (run) => [join(ROOT, 'bin', 'shipshape.js'), 'synth', '--out', join(work, `${name}-${run}`)], cwd: platform, env: without ? { SHIPSHAPE_WITHOUT: without } : {} });
  const programs: Record<string, Program> = { on: synth('techniques-on') };
  for (const [technique] of TECHNIQUES) programs[technique] = synth(`without-${technique}`, technique);
  const measured = measureAlternating(programs, runs);
  return TECHNIQUES.map(([technique, file]) => ({
    technique,
    file,
    workload,
    offSeconds: median(measured[technique].map((run) => run.seconds)),
    onSeconds: median(measured.on.map((run) => run.seconds)),
    ratio: pairedRatio(measured.on, measured[technique]),
    runs,
  }));
}
