import { ApiObject, JsonPatch } from 'cdk8s';
import { KubePriorityClass } from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';
import { PRIORITY_TIERS, priorityClassName, PriorityTier } from '../microservice/priority-tier';

/** Props of an environment's PriorityClasses. */
export interface PriorityClassesProps {
  /** The namespace whose pods use the classes: their names start with it. */
  readonly namespace: string;
  /** Labels of every class. */
  readonly labels: Readonly<Record<string, string>>;
}

/** What each tier's class says to the scheduler: its value (higher goes first), whether it evicts lower ones, and why. */
const TIERS: Readonly<Record<PriorityTier, { readonly value: number; readonly preemptionPolicy: string; readonly description: string }>> = {
  critical: { value: 100000, preemptionPolicy: 'PreemptLowerPriority', description: 'Services users wait on: scheduled first, and may evict standard and batch pods to fit.' },
  standard: { value: 10000, preemptionPolicy: 'PreemptLowerPriority', description: 'Services by default: scheduled after critical ones, and may evict batch pods to fit.' },
  batch: { value: 1000, preemptionPolicy: 'Never', description: 'Work that can wait: scheduled last, never evicts another pod.' },
};

/**
 * One PriorityClass per tier, `<namespace>-<tier>`, which the environment's pods name in `priorityClassName`.
 * PriorityClasses are cluster-wide, so each environment has its own, and deleting an environment (or an expired
 * preview) deletes only its own. None is the cluster's global default.
 */
export class PriorityClasses extends Construct {
  /** The classes, by tier. */
  public readonly classes: ReadonlyMap<PriorityTier, KubePriorityClass>;

  public constructor(scope: Construct, id: string, props: PriorityClassesProps) {
    super(scope, id);
    this.classes = new Map(PRIORITY_TIERS.map((tier) => {
      const { value, preemptionPolicy, description } = TIERS[tier];
      const priorityClass = new KubePriorityClass(this, tier, {
        metadata: { name: priorityClassName(props.namespace, tier), labels: { ...props.labels } },
        value,
        preemptionPolicy,
        description,
      });
      // Cluster-scoped: the chart's default namespace is for the objects in the environment's namespace.
      ApiObject.of(priorityClass).addJsonPatch(JsonPatch.remove('/metadata/namespace'));
      return [tier, priorityClass] as const;
    }));
  }
}
