import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseObjects } from '../../lib/testing/synthesized-object';
import { flowlineCopies } from '../support/flowline';
import { shipshapeProcess } from '../support/shipshape-cli';

// `cdk8s synth`, the cdk8s CLI, runs cdk8s.yaml's app: every environment as a chart of one cdk8s App, written
// by cdk8s's own app.synth(). Its objects are the ones `shipshape synth` writes, environment by environment.
const root = join(__dirname, '..', '..');
const copyOfFlowline = flowlineCopies();
let project: string;
beforeAll(() => {
  project = copyOfFlowline();
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

test('cdk8s synth writes, per environment, the objects shipshape synth writes', () => {
  const cdk8s = spawnSync(join(root, 'node_modules', '.bin', 'cdk8s'), ['synth', '--no-check-upgrade', '--app', `node ${join(root, 'bin', 'shipshape.js')} cdk8s-app`, '--output', 'cdk8s-out'], {
    cwd: project,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: join(project, '.home') },
  });
  expect([cdk8s.status, cdk8s.stderr]).toEqual([0, '']);
  expect(shipshapeProcess(project, ['synth', '--out', 'shipshape-out']).status).toBe(0);

  const environments = readdirSync(join(project, 'shipshape-out')).filter((name) => name !== 'gitops');
  expect(readdirSync(join(project, 'cdk8s-out')).sort()).toEqual(environments.map((name) => `${name}.k8s.yaml`).sort());
  const sorted = (objects: readonly unknown[]) => objects.map((object) => JSON.stringify(object)).sort();
  for (const environment of environments) {
    const folder = join(project, 'shipshape-out', environment);
    const written = readdirSync(folder).flatMap((file) => parseObjects(readFileSync(join(folder, file), 'utf8')));
    expect(sorted(parseObjects(readFileSync(join(project, 'cdk8s-out', `${environment}.k8s.yaml`), 'utf8')))).toEqual(sorted(written));
  }
});
