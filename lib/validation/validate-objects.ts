import { API_SERVER_RULES } from './api-server-rules';
import { CROSS_OBJECT_RULES } from './cross-object-rules';
import { asStringMap, kindOf, KubeObject } from './kube-object';
import { ObjectSet } from './object-set';
import { LoweredSeverity, POLICY_RULES, PolicyRuleId } from './policy-rules';
import type { Finding, ObjectRule, Report, RuleInfo } from './rule';
import { checkSchema, isCustomResource, SCHEMA_RULES, SchemaReport } from './schema-rules';

export { isCustomResource } from './schema-rules';

/** Annotation prefix that waives a policy rule for one object: `waive.shipshape.dev/read-only-root-fs: "<why>"`. */
export const WAIVER_ANNOTATION_PREFIX = 'waive.shipshape.dev/';

/** Every rule, in the order the groups run: schema, API server, cross-object, policy. */
export const ALL_RULES: readonly RuleInfo[] = [...SCHEMA_RULES, ...API_SERVER_RULES, ...CROSS_OBJECT_RULES, ...POLICY_RULES];

const RULES_BY_ID = new Map(ALL_RULES.map((rule) => [rule.id, rule]));
const OBJECT_RULES: readonly ObjectRule[] = [...API_SERVER_RULES, ...CROSS_OBJECT_RULES, ...POLICY_RULES];
const POLICY_RULE_IDS = new Set<string>(POLICY_RULES.map((rule) => rule.id));

/** The rule with an id, if there is one. */
export function findRule(id: string): RuleInfo | undefined {
  return RULES_BY_ID.get(id);
}

/** True for the ids of policy rules, the only ones that can be lowered or waived. */
export function isPolicyRule(id: string): id is PolicyRuleId {
  return POLICY_RULE_IDS.has(id);
}

/** How a validation run treats the policy rules. */
export interface ValidationOptions {
  /**
   * Policy rules to report as warnings, or not to run, by id.
   * @default {} - every policy violation is an error
   */
  readonly severities?: Readonly<Partial<Record<PolicyRuleId, LoweredSeverity>>>;
}

/**
 * Validates objects that are applied together: each against the Kubernetes
 * 1.27 schema, the API server's own rules, the cross-object checks and the
 * best-practice policy. A policy finding is waived by the object's
 * `waive.shipshape.dev/<rule>` annotation. Custom resources (`isCustomResource`) are passed
 * through unchecked: their schema is in the cluster, not here.
 *
 * @returns every finding, in object order; waived findings carry their reason
 */
export function validateObjects(objects: readonly KubeObject[], options: ValidationOptions = {}): Finding[] {
  const set = new ObjectSet(objects);
  const findings: Finding[] = [];
  const rulesByKind = new Map<string, ObjectRule[]>();
  // One pair of reporters for the whole run (not two closures per object): they read the current object and rule.
  let object: KubeObject;
  let objectIndex = 0;
  let rule: ObjectRule;
  let served = true;
  let schemaPaths: Set<string> | undefined;
  const reportSchema: SchemaReport = (id, path, problem, fix) => {
    const schemaRule = RULES_BY_ID.get(id)!;
    if (id === 'served-kind') served = false;
    (schemaPaths ??= new Set()).add(path.join('\u0000'));
    findings.push({ rule: schemaRule, severity: schemaRule.severity, objectIndex, path, problem, fix: fix ?? schemaRule.fix });
  };
  const report: Report = (path, problem, fix) => {
    if (schemaPaths?.has(path.join('\u0000'))) return;
    const policy = rule.group === 'policy';
    const lowered = policy ? options.severities?.[rule.id as PolicyRuleId] : undefined;
    const waiver = policy ? waiverFor(object, rule.id as PolicyRuleId) : undefined;
    findings.push({ rule, severity: lowered === 'warning' ? 'warning' : rule.severity, objectIndex, path, problem, fix: fix ?? rule.fix, ...(waiver ? { waiver } : {}) });
  };
  for (objectIndex = 0; objectIndex < objects.length; objectIndex++) {
    object = objects[objectIndex];
    if (isCustomResource(object)) continue;
    served = true;
    schemaPaths = undefined;
    checkSchema(object, reportSchema);
    // Without a schema nothing is known about the fields; otherwise every rule runs (they read fields defensively)
    // so that one pass shows every problem, except where the schema already reported the same field.
    if (!served) continue;
    const kind = kindOf(object);
    let rules = rulesByKind.get(kind);
    if (!rules) {
      rules = OBJECT_RULES.filter((candidate) => (candidate.kinds === undefined || candidate.kinds.includes(kind)) && options.severities?.[candidate.id as PolicyRuleId] !== 'off');
      rulesByKind.set(kind, rules);
    }
    for (rule of rules) rule.check(object, report, set);
  }
  return findings;
}

/** Findings that fail validation: errors nobody waived. */
export function errorsOf(findings: readonly Finding[]): Finding[] {
  return findings.filter((finding) => finding.severity === 'error' && finding.waiver === undefined);
}

/** Findings printed without failing: warnings nobody waived. */
export function warningsOf(findings: readonly Finding[]): Finding[] {
  return findings.filter((finding) => finding.severity === 'warning' && finding.waiver === undefined);
}

/** Findings a waiver covers. */
export function waivedOf(findings: readonly Finding[]): Finding[] {
  return findings.filter((finding) => finding.waiver !== undefined);
}

/** The reason in the object's `waive.shipshape.dev/<rule>` annotation, if it gives one. */
function waiverFor(object: KubeObject, rule: PolicyRuleId): string | undefined {
  const reason = asStringMap(object.metadata?.annotations)[`${WAIVER_ANNOTATION_PREFIX}${rule}`];
  return typeof reason === 'string' && reason.trim().length > 0 ? reason.trim() : undefined;
}
