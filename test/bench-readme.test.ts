import { readFileSync } from 'node:fs';
import type { Measurement } from '../bench/measure';
import { type BenchResults, readResults, type SizeResult } from '../bench/results-file';
import { checkTarget } from '../bench/target';
import { README_FILE, renderReadme } from '../bench/write-readme';

// bench/README.md is generated from bench/results.json (bench/write-readme.ts): these tests render it from a small
// fixture, without running the benchmark, so that the generator cannot silently break.

function measurement(median: number, user: number, system: number, peakMemoryMB: number): Measurement {
  return { median, min: median - 0.1, max: median + 0.2, cpuSeconds: { user, system }, peakMemoryMB };
}

function size(services: number, ratioToHelm: number, shipshapePeakMB: number): SizeResult {
  return {
    services,
    environments: 3,
    objects: services * 21 + 12,
    shipshape: measurement(1.5, 2.25, 0.4, shipshapePeakMB),
    plainCdk8sPlus: measurement(4, 5.5, 0.3, 231.4),
    helm: measurement(2, 2.5, 0.25, 96.6),
    ratioToHelm,
    ratioToPlain: 0.375,
    shipshapeFirstSynth: { seconds: 3.381, peakMemoryMB: 199.2 },
  };
}

function fixture(rows: SizeResult[]): BenchResults {
  return {
    date: '2026-12-06',
    machine: { cpus: 2, cpuModel: 'AMD EPYC', memoryGiB: 24, node: 'v20.20.2', loadAverage: 1.71, parallelCapacity: [1.8, 1.7, 2] },
    helm: 'v4.1.4+g05fa379',
    runs: 7,
    results: rows,
    target: checkTarget(rows),
    secrets: { values: 1000, encryptSeconds: 0.59, sdkLoadSeconds: 0.09, decryptFirstSeconds: 0.57, decryptWarmSeconds: 0.3, verifyMinusListSeconds: 0.49, sdkDecryptKibMs: 0.35, scaledTargetSeconds: 0.65 },
    techniques: {
      synth: {
        date: '2026-12-06',
        loadAverage: 1.2,
        measurements: [{ technique: 'parallel-synthesis', file: 'lib/performance/parallel-synthesis.ts', workload: 'synth, 500 services × 3 environments', offSeconds: 3.1, onSeconds: 2.05, ratio: 0.664, runs: 7 }],
      },
      twoThreadDecryption: {
        date: '2026-12-07',
        loadAverage: 0.8,
        measurements: [{ workload: 'decrypt and check, RSA-3072 (CI key), fresh process', values: 1000, offMs: 2104.2, onMs: 1251.7, ratio: 0.594, pairs: 6 }],
      },
    },
  };
}

function tableRows(readme: string): string[] {
  return readme.split('\n').filter((line) => /^\| \d+ × 3 \|/.test(line));
}

describe('bench/README.md', () => {
  test('has one table row per size, every figure from the results', () => {
    const readme = renderReadme(fixture([size(10, 1.46, 78.2), size(500, 0.75, 209.6)]));
    expect(tableRows(readme)).toEqual([
      '| 10 × 3 | 222 | 1.50 s (1.40–1.70) | 4.00 s (3.90–4.20) | 2.00 s (1.90–2.20) | 1.46 | 0.38 | 2.25 + 0.40 / 5.50 + 0.30 / 2.50 + 0.25 s | 78 / 231 / 97 MB | 3.38 s, 199 MB |',
      '| 500 × 3 | 10512 | 1.50 s (1.40–1.70) | 4.00 s (3.90–4.20) | 2.00 s (1.90–2.20) | 0.75 | 0.38 | 2.25 + 0.40 / 5.50 + 0.30 / 2.50 + 0.25 s | 210 / 231 / 97 MB | 3.38 s, 199 MB |',
    ]);
    expect(readme).toContain('| services × envs | objects | shipshape synth | plain cdk8s-plus-27 | helm template | shipshape / helm | shipshape / plain |');
    expect(readme).toContain('Run on 2026-12-06: 2 cores (AMD EPYC), 24 GiB, Node v20.20.2, load average 1.71 at the start.');
    expect(readme).toContain('Two threads got 1.80 / 1.70 / 2.00 cores');
    expect(readme).toContain('helm v4.1.4+g05fa379 renders');
    expect(readme).toContain('At each size the programs run 7 rounds');
  });

  test('says the target is met where both figures at 500 × 3 are within it', () => {
    const readme = renderReadme(fixture([size(10, 1.46, 78), size(500, 0.8, 300)]));
    expect(readme).toContain('- Time: shipshape / helm at most 0.80 at 500 × 3: 0.80, **met**.\n- Memory: shipshape\'s peak memory at most 300 MB at 500 × 3: 300 MB, **met**.\n');
  });

  test('says each half of the target is not met on its own', () => {
    expect(renderReadme(fixture([size(500, 0.81, 209.6)]))).toContain('- Time: shipshape / helm at most 0.80 at 500 × 3: 0.81, **not met**.\n- Memory: shipshape\'s peak memory at most 300 MB at 500 × 3: 210 MB, **met**.\n');
    expect(renderReadme(fixture([size(500, 0.5, 300.5)]))).toContain('- Time: shipshape / helm at most 0.80 at 500 × 3: 0.50, **met**.\n- Memory: shipshape\'s peak memory at most 300 MB at 500 × 3: 301 MB, **not met**.\n');
  });

  test('says the target was not measured when the run left out 500 × 3', () => {
    const readme = renderReadme(fixture([size(10, 1.46, 78)]));
    expect(readme).toContain('- Time: shipshape / helm at most 0.80 at 500 × 3: not measured in this run.\n- Memory: shipshape\'s peak memory at most 300 MB at 500 × 3: not measured in this run.\n');
    expect(readme).not.toMatch(/\bmet\*\*/);
  });

  test('shows each speed technique off and on, with its ratio, and when it was measured', () => {
    const readme = renderReadme(fixture([size(500, 0.75, 209.6)]));
    expect(readme).toContain('| parallel-synthesis (`lib/performance/parallel-synthesis.ts`) | synth, 500 services × 3 environments | 3.10 s | 2.05 s | 0.66 | 2026-12-06, load 1.2, 7 rounds |');
    expect(readme).toContain(
      '| two-thread decryption (`lib/performance/two-thread-decryption.ts`) | decrypt and check, RSA-3072 (CI key), fresh process, 1000 values | 2.10 s | 1.25 s | 0.59 | 2026-12-07, load 0.8, 6 pairs |',
    );
  });

  test('the committed README is what the generator makes of the committed bench/results.json', () => {
    expect(readFileSync(README_FILE, 'utf8')).toBe(renderReadme(readResults()));
  });
});
