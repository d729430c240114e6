import { EnvironmentProps, ServiceDefinition } from '../../lib';
import { KubeObject, synthesizeEnvironment } from '../../lib/testing';
import { findObject } from '../../lib/testing/kube-object';

export type { KubeObject } from '../../lib/testing';

/** Synthesizes an environment and returns every object, parsed back from the YAML files. */
export function renderEnvironment(props: EnvironmentProps): KubeObject[] {
  return [...synthesizeEnvironment(props).objects];
}

/** Synthesizes one service in a minimal environment named `test` and returns every object of the environment. */
export function renderService(service: ServiceDefinition, environment: Partial<EnvironmentProps> = {}): KubeObject[] {
  return renderEnvironment({ name: 'test', domain: 'example.com', services: [service], ...environment });
}

/** The single object of a kind (and name), failing loudly when there is none or several. */
export function only(objects: readonly KubeObject[], kind: string, name?: string): KubeObject {
  return findObject(objects, kind, name, 'the rendered objects');
}

/** A typical HTTP service, to vary in tests. */
export const httpService: ServiceDefinition = {
  name: 'api',
  image: 'ghcr.io/acme/api:1.4.2',
  ports: [{ name: 'http', port: 8080 }],
  health: { path: '/readyz', livenessPath: '/livez' },
};
