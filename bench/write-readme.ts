/**
 * bench/README.md, generated from bench/results.json: `npm run bench` runs this at its end, and `npm run bench:readme`
 * runs it alone. Every figure in the README comes from results.json; test/bench-readme.test.ts checks that the
 * committed README is what this makes of the committed results.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Measurement } from './measure';
import { BenchResults, readResults } from './results-file';
import type { TargetCheck } from './target';

export const README_FILE = join(__dirname, 'README.md');

function seconds(m: Measurement): string {
  return `${m.median.toFixed(2)} s (${m.min.toFixed(2)}–${m.max.toFixed(2)})`;
}

function cpu(m: Measurement): string {
  return `${m.cpuSeconds.user.toFixed(2)} + ${m.cpuSeconds.system.toFixed(2)}`;
}

function megabytes(m: Measurement): string {
  return m.peakMemoryMB.toFixed(0);
}

/** The results table, in Markdown: one row per size. */
export function resultsTable(results: BenchResults): string {
  return [
    '| services × envs | objects | shipshape synth | plain cdk8s-plus-27 | helm template | shipshape / helm | shipshape / plain | CPU, user + system (shipshape / plain / helm) | peak memory (shipshape / plain / helm) | shipshape\'s first synth |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...results.results.map(
      (r) =>
        `| ${r.services} × ${r.environments} | ${r.objects} | ${seconds(r.shipshape)} | ${seconds(r.plainCdk8sPlus)} | ${seconds(r.helm)} | ${r.ratioToHelm.toFixed(2)} | ${r.ratioToPlain.toFixed(2)} | ` +
        `${cpu(r.shipshape)} / ${cpu(r.plainCdk8sPlus)} / ${cpu(r.helm)} s | ${megabytes(r.shipshape)} / ${megabytes(r.plainCdk8sPlus)} / ${megabytes(r.helm)} MB | ` +
        `${r.shipshapeFirstSynth.seconds.toFixed(2)} s, ${r.shipshapeFirstSynth.peakMemoryMB.toFixed(0)} MB |`,
    ),
  ].join('\n');
}

/** The target's two lines: each figure of this run against its limit, met or not met. */
export function targetLines(target: TargetCheck): string[] {
  const size = `${target.services} × 3`;
  const time = `Time: shipshape / helm at most ${target.maxRatioToHelm.toFixed(2)} at ${size}`;
  const memory = `Memory: shipshape's peak memory at most ${target.maxPeakMemoryMB} MB at ${size}`;
  if (!target.measured) return [`${time}: not measured in this run.`, `${memory}: not measured in this run.`];
  const verdict = (met: boolean) => (met ? 'met' : 'not met');
  return [
    `${time}: ${target.measured.ratioToHelm.toFixed(2)}, **${verdict(target.measured.timeMet)}**.`,
    `${memory}: ${target.measured.peakMemoryMB.toFixed(0)} MB, **${verdict(target.measured.memoryMet)}**.`,
  ];
}

/** The speed techniques' table, in Markdown: one row per technique and workload. */
export function techniquesTable(results: BenchResults): string {
  const { synth, twoThreadDecryption } = results.techniques;
  return [
    '| technique | workload | off | on | on / off | measured |',
    '|---|---|---|---|---|---|',
    ...synth.measurements.map(
      (m) => `| ${m.technique} (\`${m.file}\`) | ${m.workload} | ${m.offSeconds.toFixed(2)} s | ${m.onSeconds.toFixed(2)} s | ${m.ratio.toFixed(2)} | ${synth.date}, load ${synth.loadAverage}, ${m.runs} rounds |`,
    ),
    ...twoThreadDecryption.measurements.map(
      (m) => `| two-thread decryption (\`lib/performance/two-thread-decryption.ts\`) | ${m.workload}, ${m.values} values | ${(m.offMs / 1000).toFixed(2)} s | ${(m.onMs / 1000).toFixed(2)} s | ${m.ratio.toFixed(2)} | ${twoThreadDecryption.date}, load ${twoThreadDecryption.loadAverage}, ${m.pairs} pairs |`,
    ),
  ].join('\n');
}

