import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEnvironments, projectAt } from '../lib/cli/project';
import { synthesizeProject } from '../lib/cli/project-synthesis';
import { ShipshapeError, synthesizeEnvironments } from '../lib';
import { PARALLEL_THRESHOLD, renderFilesHere, YamlRenderPool } from '../lib/synth/parallel-rendering';
import { parseAllDocuments } from 'yaml';
import { copyOfExample, root } from './support/example-project';

// Large platforms synthesize their environments on two threads; `parallelFrom: 0` makes the example count as large.
describe('synthesizing a project on two threads', () => {
  test('gives the same files, in the same order, as one thread', async () => {
    const project = projectAt(root);
    const definitions = loadEnvironments(project);
    const parallel = await synthesizeProject(project, definitions, 0);
    const sequential = synthesizeEnvironments(definitions);
    expect(parallel.map((m) => [m.environment, [...m.files], m.objectCount, m.serviceCount, m.warnings, m.waivers])).toEqual(
      sequential.map((m) => [m.environment, [...m.files], m.objectCount, m.serviceCount, m.warnings, m.waivers]),
    );
  });

  test('reports the mistakes found on both threads, in environment order', async () => {
    const folder = copyOfExample();
    try {
      for (const environment of ['production', 'staging']) {
        const file = join(folder, 'environments', environment, 'environment.ts');
        writeFileSync(file, readFileSync(file, 'utf8').replace(/domain: '[^']+'/, "domain: 'Flowline.io'"));
      }
      const project = projectAt(folder);
      const failure = await synthesizeProject(project, loadEnvironments(project), 0).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(ShipshapeError);
      expect((failure as Error).message.split('\n')).toEqual([
        '2 problems in the manifests, so nothing was written:',
        '  environment production, service api, field ingress.subdomain: "api.Flowline.io" is not a lowercase DNS host name; use a lowercase host such as "api.example.com".',
        '  environment staging, service api, field ingress.subdomain: "api.Flowline.io" is not a lowercase DNS host name; use a lowercase host such as "api.example.com".',
      ]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('rendering YAML on worker threads', () => {
  test('gives the same bytes, in the same order, as this thread', async () => {
    const [staging] = synthesizeEnvironments(loadEnvironments(projectAt(root), ['staging']));
    const files = [...staging.files.values()].map((text) => ({ header: '# test\n', documents: parseAllDocuments(text).map((doc) => doc.toJS()) }));
    const pool = YamlRenderPool.forWorkload(PARALLEL_THRESHOLD)!;
    try {
      expect(await pool.render(files)).toEqual(renderFilesHere(files));
    } finally {
      await pool.close();
    }
  });
});
