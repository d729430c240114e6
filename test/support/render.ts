import { EnvironmentProps, ServiceDefinition } from '../../lib';
import { SynthesizedObject, synthesizeEnvironment } from '../../lib/testing';
import { findObject } from '../../lib/testing/synthesized-object';

export type { SynthesizedObject } from '../../lib/testing';

/** Synthesizes an environment and returns every object, parsed back from the YAML files. */
export function renderEnvironment(props: EnvironmentProps): SynthesizedObject[] {
  return [...synthesizeEnvironment(props).objects];
}

/** Synthesizes one service in a minimal environment named `test` and returns every object of the environment. */
export function renderService(service: ServiceDefinition, environment: Partial<EnvironmentProps> = {}): SynthesizedObject[] {
  return renderEnvironment({ name: 'test', domain: 'example.com', services: [service], ...environment });
}

/** The single object of a kind (and name), failing loudly when there is none or several. */
export function only(objects: readonly SynthesizedObject[], kind: string, name?: string): SynthesizedObject {
  return findObject(objects, kind, name, 'the rendered objects');
}

/** A typical HTTP service, to vary in tests. */
export const httpService: ServiceDefinition = {
  name: 'api',
  image: 'ghcr.io/acme/api:1.4.2',
  ports: [{ name: 'http', port: 8080 }],
  health: { path: '/readyz', livenessPath: '/livez' },
};
