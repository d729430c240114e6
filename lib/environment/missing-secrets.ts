import type { ServiceDefinition } from '../microservice/microservice-props';
import type { SecretCatalog } from '../secrets/secret-catalog';

/** A secret key a service declares that the environment's secrets file does not hold. */
export interface MissingSecret {
  /** The service that declares it. */
  readonly service: string;
  /** The key, e.g. `DATABASE_URL`. */
  readonly key: string;
  /** Its index in the service's `secrets`. */
  readonly index: number;
}

/** Every key the services declare in `secrets` that the catalog does not hold, service by service, in declaration order. */
export function missingSecrets(services: readonly ServiceDefinition[], catalog: SecretCatalog): MissingSecret[] {
  return services.flatMap((service) => {
    const stored = new Set(catalog.keys(service.name));
    return (service.secrets ?? []).flatMap((key, index) => (stored.has(key) ? [] : [{ service: service.name, key, index }]));
  });
}
