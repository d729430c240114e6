import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { loadEnvironments } from '../lib/cli/environment-loading';
import { projectAt } from '../lib/cli/project';
import { ShipshapeError, synthesizeEnvironments } from '../lib';
import { ManifestFolderWriter } from '../lib/synth/manifest-folder';
import { chunkRanges, RenderPool, synthesizeEnvironmentsInParallel } from '../lib/performance/parallel-synthesis';
import type { EnvironmentBuild } from '../lib/synth/environment-build';
import { FLOWLINE, flowlineCopies } from './support/flowline';

// Large platforms are validated and written on worker threads; `parallelFrom: 0` makes flowline, the tests' platform, count as large.
const copyOfFlowline = flowlineCopies();

describe('synthesizing on worker threads', () => {
  const summary = (manifests: Awaited<ReturnType<typeof synthesizeEnvironmentsInParallel>>) =>
    manifests.map((m) => [m.environment, [...m.files], m.objectCount, m.serviceCount, m.warnings, m.waivers]);

  // The first worker validates each environment; every thread renders chunks of files, the main thread too once all are built.
  test.each([1, 2])('with %i worker thread(s), gives the same files, in the same order, as one thread', async (workers) => {
    const definitions = loadEnvironments(projectAt(FLOWLINE));
    expect(summary(await synthesizeEnvironmentsInParallel(definitions, {}, { parallelFrom: 0, workers }))).toEqual(summary(synthesizeEnvironments(definitions)));
  });

  test.each([1, 2])('with %i worker thread(s) sharing small chunks with the main thread, writes into the staging folders exactly the files it returns', async (workers) => {
    const definitions = loadEnvironments(projectAt(FLOWLINE));
    const folder = mkdtempSync(join(tmpdir(), 'shipshape-chunks-'));
    try {
      const writer = new ManifestFolderWriter(folder);
      const manifests = await synthesizeEnvironmentsInParallel(definitions, {}, { parallelFrom: 0, workers, objectsPerChunk: 3, folderFor: (environment) => writer.open(environment) });
      expect(summary(manifests)).toEqual(summary(synthesizeEnvironments(definitions)));
      writer.commit(false);
      for (const environment of manifests) {
        expect(readdirSync(join(folder, environment.environment)).sort()).toEqual([...environment.files.keys()]);
        for (const [name, text] of environment.files) expect(readFileSync(join(folder, environment.environment, name), 'utf8')).toBe(text);
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test.each([1, 2])('with %i worker thread(s), gives the same files without validation', async (workers) => {
    const definitions = loadEnvironments(projectAt(FLOWLINE));
    expect(summary(await synthesizeEnvironmentsInParallel(definitions, { validate: false }, { parallelFrom: 0, workers }))).toEqual(
      summary(synthesizeEnvironments(definitions, { validate: false })),
    );
  });

  test.each([1, 2])('with %i worker thread(s), reports the problems found in every environment, in environment order, placed in the definitions', async (workers) => {
    const folder = copyOfFlowline();
    try {
      const api = join(folder, 'services', 'api.ts');
      writeFileSync(api, readFileSync(api, 'utf8').replace("metrics: { port: 'http', path: '/metrics' },", "metrics: { port: 'http', path: '/metrics' },\n  security: { readOnlyRootFilesystem: false },"));
      const definitions = loadEnvironments(projectAt(folder));
      const out = join(folder, 'out');
      const writer = new ManifestFolderWriter(out);
      const failure = await synthesizeEnvironmentsInParallel(definitions, {}, { parallelFrom: 0, workers, objectsPerChunk: 3, folderFor: (environment) => writer.open(environment) }).then(
        () => undefined,
        (error: unknown) => error,
      );
      // Every thread has stopped writing once the call settles, so discarding leaves nothing behind.
      writer.discard();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(readdirSync(out)).toEqual([]);
      expect(failure).toBeInstanceOf(ShipshapeError);
      expect((failure as Error).message.split('\n')).toEqual([
        '2 problems in the manifests, so nothing was written:',
        "  environment production, service api, field security.readOnlyRootFilesystem: Deployment api spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem: is not true [read-only-root-fs]; set readOnlyRootFilesystem: true and mount an emptyDir where the app writes, or waive it for api with waivers: [{ rule: 'read-only-root-fs', reason: '…' }].",
        "  environment staging, service api, field security.readOnlyRootFilesystem: Deployment api spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem: is not true [read-only-root-fs]; set readOnlyRootFilesystem: true and mount an emptyDir where the app writes, or waive it for api with waivers: [{ rule: 'read-only-root-fs', reason: '…' }].",
      ]);
      // Word for word what one thread reports.
      expect(() => synthesizeEnvironments(definitions)).toThrow((failure as Error).message);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('the render pool', () => {
  test('fails what waits on a worker that stops early, instead of leaving synth waiting forever', async () => {
    const pool = RenderPool.forWorkload(1, 0, 1)!;
    try {
      const build: EnvironmentBuild = { environment: 'empty', header: '', objects: [], files: [{ name: 'a.yaml', objects: [] }], origins: [], serviceCount: 0, warnings: [] };
      const { outcome } = pool.submit(build, undefined, undefined);
      // The worker is still starting: it stops before it can answer.
      await (pool as unknown as { workers: Worker[] }).workers[0].terminate();
      // Bounded, so that a pool that does wait forever fails this test rather than hanging the run.
      let timer: NodeJS.Timeout | undefined;
      const waitedTooLong = new Promise((resolve) => (timer = setTimeout(() => resolve('still waiting after 10 s'), 10_000)));
      await expect(Promise.race([outcome, waitedTooLong])).rejects.toThrow('a render worker thread stopped early');
      clearTimeout(timer);
    } finally {
      await pool.close();
    }
  });
});

describe("chunks of an environment's files, shared between threads", () => {
  const build = (objectsPerFile: number[]): EnvironmentBuild => {
    let next = 0;
    const files = objectsPerFile.map((count, index) => ({ name: `f${index}.yaml`, objects: Array.from({ length: count }, () => next++) }));
    return { environment: 'test', header: '', objects: [], files, origins: [], serviceCount: 0, warnings: [] };
  };

  test('cover every file once, in order, with about the given number of objects each', () => {
    expect(chunkRanges(build([7, 1, 1, 1, 5, 2, 2]), 3)).toEqual([
      [0, 1],
      [1, 4],
      [4, 5],
      [5, 7],
    ]);
    expect(chunkRanges(build([1]), 200)).toEqual([[0, 1]]);
  });
});
