import type { KubeObject } from './kube-object';
import type { ObjectPath } from './object-path';
import type { ObjectSet } from './object-set';

/** The four groups of rules, in the order they run. */
export type RuleGroup = 'schema' | 'api-server' | 'cross-object' | 'policy';

/** An error stops synth and fails `shipshape validate`; a warning is printed and does not. */
export type Severity = 'error' | 'warning';

/** What a rule is, for people: shown with every finding and in docs/validation-rules.md. */
export interface RuleInfo {
  /** Stable id, used in waivers and severity settings, e.g. `read-only-root-fs`. */
  readonly id: string;
  /** The rule's group. */
  readonly group: RuleGroup;
  /** The severity unless an environment lowers it (only policy rules can be lowered or waived). */
  readonly severity: Severity;
  /** Why the rule exists, in one line. */
  readonly reason: string;
  /** How to fix a violation in general; a finding may say more precisely. */
  readonly fix: string;
  /**
   * The checks of kube-score, kube-linter and Polaris a policy rule mirrors, by tool and check id.
   * @default [] - none (the rule is the API server's, or shipshape's own)
   */
  readonly mirrors?: readonly string[];
}

/** Called by a rule for each problem it finds in an object. */
export type Report = (path: ObjectPath, problem: string, fix?: string) => void;

/** A rule that looks at one object at a time, with every other object at hand. */
export interface ObjectRule extends RuleInfo {
  /** The kinds the rule looks at; every kind when left out. */
  readonly kinds?: readonly string[];
  /**
   * The rule reads other objects (through `objects`), so it runs once all of them are known; cross-object
   * rules always do.
   * @default false - `objects` is not given to the rule
   */
  readonly acrossObjects?: boolean;
  /** Reports each problem of the object. */
  check(object: KubeObject, report: Report, objects: ObjectSet): void;
}

/** One problem in one object. */
export interface Finding {
  /** The rule that found it. */
  readonly rule: RuleInfo;
  /** The severity after the environment's or the command line's settings. */
  readonly severity: Severity;
  /** The object's position in the list that was validated. */
  readonly objectIndex: number;
  /** Where in the object. */
  readonly path: ObjectPath;
  /** What is wrong, a clause that reads after the path, e.g. `is "latest", which changes under a running Deployment`. */
  readonly problem: string;
  /** How to fix it. */
  readonly fix: string;
  /**
   * The written reason when a waiver covers the finding; a waived finding never fails anything.
   * @default - not waived
   */
  readonly waiver?: string;
}

/** `an API-server rule`, for messages. */
export function describeGroup(group: RuleGroup): string {
  return { schema: 'a schema rule', 'api-server': 'an API-server rule', 'cross-object': 'a cross-object rule', policy: 'a policy rule' }[group];
}

/** Declares the rules of a group, each with the group set. */
export function defineRules<const T extends readonly Omit<ObjectRule, 'group'>[]>(group: RuleGroup, rules: T): { readonly [K in keyof T]: T[K] & { readonly group: RuleGroup } } {
  return rules.map((rule) => ({ ...rule, group })) as never;
}
