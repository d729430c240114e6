import { API_SERVER_RULES } from './api-server-rules';
import { CROSS_OBJECT_RULES } from './cross-object-rules';
import { asStringMap, kindOf, KubeObject } from './kube-object';
import { ObjectSet } from './object-set';
import { LoweredSeverity, POLICY_RULES, PolicyRuleId } from './policy-rules';
import type { Finding, ObjectRule, Report, RuleInfo } from './rule';
import { checkSchema, isCustomResource, SCHEMA_RULES } from './schema-rules';

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
  const validation = new ObjectsValidation(options);
  validation.add(objects, objects.map((_, index) => index));
  return validation.finish(objects);
}

/**
 * `validateObjects`, fed a batch of objects at a time, e.g. as they are rendered: each object is checked on
 * its own as it comes (its schema, and every rule that reads only the object), and the rules that look across
 * objects run once all have come. The findings are the same, in the same order.
 */
export class ObjectsValidation {
  private readonly findings: Finding[] = [];
  /** Per object index: its schema was found, and the paths the schema reported (the rules do not report them again). */
  private readonly checked: Array<{ readonly served: boolean; readonly schemaPaths?: ReadonlySet<string> } | undefined> = [];
  private readonly rulesByKind = new Map<string, { readonly own: readonly ObjectRule[]; readonly across: readonly ObjectRule[] }>();

  public constructor(private readonly options: ValidationOptions = {}) {}

  /**
   * Checks objects on their own: the schema and every rule that reads only the object.
   * @param indexes each object's index among all the objects validated together
   */
  public add(objects: readonly KubeObject[], indexes: readonly number[]): void {
    objects.forEach((object, position) => {
      const objectIndex = indexes[position];
      if (isCustomResource(object)) return;
      let served = true;
      let schemaPaths: Set<string> | undefined;
      checkSchema(object, (id, path, problem, fix) => {
        const rule = RULES_BY_ID.get(id)!;
        if (id === 'served-kind') served = false;
        (schemaPaths ??= new Set()).add(path.join('\u0000'));
        this.findings.push({ rule, severity: rule.severity, objectIndex, path, problem, fix: fix ?? rule.fix });
      });
      this.checked[objectIndex] = { served, schemaPaths };
      // Without a schema nothing is known about the fields; otherwise every rule runs (they read fields defensively)
      // so that one pass shows every problem, except where the schema already reported the same field.
      if (served) this.runRules(object, objectIndex, this.rulesFor(kindOf(object)).own);
    });
  }

  /**
   * Runs the rules that look across objects, over all of them (the objects added, by their index).
   * @returns every finding, in object order, and within an object in the order the rules run
   */
  public finish(objects: readonly KubeObject[]): Finding[] {
    const set = new ObjectSet(objects);
    this.checked.forEach((checked, objectIndex) => {
      if (checked?.served) this.runRules(objects[objectIndex], objectIndex, this.rulesFor(kindOf(objects[objectIndex])).across, set);
    });
    const order = new Map<RuleInfo, number>(ALL_RULES.map((rule, position) => [rule, position]));
    // A stable sort: a rule's findings keep the order it reported them in.
    return [...this.findings].sort((a, b) => a.objectIndex - b.objectIndex || order.get(a.rule)! - order.get(b.rule)!);
  }

  private runRules(object: KubeObject, objectIndex: number, rules: readonly ObjectRule[], set?: ObjectSet): void {
    const schemaPaths = this.checked[objectIndex]?.schemaPaths;
    for (const rule of rules) {
      const report: Report = (path, problem, fix) => {
        if (schemaPaths?.has(path.join('\u0000'))) return;
        // Looked up only for a finding: most objects break no rule, and every object meets every policy rule.
        const policy = rule.group === 'policy';
        const lowered = policy ? this.options.severities?.[rule.id as PolicyRuleId] : undefined;
        const waiver = policy ? waiverFor(object, rule.id as PolicyRuleId) : undefined;
        this.findings.push({ rule, severity: lowered === 'warning' ? 'warning' : rule.severity, objectIndex, path, problem, fix: fix ?? rule.fix, ...(waiver ? { waiver } : {}) });
      };
      rule.check(object, report, set!);
    }
  }

  /** The rules that run on an object of a kind, those that read only it and those that look across objects. */
  private rulesFor(kind: string): { readonly own: readonly ObjectRule[]; readonly across: readonly ObjectRule[] } {
    let rules = this.rulesByKind.get(kind);
    if (!rules) {
      const applicable = OBJECT_RULES.filter((candidate) => (candidate.kinds === undefined || candidate.kinds.includes(kind)) && this.options.severities?.[candidate.id as PolicyRuleId] !== 'off');
      rules = { own: applicable.filter((rule) => !looksAcrossObjects(rule)), across: applicable.filter(looksAcrossObjects) };
      this.rulesByKind.set(kind, rules);
    }
    return rules;
  }
}

/** The rules that read other objects (the cross-object group, and the policy rules that say so) need all of them at hand. */
function looksAcrossObjects(rule: ObjectRule): boolean {
  return rule.group === 'cross-object' || rule.acrossObjects === true;
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
