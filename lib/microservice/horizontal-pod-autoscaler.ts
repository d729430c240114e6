import { ApiObjectMetadata, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { ShipshapeError } from '../errors';
import { MAX_REPLICAS } from './replica-limit';

/** Horizontal autoscaling on CPU (and optionally memory) through the standard HPA API. */
export interface AutoscalingOptions {
  /**
   * The fewest replicas; at least 2 keeps the service up while a node drains.
   * @default 2
   */
  readonly minReplicas?: number;
  /** The most replicas. */
  readonly maxReplicas: number;
  /**
   * Target average CPU use, in percent of the CPU request.
   * @default 70
   */
  readonly cpuUtilization?: number;
  /**
   * Target average memory use, in percent of the memory request.
   * @default - memory does not drive scaling
   */
  readonly memoryUtilization?: number;
}

/** Autoscaling bounds after defaults, checked. */
export interface ResolvedAutoscaling {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly cpuUtilization: number;
  readonly memoryUtilization?: number;
}

/** Applies defaults and checks the bounds. */
export function resolveAutoscaling(options: AutoscalingOptions): ResolvedAutoscaling {
  const minReplicas = options.minReplicas ?? 2;
  const { maxReplicas } = options;
  if (!Number.isInteger(minReplicas) || minReplicas < 1 || minReplicas > MAX_REPLICAS) {
    throw new ShipshapeError({ field: 'autoscaling.minReplicas' }, `${JSON.stringify(minReplicas)} is not a replica count from 1 to ${MAX_REPLICAS}`, 'use a whole number of at least 1 (2 keeps the service up during node drains)');
  }
  if (maxReplicas === undefined) {
    throw new ShipshapeError({ field: 'autoscaling.maxReplicas' }, 'is missing', `set maxReplicas to ${minReplicas} or more`);
  }
  if (!Number.isInteger(maxReplicas) || maxReplicas < minReplicas) {
    throw new ShipshapeError({ field: 'autoscaling.maxReplicas' }, `${JSON.stringify(maxReplicas)} is below minReplicas ${minReplicas}`, `set maxReplicas to ${minReplicas} or more`);
  }
  if (maxReplicas > MAX_REPLICAS) {
    throw new ShipshapeError({ field: 'autoscaling.maxReplicas' }, `${maxReplicas} is more than the ${MAX_REPLICAS} replicas one service may run`, `use at most ${MAX_REPLICAS}; split a service that truly needs more`);
  }
  const cpuUtilization = options.cpuUtilization ?? 70;
  for (const [field, value] of [['autoscaling.cpuUtilization', cpuUtilization], ['autoscaling.memoryUtilization', options.memoryUtilization]] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < 1 || value > 100)) {
      throw new ShipshapeError({ field }, `${value} is not a percentage from 1 to 100`, 'use e.g. 70');
    }
  }
  return { minReplicas, maxReplicas, cpuUtilization, memoryUtilization: options.memoryUtilization };
}

/**
 * The HorizontalPodAutoscaler (autoscaling/v2) of a Deployment: scale up at once, as Kubernetes does by default
 * (written out, since cdk8s-plus-27's own default is slower), and scale down slowly, so that a brief dip in
 * load does not shed capacity.
 */
export function horizontalPodAutoscaler(scope: Construct, id: string, metadata: ApiObjectMetadata, target: kplus.Deployment, autoscaling: ResolvedAutoscaling): kplus.HorizontalPodAutoscaler {
  const metrics = [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(autoscaling.cpuUtilization))];
  if (autoscaling.memoryUtilization !== undefined) metrics.push(kplus.Metric.resourceMemory(kplus.MetricTarget.averageUtilization(autoscaling.memoryUtilization)));
  return new kplus.HorizontalPodAutoscaler(scope, id, {
    metadata,
    target,
    minReplicas: autoscaling.minReplicas,
    maxReplicas: autoscaling.maxReplicas,
    metrics,
    scaleUp: {
      strategy: kplus.ScalingStrategy.MAX_CHANGE,
      stabilizationWindow: Duration.seconds(0),
      policies: [
        { replicas: kplus.Replicas.percent(100), duration: Duration.seconds(15) },
        { replicas: kplus.Replicas.absolute(4), duration: Duration.seconds(15) },
      ],
    },
    scaleDown: {
      strategy: kplus.ScalingStrategy.MAX_CHANGE,
      stabilizationWindow: Duration.minutes(5),
      policies: [{ replicas: kplus.Replicas.percent(50), duration: Duration.minutes(1) }],
    },
  });
}
