import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEnvironments, projectAt } from '../lib/cli/project';
import { ShipshapeError, synthesizeEnvironments } from '../lib';
import { synthesizeEnvironmentsInParallel } from '../lib/synth/synthesize';
import { copyOfExample, root } from './support/example-project';

// Large platforms are validated and written on worker threads; `parallelFrom: 0` makes the example count as large.
describe('synthesizing on worker threads', () => {
  const summary = (manifests: Awaited<ReturnType<typeof synthesizeEnvironmentsInParallel>>) =>
    manifests.map((m) => [m.environment, [...m.files], m.objectCount, m.serviceCount, m.warnings, m.waivers]);

  // One worker validates and writes each environment; with more, one validates and the others write.
  test.each([1, 2])('with %i worker thread(s), gives the same files, in the same order, as one thread', async (workers) => {
    const definitions = loadEnvironments(projectAt(root));
    expect(summary(await synthesizeEnvironmentsInParallel(definitions, {}, { parallelFrom: 0, workers }))).toEqual(summary(synthesizeEnvironments(definitions)));
  });

  test.each([1, 2])('with %i worker thread(s), gives the same files without validation', async (workers) => {
    const definitions = loadEnvironments(projectAt(root));
    expect(summary(await synthesizeEnvironmentsInParallel(definitions, { validate: false }, { parallelFrom: 0, workers }))).toEqual(
      summary(synthesizeEnvironments(definitions, { validate: false })),
    );
  });

  test.each([1, 2])('with %i worker thread(s), reports the problems found in every environment, in environment order, placed in the definitions', async (workers) => {
    const folder = copyOfExample();
    try {
      const api = join(folder, 'services', 'api.ts');
      writeFileSync(api, readFileSync(api, 'utf8').replace("metrics: { port: 'http', path: '/metrics' },", "metrics: { port: 'http', path: '/metrics' },\n  security: { readOnlyRootFilesystem: false },"));
      const definitions = loadEnvironments(projectAt(folder));
      const failure = await synthesizeEnvironmentsInParallel(definitions, {}, { parallelFrom: 0, workers }).then(
        () => undefined,
        (error: unknown) => error,
      );
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