/** The whole README. */
export function renderReadme(results: BenchResults): string {
  const { machine, secrets } = results;
  return `# Benchmark: \`npm run bench\`

<!-- Generated from bench/results.json by bench/write-readme.ts (npm run bench:readme): do not edit. -->

## Method

Three programs build the same workload: N services × 3 environments (staging, production, qa), each service with
probes, an ingress rule, 10 config keys, 3 secret keys, an HPA and a PDB (\`bench/workload.ts\`).

- **shipshape synth**: \`node bin/shipshape.js synth\` (validation on) in a generated platform repo, one
  definition file per service and per environment (\`bench/generate-platform.ts\`). Its first synth of new
  definitions, which strips their types with swc and caches them, is timed on its own before the runs (last column).
- **helm template**: helm ${results.helm} renders \`bench/helm-same\`, a chart whose objects are shipshape's, field
  for field, once per environment, in sequence, each into its own file (\`bench/helm-template.sh\`). The bench first
  checks that the chart still renders shipshape's objects (\`npm run bench:helm-check\`), and that it renders as many
  at each size. helm checks the objects against no schema (that needs a cluster, \`--validate\`).
- **plain cdk8s-plus-27**: the same services written with plain cdk8s-plus-27 constructs, run with node
  (\`bench/baseline/plain-cdk8s-plus.js\`): objects alike but not the same (cdk8s-plus's own defaults, and no
  environment-wide NetworkPolicies).

At each size the programs run ${results.runs} rounds: in each round one run of each, one after the other, every run writing
into a folder no run used before. Times are the median wall time of whole processes (min–max); CPU is the median
user + system time of all the program's threads and processes; peak memory is the highest resident memory over the
runs (of the largest process). A ratio is the median over the rounds of shipshape's time divided by the other
program's in the same round: below 1, shipshape is faster. The machine is shared, so compare ratios, not absolute
times from different runs.

Run on ${results.date}: ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, load average ${machine.loadAverage} at the start.
Two threads got ${machine.parallelCapacity.map((c) => c.toFixed(2)).join(' / ')} cores' worth of CPU before and after each size (2.00 when both cores are free).

## Results

${resultsTable(results)}

## Target

${targetLines(results.target)
  .map((line) => `- ${line}`)
  .join('\n')}

## Secrets

${secrets.values} values under an AES key (\`bench/bench-secrets.ts\`): encrypt ${secrets.encryptSeconds.toFixed(2)} s; load the SDK to decrypt ${secrets.sdkLoadSeconds.toFixed(2)} s (fresh process);
decrypt in-process ${secrets.decryptFirstSeconds.toFixed(2)} s first, ${secrets.decryptWarmSeconds.toFixed(2)} s warm; \`secrets verify\` minus \`secrets list\`, fresh processes: ${secrets.verifyMinusListSeconds.toFixed(2)} s.
The secrets target, scaled to this machine by how fast it runs the SDK: ${secrets.scaledTargetSeconds.toFixed(2)} s.

## Speed techniques

Each speed technique in \`lib/performance/\`, off and on, on the workload it targets; it stays only where on / off is
below 0.90. Synth's run as whole \`shipshape synth\` processes, with and without each technique (\`SHIPSHAPE_WITHOUT\`)
in the same rounds; on / off is the median over the rounds. Two-thread decryption runs off and on in turn in fresh
processes (the order swapped every pair), timing the first round, as cold as in a command; \`npm run bench:secrets\`
measures it again alone.

${techniquesTable(results)}
`;
}

/** Writes bench/README.md from bench/results.json. */
export function writeReadme(): void {
  writeFileSync(README_FILE, renderReadme(readResults()));
}

if (require.main === module) writeReadme();
