import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';

/** How often and how patiently a probe checks. */
export interface ProbeTiming {
  /**
   * Seconds between checks.
   * @default - 5 for readiness, 10 for liveness, 2 for startup
   */
  readonly periodSeconds?: number;
  /**
   * Seconds one check may take.
   * @default 2
   */
  readonly timeoutSeconds?: number;
  /**
   * Failed checks in a row before the probe fails.
   * @default - 3 for readiness and liveness, 60 for startup (two minutes to start)
   */
  readonly failureThreshold?: number;
  /**
   * Seconds to wait after the container starts before the first check.
   * Rarely needed: the startup probe holds the others back until the app is up.
   * @default 0
   */
  readonly initialDelaySeconds?: number;
}

/** Options of an HTTP or TCP check. */
export interface NetworkCheckOptions extends ProbeTiming {
  /**
   * The container port to check, by name or number.
   * @default - the service's first port
   */
  readonly port?: string | number;
}

/** What a check does, kept as data so two checks can be compared. */
export type CheckAction =
  | { readonly kind: 'http'; readonly path: string; readonly port?: string | number }
  | { readonly kind: 'tcp'; readonly port?: string | number }
  | { readonly kind: 'exec'; readonly command: readonly string[] };

/**
 * A health check: an HTTP GET, a TCP connect or a command, with its timing.
 * Used for readiness, liveness and startup probes.
 */
export class HealthCheck {
  /** Healthy when `GET path` answers 200–399. */
  public static http(path: string, options: NetworkCheckOptions = {}): HealthCheck {
    const { port, ...timing } = options;
    return new HealthCheck({ kind: 'http', path, port }, timing);
  }

  /** Healthy when the port accepts a TCP connection: "the process is alive", independent of its dependencies. */
  public static tcp(options: NetworkCheckOptions = {}): HealthCheck {
    const { port, ...timing } = options;
    return new HealthCheck({ kind: 'tcp', port }, timing);
  }

  /** Healthy when the command exits 0 inside the container: for workers without a port. */
  public static exec(command: readonly string[], timing: ProbeTiming = {}): HealthCheck {
    return new HealthCheck({ kind: 'exec', command: [...command] }, timing);
  }

  private constructor(
    /** What the check does. */
    public readonly action: CheckAction,
    /** How often and how patiently. */
    public readonly timing: ProbeTiming,
  ) {}

  /** True when both checks would hit the same handler: same path and port, same command. */
  public sameActionAs(other: HealthCheck, defaultPort: string | number | undefined): boolean {
    return JSON.stringify(normalize(this.action, defaultPort)) === JSON.stringify(normalize(other.action, defaultPort));
  }

  /**
   * The cdk8s-plus-27 probe, with the role's timing defaults under the check's own timing.
   * @param port the number of the port an HTTP or TCP check targets: its own port or the service's first,
   *   resolved by the caller (cdk8s-plus-27 probes take numbers)
   */
  public toProbe(defaults: Required<ProbeTiming>, port: number | undefined): kplus.Probe {
    const timing: Required<ProbeTiming> = { ...defaults, ...this.timing };
    const options = {
      initialDelaySeconds: Duration.seconds(timing.initialDelaySeconds),
      periodSeconds: Duration.seconds(timing.periodSeconds),
      timeoutSeconds: Duration.seconds(timing.timeoutSeconds),
      successThreshold: 1,
      failureThreshold: timing.failureThreshold,
    };
    switch (this.action.kind) {
      case 'http':
        return kplus.Probe.fromHttpGet(this.action.path, { ...options, port });
      case 'tcp':
        return kplus.Probe.fromTcpSocket({ ...options, port });
      case 'exec':
        return kplus.Probe.fromCommand([...this.action.command], options);
    }
  }
}

function normalize(action: CheckAction, defaultPort: string | number | undefined): CheckAction {
  return action.kind === 'exec' ? action : { ...action, port: action.port ?? defaultPort };
}

/** Timing defaults per probe role, chosen so liveness gives up later than readiness. */
export const PROBE_DEFAULTS = {
  readiness: { periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 3, initialDelaySeconds: 0 },
  liveness: { periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3, initialDelaySeconds: 0 },
  startup: { periodSeconds: 2, timeoutSeconds: 2, failureThreshold: 60, initialDelaySeconds: 0 },
} as const satisfies Record<string, Required<ProbeTiming>>;
