import { ErrorLocation, ShipshapeError } from '../errors';
import { nameOf } from '../microservice/service-definition';
import { checkAgainst, fieldName, FieldPath } from '../schema/schema-mistake';
import { validateEncryptionKeys } from '../secrets/encryption-key';
import { dnsLabelProblem } from '../validation/names';
import type { EnvironmentDefinition } from './environment-definition';
import { ENVIRONMENT_DEFINITION } from './environment-schema';

/**
 * Declares an environment. Checks what can be checked before synth (the shape and types of every field, names,
 * unknown overrides, duplicate services) and returns frozen data.
 *
 * @example
 * export default defineEnvironment({
 *   name: 'staging',
 *   domain: 'staging.example.com',
 *   services: [api, web],
 *   overrides: { api: { replicas: 3 } },
 * });
 */
export function defineEnvironment(definition: EnvironmentDefinition): Readonly<EnvironmentDefinition> {
  validateEnvironmentDefinition(definition);
  return Object.freeze({ ...definition });
}

/** The checks of an environment definition that do not need synth. */
export function validateEnvironmentDefinition(definition: EnvironmentDefinition): void {
  checkAgainst(ENVIRONMENT_DEFINITION, definition, (path) => locate(definition, path));
  const environment = definition.name;
  const nameProblem = dnsLabelProblem(environment);
  if (nameProblem) throw new ShipshapeError({ environment, field: 'name' }, `the environment name ${nameProblem}`, 'use a short lowercase name such as "staging"');
  const namespaceProblem = definition.namespace !== undefined ? dnsLabelProblem(definition.namespace) : undefined;
  if (namespaceProblem) throw new ShipshapeError({ environment, field: 'namespace' }, `the namespace ${namespaceProblem}`, 'use a lowercase name such as "flowline-staging"');
  validateEncryptionKeys(environment, definition.encryptionKeys ?? []);
  const seen = new Set<string>();
  definition.services.forEach((service, index) => {
    if (seen.has(service.name)) {
      throw new ShipshapeError({ environment, service: service.name, field: `services[${index}]` }, `"${service.name}" is listed twice`, 'list each service once');
    }
    seen.add(service.name);
  });
  for (const name of Object.keys(definition.overrides ?? {})) {
    if (!seen.has(name)) {
      throw new ShipshapeError(
        { environment, service: name, field: `overrides.${name}` },
        `overrides a service that is not in this environment (services: ${[...seen].join(', ') || 'none'})`,
        `add ${name} to services or remove the override`,
      );
    }
  }
}

/**
 * Where a mistake at a path of an environment definition is: a field of one of its services is placed in that
 * service (`service api, field replicas`), an override in the service it overrides.
 */
function locate(definition: EnvironmentDefinition, path: FieldPath): ErrorLocation {
  const environment = nameOf(definition);
  const [top, key, ...rest] = path;
  if (top === 'services' && typeof key === 'number') {
    const service = nameOf(definition.services[key]);
    return { environment, service, field: service && rest.length > 0 ? fieldName(rest) : fieldName(path) };
  }
  if (top === 'overrides' && typeof key === 'string') return { environment, service: key, field: fieldName(path) };
  return { environment, field: fieldName(path) };
}
