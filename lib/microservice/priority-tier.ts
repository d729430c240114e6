/**
 * How much a service's pods matter when the cluster runs short: the scheduler places pods of a higher tier first
 * and, to fit them, may evict pods of a lower one. `critical` for what users wait on, `standard` for the rest,
 * `batch` for work that can wait (its pods never evict others).
 */
export type PriorityTier = 'critical' | 'standard' | 'batch';

/** The tiers, highest first: each is a PriorityClass per environment. */
export const PRIORITY_TIERS: readonly PriorityTier[] = ['critical', 'standard', 'batch'];

/** The tier of a service that does not choose one. */
export const DEFAULT_PRIORITY_TIER: PriorityTier = 'standard';

/** The name of a tier's PriorityClass in an environment: `<namespace>-<tier>`, as PriorityClasses are cluster-wide. */
export function priorityClassName(namespace: string, tier: PriorityTier): string {
  return `${namespace}-${tier}`;
}
