/**
 * The most pods one service may run, as a fixed count or as its autoscaler's maximum.
 *
 * A value above it is almost surely a slip (an extra zero or two, `1000000000` for `10`), which would ask the
 * scheduler for more pods than a cluster holds: Kubernetes documents its large-cluster limits as 110 pods per
 * node and 150,000 pods in all. A service that truly needs more than a thousand pods is better split (by shard,
 * tenant or region) than run as one Deployment, whose rollout at the default 25% surge would start 250 pods at once.
 */
export const MAX_REPLICAS = 1000;
