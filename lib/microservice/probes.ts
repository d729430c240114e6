import type * as kplus from 'cdk8s-plus-27';
import { ShipshapeError } from '../errors';
import { HealthCheck, PROBE_DEFAULTS } from './health-check';
import type { ServiceSpec } from './microservice-props';
import { findPort, ServicePort } from './ports';

/** A probe's check and the definition field it was written in. */
export interface ProbeSource {
  readonly check: HealthCheck;
  /** e.g. `health.path`, `readiness`. */
  readonly field: string;
}

/** The three probes of a service's container, each with where it was written. */
export interface ServiceProbes {
  readonly readiness?: ProbeSource;
  readonly liveness?: ProbeSource;
  readonly startup?: ProbeSource;
}

/**
 * Works out the service's probes from `health` or the full form, and refuses the combinations that
 * hurt in production: a service with ports and no readiness, liveness checking what readiness checks,
 * a check of a port the service does not declare.
 */
export function serviceProbes(spec: ServiceSpec, ports: readonly ServicePort[]): ServiceProbes {
  const health = spec.health;
  const defaultPort = ports[0]?.name;
  if (health?.port !== undefined) findPort(ports, health.port, 'health.port');
  const port = health?.port ?? defaultPort;
  if (health && port === undefined) {
    throw new ShipshapeError({ field: 'health' }, 'declares HTTP checks but the service has no port', 'add a port, or use readiness/liveness with HealthCheck.exec');
  }
  const readiness: ProbeSource | undefined = spec.readiness
    ? { check: spec.readiness, field: 'readiness' }
    : health ? { check: HealthCheck.http(health.path, { port }), field: 'health.path' } : undefined;
  const liveness: ProbeSource | undefined = spec.liveness
    ? { check: spec.liveness, field: 'liveness' }
    : health ? (health.livenessPath ? { check: HealthCheck.http(health.livenessPath, { port }), field: 'health.livenessPath' } : { check: HealthCheck.tcp({ port }), field: 'health' }) : undefined;
  const startup: ProbeSource | undefined = spec.startup === false
    ? undefined
    : spec.startup ? { check: spec.startup, field: 'startup' } : readiness && { check: withOwnTiming(readiness.check), field: readiness.field };

  for (const [role, probe] of [['readiness', readiness], ['liveness', liveness], ['startup', startup]] as const) {
    if (probe && probe.check.action.kind !== 'exec') {
      const reference = probe.check.action.port ?? defaultPort;
      if (reference === undefined) throw new ShipshapeError({ field: role }, 'checks a port but the service has no port', 'add a port, or use HealthCheck.exec');
      findPort(ports, reference, `${role}.port`);
    }
  }
  if (ports.length > 0 && !readiness) {
    throw new ShipshapeError(
      { field: 'readiness' },
      'is missing, so the service would get traffic before it can answer',
      "add health: { path: '/healthz' } or readiness: HealthCheck.http('/ready')",
    );
  }
  if (readiness && liveness && readiness.check.sameActionAs(liveness.check, defaultPort)) {
    throw new ShipshapeError(
      { field: liveness.field },
      'checks the same thing as readiness, so a slow dependency would restart every pod at once',
      'use a separate liveness path (health.livenessPath) or a TCP check (HealthCheck.tcp())',
    );
  }
  return { readiness, liveness, startup };
}

/** The container's cdk8s-plus-27 probes, with each role's timing defaults. */
export function containerProbes(probes: ServiceProbes, ports: readonly ServicePort[]): Pick<kplus.ContainerProps, 'readiness' | 'liveness' | 'startup'> {
  const probe = (source: ProbeSource | undefined, defaults: (typeof PROBE_DEFAULTS)[keyof typeof PROBE_DEFAULTS]) => {
    if (!source) return undefined;
    const { action } = source.check;
    const port = action.kind === 'exec' ? undefined : findPort(ports, action.port ?? ports[0].name, source.field).port;
    return source.check.toProbe(defaults, port);
  };
  return {
    readiness: probe(probes.readiness, PROBE_DEFAULTS.readiness),
    liveness: probe(probes.liveness, PROBE_DEFAULTS.liveness),
    startup: probe(probes.startup, PROBE_DEFAULTS.startup),
  };
}

/** The readiness check's handler with the startup role's own timing: a startup probe is patient where readiness is quick. */
function withOwnTiming(check: HealthCheck): HealthCheck {
  const { action } = check;
  switch (action.kind) {
    case 'http':
      return HealthCheck.http(action.path, { port: action.port });
    case 'tcp':
      return HealthCheck.tcp({ port: action.port });
    case 'exec':
      return HealthCheck.exec(action.command);
  }
}
