import { EnvironmentProps, ServiceDefinition, synthesizeEnvironments } from '../../lib';
import { parseAllDocuments } from 'yaml';

/** A Kubernetes object as synthesized, for assertions. */
export type KubeObject = { apiVersion: string; kind: string; metadata: { name: string; [key: string]: any }; [key: string]: any };

/** Synthesizes an environment and returns every object, parsed back from the YAML files. */
export function renderEnvironment(props: EnvironmentProps): KubeObject[] {
  const [manifests] = synthesizeEnvironments([props]);
  return [...manifests.files.values()].flatMap((text) => parseAllDocuments(text).map((doc) => doc.toJS() as KubeObject));
}

/** Synthesizes one service in a minimal environment named `test` and returns its objects. */
export function renderService(service: ServiceDefinition, environment: Partial<EnvironmentProps> = {}): KubeObject[] {
  return renderEnvironment({ name: 'test', domain: 'example.com', services: [service], ...environment });
}

/** The single object of a kind (and name), failing loudly when there is none or several. */
export function only(objects: KubeObject[], kind: string, name?: string): KubeObject {
  const matches = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (matches.length !== 1) throw new Error(`expected one ${kind}${name ? ` named ${name}` : ''}, found ${matches.length}`);
  return matches[0];
}

/** A typical HTTP service, to vary in tests. */
export const httpService: ServiceDefinition = {
  name: 'api',
  image: 'ghcr.io/acme/api:1.4.2',
  ports: [{ name: 'http', port: 8080 }],
  health: { path: '/readyz', livenessPath: '/livez' },
};
