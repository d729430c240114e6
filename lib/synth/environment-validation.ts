import type { EnvironmentDefinition } from '../environment/environment-definition';
import { ErrorLocation, ShipshapeError } from '../errors';
import { describeObject, kindOf, KubeObject } from '../validation/kube-object';
import { formatPath } from '../validation/object-path';
import { notAPolicyRule, policyRuleList } from '../validation/policy-waivers';
import type { Finding } from '../validation/rule';
import { errorsOf, isPolicyRule, waivedOf, warningsOf } from '../validation/validate-objects';
import type { FieldProvenance } from '../field-provenance';
import { findingLocation } from './finding-location';

/** What validation found in one environment, in the words of the definitions. */
export interface EnvironmentValidation {
  /** Errors, each placed in its environment, service and field. */
  readonly problems: readonly ShipshapeError[];
  /** Warnings (policy rules the environment lowered), one line each. */
  readonly warnings: readonly string[];
  /** Findings waived by a service, one line each with the reason. */
  readonly waivers: readonly string[];
}

/** Checks an environment's policy settings: only policy rules can be lowered, to a warning or off. */
export function checkPolicySettings(definition: EnvironmentDefinition): void {
  const environment = definition.name;
  for (const [id, level] of Object.entries(definition.policy?.severities ?? {})) {
    const field = `policy.severities.${id}`;
    if (!isPolicyRule(id)) throw new ShipshapeError({ environment, field }, notAPolicyRule(id), `name one of ${policyRuleList()}`);
    if (level !== 'warning' && level !== 'off') throw new ShipshapeError({ environment, field }, `${JSON.stringify(level)} is not a severity an environment can lower a rule to`, 'use "warning" or "off"');
  }
}

/** Who rendered an object and what it recorded about its fields: what placing a finding in the definitions reads. */
export interface ObjectOrigin {
  /** The service that owns the object; undefined for the environment's own and its extensions'. */
  readonly service?: string;
  /** Which definition field each of its values comes from. */
  readonly provenance: FieldProvenance;
}

/** What validation found (on this thread or a worker) in the words of the definitions. */
export function placeFindings(definition: EnvironmentDefinition, objects: readonly KubeObject[], origins: readonly ObjectOrigin[], findings: readonly Finding[]): EnvironmentValidation {
  const services = origins.map((origin) => origin.service);
  const place = (selected: readonly Finding[]) => merged(selected.map((finding) => toError(finding, objects[finding.objectIndex], origins[finding.objectIndex], definition)));
  return {
    problems: place(errorsOf(findings)),
    warnings: place(warningsOf(findings)).map((warning) => warning.message),
    waivers: waivedOf(findings).map((finding) => {
      const object = objects[finding.objectIndex];
      return `environment ${definition.name}, service ${services[finding.objectIndex] ?? '-'}: ${finding.rule.id} waived for ${describeObject(object)} (${finding.waiver})`;
    }),
  };
}

/** A finding in the words of the definitions, before findings with one cause are merged. */
interface PlacedFinding {
  readonly location: ErrorLocation;
  /** `Deployment api spec.template...`. */
  readonly where: string;
  readonly problem: string;
  readonly fix: string;
}

function toError(finding: Finding, object: KubeObject, origin: ObjectOrigin, definition: EnvironmentDefinition): PlacedFinding {
  const where = findingLocation(origin.provenance, finding.path, finding.rule.id, origin.service, definition);
  let fix = finding.fix;
  if (finding.rule.group === 'policy') {
    fix += where.service
      ? `, or waive it for ${where.service} with waivers: [{ rule: '${finding.rule.id}', reason: '…' }]`
      : `, or lower it for this environment with policy: { severities: { '${finding.rule.id}': 'warning' } }`;
  }
  return {
    location: { environment: definition.name, service: where.service, field: where.field },
    where: `${kindOf(object) || 'object'} ${object.metadata?.name ?? ''} ${formatPath(finding.path)}`,
    problem: `${finding.problem} [${finding.rule.id}]`,
    fix,
  };
}

/**
 * One mistake in a definition often shows in several objects (a bad label on
 * each of a service's objects): report it once, at its first object, with a count.
 */
function merged(placed: readonly PlacedFinding[]): ShipshapeError[] {
  const groups = new Map<string, PlacedFinding[]>();
  for (const finding of placed) {
    const key = JSON.stringify([finding.location, finding.problem, finding.fix]);
    groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  return [...groups.values()].map(([first, ...others]) => {
    const more = others.length === 0 ? '' : ` (and ${others.length} more object${others.length === 1 ? '' : 's'})`;
    return new ShipshapeError(first.location, `${first.where}${more}: ${first.problem}`, first.fix);
  });
}
