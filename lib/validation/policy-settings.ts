import type { LoweredSeverity, PolicyRuleId } from './policy-rules';

/** A policy rule a service does not follow, and why: shown in the synth summary and kept as an annotation on the objects. */
export interface PolicyWaiver {
  /** The id of the policy rule, e.g. `read-only-root-fs`. */
  readonly rule: PolicyRuleId;
  /** Why the rule does not apply to this service, in a sentence a reviewer can judge. */
  readonly reason: string;
}

/** How strictly an environment enforces the best-practice policy. */
export interface PolicyOptions {
  /**
   * Policy rules this environment reports as warnings (`'warning'`) or does not run (`'off'`), by id.
   * The schema, API-server and cross-object rules cannot be lowered: the cluster would reject the objects.
   * @default {} - every policy violation is an error, as in production
   */
  readonly severities?: Readonly<Partial<Record<PolicyRuleId, LoweredSeverity>>>;
}
