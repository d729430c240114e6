import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { ShipshapeError } from '../errors';

/**
 * How a new release replaces the old one without dropping a request.
 * `maxUnavailable` is always 0: a rollout only removes an old pod once a new one is ready.
 */
export interface RolloutOptions {
  /**
   * Extra pods a rollout may start above the desired count, as a number or a percentage.
   * @default '25%'
   */
  readonly maxSurge?: number | string;
  /**
   * Seconds a new pod must stay ready before it counts as available, so a pod that crashes right after start stops the rollout.
   * @default 10
   */
  readonly minReadySeconds?: number;
  /**
   * Seconds a stopping pod keeps serving (the preStop pause) while endpoints and load balancers stop sending it traffic, before it gets SIGTERM.
   * @default 10
   */
  readonly drainSeconds?: number;
  /**
   * The preStop command that pauses for `drainSeconds`. Change it for images without `sleep` (e.g. distroless: a `sleep` subcommand of the app).
   * @default ['sleep', '<drainSeconds>']
   */
  readonly preStopCommand?: readonly string[];
  /**
   * Seconds from the start of termination to SIGKILL; must leave time after the drain pause for a graceful shutdown.
   * @default drainSeconds + 30
   */
  readonly terminationGracePeriodSeconds?: number;
  /**
   * Old ReplicaSets kept for `kubectl rollout undo`.
   * @default 10
   */
  readonly revisionHistoryLimit?: number;
}

/** What the Deployment and its container get from the rollout options, in cdk8s-plus-27's terms. */
export interface Rollout {
  readonly strategy: kplus.DeploymentStrategy;
  readonly minReady: Duration;
  readonly terminationGracePeriod: Duration;
  readonly preStop: kplus.Handler;
  /** Old ReplicaSets kept, which cdk8s-plus-27 has no property for: set with a JSON patch. */
  readonly revisionHistoryLimit: number;
}

/** A rollout that never lowers capacity: an old pod goes only once a new one is ready. */
export function rollout(options: RolloutOptions = {}): Rollout {
  const drainSeconds = options.drainSeconds ?? 10;
  const maxSurge = options.maxSurge ?? '25%';
  const terminationGracePeriodSeconds = options.terminationGracePeriodSeconds ?? drainSeconds + 30;
  nonNegativeInteger(drainSeconds, 'rollout.drainSeconds');
  nonNegativeInteger(terminationGracePeriodSeconds, 'rollout.terminationGracePeriodSeconds');
  if (terminationGracePeriodSeconds <= drainSeconds) {
    throw new ShipshapeError(
      { field: 'rollout.terminationGracePeriodSeconds' },
      `${terminationGracePeriodSeconds}s does not exceed the ${drainSeconds}s drain pause, so pods are killed before they can shut down`,
      `set it above ${drainSeconds}, e.g. ${drainSeconds + 30}`,
    );
  }
  const percent = typeof maxSurge === 'string' ? /^([1-9][0-9]?|100)%$/.exec(maxSurge) : null;
  if (typeof maxSurge === 'number' ? !(Number.isInteger(maxSurge) && maxSurge > 0) : !percent) {
    throw new ShipshapeError({ field: 'rollout.maxSurge' }, `${JSON.stringify(maxSurge)} is not a positive count or a percentage from 1% to 100%`, 'use e.g. 1 or "25%"; with maxUnavailable 0 a rollout needs room to surge');
  }
  const minReadySeconds = options.minReadySeconds ?? 10;
  nonNegativeInteger(minReadySeconds, 'rollout.minReadySeconds');
  const revisionHistoryLimit = options.revisionHistoryLimit ?? 10;
  nonNegativeInteger(revisionHistoryLimit, 'rollout.revisionHistoryLimit', 'revisions');
  const preStopCommand = options.preStopCommand ?? ['sleep', String(drainSeconds)];
  return {
    strategy: kplus.DeploymentStrategy.rollingUpdate({
      maxSurge: percent ? kplus.PercentOrAbsolute.percent(Number(percent[1])) : kplus.PercentOrAbsolute.absolute(maxSurge as number),
      maxUnavailable: kplus.PercentOrAbsolute.absolute(0),
    }),
    minReady: Duration.seconds(minReadySeconds),
    terminationGracePeriod: Duration.seconds(terminationGracePeriodSeconds),
    preStop: kplus.Handler.fromCommand([...preStopCommand]),
    revisionHistoryLimit,
  };
}

function nonNegativeInteger(value: number, field: string, unit = 'seconds'): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new ShipshapeError({ field }, `${value} is not a whole number of ${unit}`, 'use 0 or more');
  }
}
