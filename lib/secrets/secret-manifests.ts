import { ApiObject, App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { Environment } from '../environment/environment';
import type { ServiceDefinition } from '../microservice/microservice-props';
import { SECRETS_HASH_ANNOTATION } from '../microservice/microservice';
import { renderManifestFile } from '../synth/manifest-yaml';
import type { SecretCatalog } from './secret-catalog';

/** One service's decrypted values, by key. */
export type SecretValues = Readonly<Record<string, string>>;

/**
 * The Kubernetes Secrets of an environment (`<service>-secrets`, one per service that
 * declares secret keys), as one YAML stream for `kubectl apply -f -`. Each carries exactly the
 * keys its service declares, the service's labels, and the same secrets hash as its pods, so
 * `kubectl get secret -o yaml` shows which version is applied.
 *
 * This holds plaintext (base64 is an encoding, not encryption): `shipshape secrets render`
 * prints it or writes it to an ignored folder, never into `manifests/`.
 *
 * @param environment the synthesized environment (for names, namespace and labels)
 * @param values the decrypted values of each service
 * @param namespace another namespace to put them in, e.g. a branch preview copied from the environment
 */
export function renderSecretManifests(
  environment: Environment,
  services: readonly ServiceDefinition[],
  catalog: SecretCatalog,
  values: (service: string) => SecretValues,
  namespace: string = environment.namespaceName,
): string {
  const chart = new Chart(new App(), 'secrets', { disableResourceNameHashes: true });
  const declared = new Map(services.map((service) => [service.name, service.secrets ?? []]));
  const microservices = [...environment.microservices].sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const microservice of microservices) {
    const keys = [...(declared.get(microservice.name) ?? [])].sort();
    if (keys.length === 0) continue;
    const stored = values(microservice.name);
    const labels = ApiObject.of(microservice.deployment).metadata.toJson().labels as Record<string, string>;
    const digest = catalog.digest(microservice.name);
    new kplus.Secret(chart, microservice.name, {
      metadata: {
        name: microservice.secretName,
        namespace,
        labels,
        ...(digest ? { annotations: { [SECRETS_HASH_ANNOTATION]: digest } } : {}),
      },
      type: 'Opaque',
      stringData: Object.fromEntries(keys.map((key) => [key, stored[key]])),
    });
  }
  const header = `# Rendered by shipshape secrets render for environment ${environment.name}. Holds secret values: apply it, never commit it.\n`;
  return renderManifestFile(header, chart.toJson());
}
