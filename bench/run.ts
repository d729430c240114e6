/**
 * `npm run bench`: shipshape synth against the same workload written with plain
 * cdk8s-plus-27, as whole processes, at N = 10, 100, 500 services × 3 environments.
 * Prints a table and writes bench/results.json. Compare ratios from one run: the
 * machine is shared and absolute times are noisy.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { timeSecrets } from './bench-secrets';
import { generatePlatform } from './generate-platform';
import { countObjects, Measurement, measureNode } from './measure';
import { parallelCapacity } from './parallel-capacity';

const ROOT = join(__dirname, '..');
const SIZES = (process.env.BENCH_SIZES ?? '10,100,500').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SECRET_VALUES = 1000;

interface Row {
  readonly services: number;
  readonly environments: number;
  readonly objects: number;
  readonly shipshape: Measurement & { readonly objectsPerSecond: number };
  readonly plainCdk8sPlus: Measurement & { readonly objectsPerSecond: number };
  /** shipshape median / plain cdk8s-plus-27 median: below 1 is faster. */
  readonly ratio: number;
}

async function benchmark(services: number): Promise<Row> {
  const work = mkdtempSync(join(tmpdir(), `shipshape-bench-${services}-`));
  try {
    const platform = join(work, 'platform');
    await generatePlatform(platform, services, join(ROOT, 'lib'));
    // Each run writes into a folder no earlier run used, as in a fresh clone: emptying one folder between
    // runs would time the file system still freeing the last run's files (creating 1,500 files right
    // after deleting 1,500 took 1.1 s here, into a new folder 0.25 s).
    const shipshapeOut = (run: number) => join(work, `shipshape-out-${run}`);
    const baselineOut = (run: number) => join(work, `baseline-out-${run}`);
    const shipshape = measureNode((run) => [join(ROOT, 'bin', 'shipshape.js'), 'synth', '--out', shipshapeOut(run)], platform, RUNS);
    const baseline = measureNode((run) => [join(__dirname, 'baseline', 'plain-cdk8s-plus.js'), String(services), baselineOut(run)], ROOT, RUNS);
    const objects = countObjects(shipshapeOut(0));
    const baselineObjects = countObjects(baselineOut(0));
    return {
      services,
      environments: 3,
      objects,
      shipshape: { ...shipshape, objectsPerSecond: Math.round(objects / shipshape.median) },
      plainCdk8sPlus: { ...baseline, objectsPerSecond: Math.round(baselineObjects / baseline.median) },
      ratio: shipshape.median / baseline.median,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function seconds(m: Measurement): string {
  return `${m.median.toFixed(2)} s (${m.min.toFixed(2)}–${m.max.toFixed(2)})`;
}

async function main(): Promise<void> {
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, loadAverage: Number(loadavg()[0].toFixed(2)) };
  const rows: Row[] = [];
  const capacity: number[] = [await parallelCapacity()];
  for (const size of SIZES) {
    process.stderr.write(`benchmarking ${size} services × 3 environments, ${RUNS} runs each…\n`);
    rows.push(await benchmark(size));
    capacity.push(await parallelCapacity());
  }
  process.stderr.write(`timing secrets: ${SECRET_VALUES} values…\n`);
  const secrets = await timeSecrets(SECRET_VALUES);

  const table = [
    '| services × envs | objects | shipshape synth | plain cdk8s-plus-27 | ratio | shipshape objects/s | peak memory (shipshape / plain) |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.services} × ${r.environments} | ${r.objects} | ${seconds(r.shipshape)} | ${seconds(r.plainCdk8sPlus)} | ${r.ratio.toFixed(2)} | ${r.shipshape.objectsPerSecond} | ${r.shipshape.peakMemoryMB.toFixed(0)} / ${r.plainCdk8sPlus.peakMemoryMB.toFixed(0)} MB |`),
  ];
  process.stdout.write(
    `Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, load average ${machine.loadAverage} at start; ` +
      `two threads got ${capacity.join(' / ')} cores' worth of CPU before and after each size (2.00 = both cores free); median of ${RUNS} runs (min–max), whole processes.\n\n` +
      `${table.join('\n')}\n\n` +
      `Secrets, ${SECRET_VALUES} values under an AES key: encrypt ${secrets.encryptSeconds.toFixed(2)} s; load the SDK to decrypt ${secrets.sdkLoadSeconds.toFixed(2)} s (fresh process); ` +
      `decrypt in-process ${secrets.decryptFirstSeconds.toFixed(2)} s first, ${secrets.decryptWarmSeconds.toFixed(2)} s warm; ` +
      `\`secrets verify\` minus \`secrets list\`, fresh processes: ${secrets.verifyMinusListSeconds.toFixed(2)} s (target: decrypt 1,000 in 0.5 s).\n`,
  );
  writeFileSync(join(__dirname, 'results.json'), `${JSON.stringify({ machine: { ...machine, parallelCapacity: capacity }, runs: RUNS, results: rows, secrets: { values: SECRET_VALUES, ...secrets } }, null, 2)}\n`);
}

void main();
