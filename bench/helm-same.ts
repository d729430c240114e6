import { join } from 'node:path';
import { BENCH_ENVIRONMENTS } from './workload';
import type { Command } from './measure';

/** The chart that renders the same objects as shipshape's synth of the bench workload (bench/helm-same-check.ts keeps it so). */
export const HELM_SAME_CHART = join(__dirname, 'helm-same');

/**
 * The helm program: bench/helm-template.sh renders the chart with `helm template`, once per bench environment, in
 * sequence, each into its own file under `out(run)`; `values` holds `<environment>.yaml` (bench/helm-values.ts).
 * One command for the three, so that it is timed, and its CPU and memory measured, as one program like the other
 * two; a shell runs them, as a deploy step would, because a node script in between would add node's own start-up
 * (some 50 ms) and memory to helm's figures.
 */
export function helmSameCommand(helm: string, values: string, out: (run: number) => string): Command {
  return { file: join(__dirname, 'helm-template.sh'), args: (run) => [helm, HELM_SAME_CHART, values, out(run), ...BENCH_ENVIRONMENTS], cwd: __dirname };
}
