import type { ApiObject } from 'cdk8s';
import type { EnvironmentDefinition } from '../environment/environment-definition';
import { ErrorLocation, ShipshapeError } from '../errors';
import { describeObject, kindOf, KubeObject } from '../validation/kube-object';
import { formatPath } from '../validation/object-path';
import { POLICY_RULES } from '../validation/policy-rules';
import { describeGroup, Finding, ObjectRule } from '../validation/rule';
import { errorsOf, findRule, isPolicyRule, waivedOf, warningsOf, WAIVER_ANNOTATION_PREFIX } from '../validation/validate-objects';
import type { FieldProvenance } from '../field-provenance';
import { findingLocation } from './finding-location';

/** A rendered object and the service that rendered it. */
export interface RenderedObject {
  /** The cdk8s object, so waivers can be annotated on it. */
  readonly construct: ApiObject;
  /** The service that owns it; undefined for the environment's own objects. */
  readonly service?: string;
}

/** What validation found in one environment, in the words of the definitions. */
export interface EnvironmentValidation {
  /** Errors, each placed in its environment, service and field. */
  readonly problems: readonly ShipshapeError[];
  /** Warnings (policy rules the environment lowered), one line each. */
  readonly warnings: readonly string[];
  /** Findings waived by a service, one line each with the reason. */
  readonly waivers: readonly string[];
}

/**
 * Checks an environment's policy settings and its services' waivers: only
 * policy rules can be lowered or waived, and every waiver needs a reason.
 */
export function checkPolicySettings(definition: EnvironmentDefinition): void {
  const environment = definition.name;
  for (const [id, level] of Object.entries(definition.policy?.severities ?? {})) {
    const field = `policy.severities.${id}`;
    if (!isPolicyRule(id)) throw new ShipshapeError({ environment, field }, notAPolicyRule(id), `name one of ${policyRuleList()}`);
    if (level !== 'warning' && level !== 'off') throw new ShipshapeError({ environment, field }, `${JSON.stringify(level)} is not a severity an environment can lower a rule to`, 'use "warning" or "off"');
  }
  for (const service of definition.services) {
    (service.waivers ?? []).forEach((waiver, index) => {
      const location = { environment, service: service.name };
      if (!isPolicyRule(waiver.rule)) throw new ShipshapeError({ ...location, field: `waivers[${index}].rule` }, notAPolicyRule(waiver.rule), `name one of ${policyRuleList()}`);
      if (typeof waiver.reason !== 'string' || waiver.reason.trim().length < 10) {
        throw new ShipshapeError({ ...location, field: `waivers[${index}].reason` }, `waiving ${waiver.rule} needs a written reason`, 'say in a sentence why the rule does not apply to this service');
      }
    });
  }
}

/**
 * Writes each service's waivers onto its objects that the waived rule looks at,
 * as `waive.shipshape.dev/<rule>` annotations, so the committed manifests
 * carry the reason and `shipshape validate` honours it too.
 */
export function annotateWaivers(definition: EnvironmentDefinition, objects: readonly RenderedObject[]): void {
  const waivers = new Map(definition.services.map((service) => [service.name, service.waivers ?? []]));
  for (const { construct, service } of objects) {
    for (const waiver of service ? waivers.get(service) ?? [] : []) {
      const rule: ObjectRule | undefined = POLICY_RULES.find((candidate) => candidate.id === waiver.rule);
      if (rule && (rule.kinds === undefined || rule.kinds.includes(construct.kind))) construct.metadata.addAnnotation(`${WAIVER_ANNOTATION_PREFIX}${waiver.rule}`, waiver.reason.trim());
    }
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

function notAPolicyRule(id: string): string {
  const rule = findRule(id);
  return rule ? `"${id}" is ${describeGroup(rule.group)}; only policy rules can be lowered or waived, since the cluster enforces the others` : `"${id}" is not a policy rule`;
}

function policyRuleList(): string {
  return POLICY_RULES.map((rule) => rule.id).join(', ');
}
