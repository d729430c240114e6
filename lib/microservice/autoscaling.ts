import type { HorizontalPodAutoscalerSpec, MetricSpec } from '../kubernetes/api';
import { ShipshapeError } from '../errors';

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
  if (!Number.isInteger(minReplicas) || minReplicas < 1) {
    throw new ShipshapeError({ field: 'autoscaling.minReplicas' }, `${minReplicas} is not a replica count of 1 or more`, 'use a whole number of at least 1 (2 keeps the service up during node drains)');
  }
  if (maxReplicas === undefined) {
    throw new ShipshapeError({ field: 'autoscaling.maxReplicas' }, 'is missing', `set maxReplicas to ${minReplicas} or more`);
  }
  if (!Number.isInteger(maxReplicas) || maxReplicas < minReplicas) {
    throw new ShipshapeError({ field: 'autoscaling.maxReplicas' }, `${maxReplicas} is below minReplicas ${minReplicas}`, `set maxReplicas to ${minReplicas} or more`);
  }
  const cpuUtilization = options.cpuUtilization ?? 70;
  for (const [field, value] of [['autoscaling.cpuUtilization', cpuUtilization], ['autoscaling.memoryUtilization', options.memoryUtilization]] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < 1 || value > 100)) {
      throw new ShipshapeError({ field }, `${value} is not a percentage from 1 to 100`, 'use e.g. 70');
    }
  }
  return { minReplicas, maxReplicas, cpuUtilization, memoryUtilization: options.memoryUtilization };
}

/** The autoscaling/v2 HPA spec for a Deployment. */
export function renderAutoscalerSpec(deploymentName: string, autoscaling: ResolvedAutoscaling): HorizontalPodAutoscalerSpec {
  const metrics: MetricSpec[] = [utilization('cpu', autoscaling.cpuUtilization)];
  if (autoscaling.memoryUtilization !== undefined) metrics.push(utilization('memory', autoscaling.memoryUtilization));
  return {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: deploymentName },
    minReplicas: autoscaling.minReplicas,
    maxReplicas: autoscaling.maxReplicas,
    metrics,
    // Scale up at once, scale down slowly: a brief dip in load should not shed capacity.
    behavior: {
      scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }] },
    },
  };
}

function utilization(name: 'cpu' | 'memory', averageUtilization: number): MetricSpec {
  return { type: 'Resource', resource: { name, target: { type: 'Utilization', averageUtilization } } };
}
