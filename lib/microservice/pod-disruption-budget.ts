import type { ApiObjectMetadata } from 'cdk8s';
import { IntOrString, KubePodDisruptionBudget } from 'cdk8s-plus-27/lib/imports/k8s';
import type { Construct } from 'constructs';

/** How many pods a voluntary disruption (node drain, upgrade) may take down at once. */
export interface DisruptionBudgetOptions {
  /**
   * Pods that may be unavailable during a drain, as a count or percentage.
   * @default 1
   */
  readonly maxUnavailable?: number | string;
}

/**
 * The service's PodDisruptionBudget (cdk8s-plus-27 has no L2 for it, so its typed L1): a drain takes at
 * most `maxUnavailable` pods at a time. Whether that lets a drain proceed is the policy gate's to check
 * (`pdb-allows-eviction`), so that a service can waive it with a reason.
 */
export function podDisruptionBudget(scope: Construct, id: string, metadata: ApiObjectMetadata, selector: Readonly<Record<string, string>>, options: DisruptionBudgetOptions = {}): KubePodDisruptionBudget {
  const maxUnavailable = options.maxUnavailable ?? 1;
  return new KubePodDisruptionBudget(scope, id, {
    metadata,
    spec: {
      maxUnavailable: typeof maxUnavailable === 'number' ? IntOrString.fromNumber(maxUnavailable) : IntOrString.fromString(maxUnavailable),
      selector: { matchLabels: { ...selector } },
      // A pod that is not ready protects no availability, so a drain may always evict it: otherwise one crash-looping
      // pod blocks every node drain (the default, IfHealthyBudget, counts it against the budget).
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    },
  });
}
