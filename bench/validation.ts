/**
 * What validation costs, measured in one run: `npm run bench:validation`.
 *
 * 1. Compiling the schemas (done ahead of time by `npm run generate:schemas`)
 *    and loading the precompiled validators (once per process).
 * 2. The example (this repository's environments/ and services/): synth with
 *    and without validation, alternated so both see the same machine state.
 * 3. Milliseconds per object: the example's objects, and 500 services in
 *    3 environments, each environment validated once as synth does.
 * 4. Synth of those 500 services x 3 environments with and without validation.
 *
 * Timings on a shared machine vary by a third between runs; compare within a run.
 */
import { ApiObject, App } from 'cdk8s';
import { join } from 'node:path';
import { Environment, EnvironmentProps, ServiceDefinition, synthesizeEnvironments } from '../lib';
import { loadEnvironments } from '../lib/cli/environment-loading';
import { projectAt } from '../lib/cli/project';
import type { KubeObject } from '../lib/validation/kube-object';
import { generateSchemaModule } from '../lib/validation/schema-generator';
import { validateObjects } from '../lib/validation/validate-objects';
import { median } from './timing';

function time(step: () => unknown): number {
  const started = performance.now();
  step();
  return performance.now() - started;
}

function synthWithAndWithout(label: string, environments: readonly EnvironmentProps[], rounds: number): void {
  const without: number[] = [];
  const withValidation: number[] = [];
  for (let round = 0; round < rounds; round++) {
    without.push(time(() => synthesizeEnvironments(environments, { validate: false })));
    withValidation.push(time(() => synthesizeEnvironments(environments, { validate: true })));
  }
  const a = median(without);
  const b = median(withValidation);
  console.log(`${label}: synth ${a.toFixed(0)} ms without validation, ${b.toFixed(0)} ms with (+${(b - a).toFixed(0)} ms, ${((100 * (b - a)) / a).toFixed(0)} %; median of ${rounds})`);
}

/** Each environment's objects as synth validates them: the JSON of its cdk8s objects. */
function renderedObjects(environments: readonly EnvironmentProps[]): KubeObject[][] {
  const app = new App();
  return environments.map((props) => new Environment(app, props).node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).map((c) => c.toJson()));
}

function perObject(label: string, environments: KubeObject[][]): void {
  const count = environments.reduce((sum, objects) => sum + objects.length, 0);
  const passes = Array.from({ length: 5 }, () => time(() => environments.forEach((objects) => validateObjects(objects))));
  console.log(`${label}: ${count} objects validated in ${median(passes).toFixed(1)} ms = ${(median(passes) / count).toFixed(3)} ms per object (median of 5 passes)`);
}

// 1. Compile and load.
const load = time(() => validateObjects([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'warm-up' } }]));
console.log(`loading the precompiled validators and the first validation: ${load.toFixed(0)} ms (once per process)`);
const compile = time(() => generateSchemaModule());
console.log(`compiling all 55 kinds' schemas with ajv (what npm run generate:schemas does, never at synth): ${compile.toFixed(0)} ms`);

// 2. The example.
const example = loadEnvironments(projectAt(join(__dirname, '..')));
const coldWithout = time(() => synthesizeEnvironments(example, { validate: false }));
const coldWith = time(() => synthesizeEnvironments(example, { validate: true }));
console.log(`example, first synth of the process: ${coldWithout.toFixed(0)} ms without validation, then ${coldWith.toFixed(0)} ms with it`);
synthWithAndWithout('example, warm', example, 21);

// 3. Per object.
perObject('example', renderedObjects(example));
const services: ServiceDefinition[] = Array.from({ length: 500 }, (_, index) => ({
  name: `service-${index}`,
  image: `ghcr.io/acme/service-${index}:1.${index}.0`,
  ports: [{ name: 'http', port: 8080 }],
  health: { path: '/readyz', livenessPath: '/livez' },
  ingress: index % 5 === 0 ? { subdomain: `service-${index}` } : false,
  config: { LOG_LEVEL: 'info', INDEX: index },
  autoscaling: index % 2 === 0 ? { minReplicas: 2, maxReplicas: 6 } : false,
  dependsOn: index > 0 ? [`service-${index - 1}`] : [],
}));
const large = ['dev', 'staging', 'production'].map((name): EnvironmentProps => ({ name, domain: `${name}.acme.io`, services }));
perObject('500 services x 3 environments', renderedObjects(large));

// 4. Synth at scale.
synthWithAndWithout('500 services x 3 environments', large, 3);
