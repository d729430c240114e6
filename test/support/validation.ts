import { ServiceDefinition } from '../../lib';
import { formatPath } from '../../lib/validation/object-path';
import type { Finding } from '../../lib/validation/rule';
import { validateObjects, ValidationOptions } from '../../lib/validation/validate-objects';
import { renderEnvironment, SynthesizedObject } from './render';

/** A service that renders one object of every kind shipshape makes: Deployment, Service, ConfigMap, HPA, PDB, NetworkPolicy, Ingress... */
export const fullService: ServiceDefinition = {
  name: 'api',
  image: 'ghcr.io/acme/api:1.4.2',
  ports: [{ name: 'http', port: 8080 }],
  health: { path: '/readyz', livenessPath: '/livez' },
  ingress: { subdomain: 'api' },
  config: { LOG_LEVEL: 'info' },
  autoscaling: { minReplicas: 2, maxReplicas: 4 },
  egress: [{ cidr: '10.0.0.0/16', ports: [5432] }],
};

/** Fresh copies of the objects of an environment `test` running `fullService`: valid, so any finding comes from the change a test makes. */
export function goodObjects(): SynthesizedObject[] {
  return structuredClone(baseline);
}
const baseline = renderEnvironment({ name: 'test', domain: 'example.com', services: [fullService] });

/** The one object of a kind (and name) in a list, to change it in place. */
export function object(objects: SynthesizedObject[], kind: string, name?: string): any {
  const found = objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (!found) throw new Error(`no ${kind} ${name ?? ''}`);
  return found;
}

/** Each finding as `rule Kind/name path: problem`, the way tests compare them. */
export function describeFindings(objects: readonly SynthesizedObject[], findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.rule.id} ${objects[f.objectIndex].kind}/${objects[f.objectIndex].metadata?.name} ${formatPath(f.path)}: ${f.problem}${f.waiver ? ` (waived: ${f.waiver})` : ''}`);
}

/** Validates the good objects after a change (in place; push to add objects) and describes every finding. */
export function findingsAfter(change: (objects: SynthesizedObject[]) => unknown, options?: ValidationOptions): string[] {
  const objects = goodObjects();
  change(objects);
  return describeFindings(objects, validateObjects(objects, options));
}

/** The first container of the Deployment. */
export function container(objects: SynthesizedObject[]): any {
  return object(objects, 'Deployment').spec.template.spec.containers[0];
}

/** The pod spec of the Deployment. */
export function podSpec(objects: SynthesizedObject[]): any {
  return object(objects, 'Deployment').spec.template.spec;
}
