import type { EnvironmentDefinition } from '../environment/environment-definition';
import type { FieldProvenance } from '../field-provenance';
import type { ServiceDefinition } from '../microservice/microservice-props';
import { asRecord } from '../validation/kube-object';
import type { ObjectPath } from '../validation/object-path';

/** Where in the TypeScript definitions a problem in a rendered object comes from. */
export interface FindingLocation {
  /** The service whose definition holds the field, when it is one service's. */
  readonly service?: string;
  /** The field as the user writes it, e.g. `resources.memory.limit` or `overrides.api.replicas`. */
  readonly field?: string;
}

/** Rules whose finding is about another field than the value its path names: a missing object, say. */
const RULE_FIELDS: Readonly<Record<string, string>> = {
  'pdb-for-replicas': 'disruptionBudget',
  'spread-across-nodes': 'spread',
};

/**
 * Places a problem in a rendered object in the definitions: the field its value was recorded from
 * while the object was built (see FieldProvenance), written where the user wrote it, in the
 * environment's `overrides` or `defaults` when the value comes from there.
 *
 * @param provenance what was recorded for the object
 * @param owner the service that rendered the object, if any
 */
export function findingLocation(provenance: FieldProvenance, path: ObjectPath, rule: string, owner: string | undefined, environment: EnvironmentDefinition): FindingLocation {
  if (owner !== undefined && RULE_FIELDS[rule]) return { service: owner, field: whereWritten(RULE_FIELDS[rule], owner, environment) };
  const recorded = provenance.at(path);
  if (!recorded) return { service: owner };
  if (recorded.service === undefined) return { field: recorded.field };
  return { service: recorded.service, field: whereWritten(recorded.field, recorded.service, environment) };
}

/** The field as written: in the environment's overrides or defaults when the value comes from there. */
function whereWritten(field: string, service: string, environment: EnvironmentDefinition): string {
  const definition: ServiceDefinition | undefined = environment.services.find((candidate) => candidate.name === service);
  if (hasField(environment.overrides?.[service], field)) return `overrides.${service}.${field}`;
  if (hasField(environment.defaults, field) && !hasField(definition, field)) return `defaults.${field}`;
  return field;
}

function hasField(source: unknown, field: string): boolean {
  let current: unknown = source;
  for (const key of field.replace(/\[\d+\]/g, '').split('.')) {
    const record = asRecord(current);
    if (!record || record[key] === undefined) return false;
    current = record[key];
  }
  return true;
}
