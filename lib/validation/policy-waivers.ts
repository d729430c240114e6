import { ShipshapeError } from '../errors';
import { POLICY_RULES } from './policy-rules';
import type { PolicyWaiver } from './policy-settings';
import { describeGroup } from './rule';
import { findRule, isPolicyRule, WAIVER_ANNOTATION_PREFIX } from './validate-objects';

/** Checks a service's waivers: each names a policy rule (only those can be waived) and says why in a sentence. */
export function checkWaivers(waivers: readonly PolicyWaiver[]): void {
  waivers.forEach((waiver, index) => {
    if (!isPolicyRule(waiver.rule)) throw new ShipshapeError({ field: `waivers[${index}].rule` }, notAPolicyRule(waiver.rule), `name one of ${policyRuleList()}`);
    if (typeof waiver.reason !== 'string' || waiver.reason.trim().length < 10) {
      throw new ShipshapeError({ field: `waivers[${index}].reason` }, `waiving ${waiver.rule} needs a written reason`, 'say in a sentence why the rule does not apply to this service');
    }
  });
}

/**
 * The annotations that carry waivers on an object of a kind, `waive.shipshape.dev/<rule>: <reason>`, for each
 * waiver whose rule looks at that kind: so the committed manifests carry the reason, and `shipshape validate`
 * honours it too.
 */
export function waiverAnnotations(kind: string, waivers: readonly PolicyWaiver[]): Record<string, string> {
  const annotations: Record<string, string> = {};
  for (const waiver of waivers) {
    const rule = POLICY_RULES.find((candidate) => candidate.id === waiver.rule);
    if (rule && (rule.kinds === undefined || (rule.kinds as readonly string[]).includes(kind))) annotations[`${WAIVER_ANNOTATION_PREFIX}${waiver.rule}`] = waiver.reason.trim();
  }
  return annotations;
}

/** Why an id cannot be lowered or waived: it is not a policy rule. */
export function notAPolicyRule(id: string): string {
  const rule = findRule(id);
  return rule ? `"${id}" is ${describeGroup(rule.group)}; only policy rules can be lowered or waived, since the cluster enforces the others` : `"${id}" is not a policy rule`;
}

/** Every policy rule's id, for a message. */
export function policyRuleList(): string {
  return POLICY_RULES.map((rule) => rule.id).join(', ');
}
