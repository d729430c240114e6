import type { AutoscalingOptions } from './horizontal-pod-autoscaler';
import type { ConfigValues } from './config-map';
import type { HealthCheck } from './health-check';
import type { ImageSpec } from './image';
import type { IngressRuleOptions } from './ingress-rule';
import type { ExternalEgress, NetworkAccess } from './network-policy';
import type { DisruptionBudgetOptions } from './pod-disruption-budget';
import type { ServicePort } from './ports';
import type { PriorityTier } from './priority-tier';
import type { ResourceSpec } from './resources';
import type { RolloutOptions } from './rollout';
import type { SecurityOptions } from './security';
import type { PolicyWaiver } from '../validation/policy-settings';

/** The simple way to declare health checks for an HTTP service. */
export interface HealthOptions {
  /** The readiness path: answers 200 when the service can take traffic (its dependencies are reachable). Also used by the startup probe. */
  readonly path: string;
  /**
   * A separate liveness path: answers 200 while the process is not stuck. Leave it out to use a TCP check, which
   * does not restart pods when a dependency is down.
   * @default - liveness is a TCP connect to the same port
   */
  readonly livenessPath?: string;
  /**
   * The port to check, by name.
   * @default - the service's first port
   */
  readonly port?: string;
}

/** Where Prometheus scrapes the service's metrics. */
export interface MetricsOptions {
  /** The port name serving metrics. */
  readonly port: string;
  /**
   * The metrics path.
   * @default '/metrics'
   */
  readonly path?: string;
}

/** Pod placement across failure domains. */
export interface SpreadOptions {
  /**
   * Also spread replicas across availability zones (`topology.kubernetes.io/zone`).
   * @default false
   */
  readonly zones?: boolean;
}

/**
 * What a service team writes about their service: the same in every environment.
 * Environments change the fields listed in `ServiceOverrides`.
 */
export interface ServiceSpec {
  /** The container image, pinned by tag or digest: `ghcr.io/acme/api:1.4.2`. */
  readonly image: ImageSpec;
  /**
   * One line on what the service does; shown as an annotation.
   * @default - none
   */
  readonly description?: string;
  /**
   * The service's role (`app.kubernetes.io/component`), e.g. `api`, `frontend`, `worker`.
   * @default 'server'
   */
  readonly component?: string;
  /**
   * The container's entrypoint.
   * @default - the image's ENTRYPOINT
   */
  readonly command?: readonly string[];
  /**
   * Arguments to the entrypoint.
   * @default - the image's CMD
   */
  readonly args?: readonly string[];
  /**
   * Ports the container listens on; each is exposed by the service's ClusterIP Service under its name.
   * @default [] - no Service is created
   */
  readonly ports?: readonly ServicePort[];
  /**
   * Pod count when the service is not autoscaled.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * CPU, memory and scratch-disk requests and limits.
   * @default - 100m/500m CPU, 128Mi/256Mi memory, 64Mi/256Mi ephemeral storage
   */
  readonly resources?: ResourceSpec;
  /**
   * HTTP health checks in one line: readiness and startup on `path`, liveness on `livenessPath` or a TCP check.
   * @default - use readiness/liveness/startup
   */
  readonly health?: HealthOptions;
  /**
   * The readiness probe: while it fails, the pod gets no traffic. Required for a service with ports.
   * @default - from `health`
   */
  readonly readiness?: HealthCheck;
  /**
   * The liveness probe: when it fails, the container restarts. Must not be the readiness check.
   * @default - from `health`
   */
  readonly liveness?: HealthCheck;
  /**
   * The startup probe, which holds the others back while the app starts; `false` for none.
   * @default - the readiness check, allowed two minutes
   */
  readonly startup?: HealthCheck | false;
  /**
   * Rollout tuning: surge, drain pause, grace period, history.
   * @default - maxSurge 25%, maxUnavailable 0, minReadySeconds 10, 10 s drain, 40 s grace
   */
  readonly rollout?: RolloutOptions;
  /**
   * Route traffic from the environment's Ingress to this service; `false` for none.
   * @default - not exposed
   */
  readonly ingress?: IngressRuleOptions | false;
  /**
   * Plain configuration, loaded as environment variables from the `<name>-config` ConfigMap.
   * @default {}
   */
  readonly config?: ConfigValues;
  /**
   * Names of the secret values the service needs, loaded as environment variables from the `<name>-secrets` Secret.
   * The environment's encrypted store must provide each one.
   * @default []
   */
  readonly secrets?: readonly string[];
  /**
   * Horizontal autoscaling; when set, the HPA owns the replica count. `false` turns it off.
   * @default - a fixed replica count
   */
  readonly autoscaling?: AutoscalingOptions | false;
  /**
   * The PodDisruptionBudget, created whenever more than one replica can run.
   * @default { maxUnavailable: 1 }
   */
  readonly disruptionBudget?: DisruptionBudgetOptions;
  /**
   * Spread replicas across nodes (always) and zones (when asked).
   * @default { zones: false }
   */
  readonly spread?: SpreadOptions;
  /**
   * How much the pods matter when the cluster runs short: the environment's PriorityClass of this tier
   * (`<namespace>-<tier>`) is set on them.
   * @default 'standard'
   */
  readonly priority?: PriorityTier;
  /**
   * Security settings; every default is the restrictive one.
   * @default - non-root uid/gid 10001, read-only root, no privilege escalation, all capabilities dropped, RuntimeDefault seccomp, no token
   */
  readonly security?: SecurityOptions;
  /**
   * Prometheus scrape annotations for a metrics endpoint.
   * @default - not scraped
   */
  readonly metrics?: MetricsOptions;
  /**
   * Services this one calls, by name. The environment allows exactly this traffic through its NetworkPolicies.
   * @default []
   */
  readonly dependsOn?: readonly string[];
  /**
   * Networks outside the cluster this service calls (databases, third-party APIs).
   * @default []
   */
  readonly egress?: readonly ExternalEgress[];
  /**
   * Policy rules this service does not follow, each with a written reason (shown in the synth summary).
   * Only best-practice policy rules can be waived, never what the API server enforces.
   * @default []
   */
  readonly waivers?: readonly PolicyWaiver[];
}

/** A service definition: its name plus its spec. What `services/<name>.ts` exports. */
export interface ServiceDefinition extends ServiceSpec {
  /** The service name: a DNS-1035 label, used for the Deployment, Service and every other object. */
  readonly name: string;
}

/** Props of the Microservice construct: a service spec placed in an environment. */
export interface MicroserviceProps extends ServiceSpec {
  /**
   * The environment the service runs in, for labels and error messages.
   * @default 'default'
   */
  readonly environment?: string;
  /**
   * The namespace of every object.
   * @default - the environment name
   */
  readonly namespace?: string;
  /**
   * The system the service is part of (`app.kubernetes.io/part-of`).
   * @default 'shipshape'
   */
  readonly partOf?: string;
  /**
   * The environment's DNS domain, under which `ingress.subdomain` is placed.
   * @default - ingress must name full hosts
   */
  readonly domain?: string;
  /**
   * A fingerprint of the service's encrypted secret values; a change rolls the pods.
   * @default - no secrets annotation
   */
  readonly secretsDigest?: string;
  /**
   * Traffic the service's NetworkPolicy allows, on top of the namespace's default deny.
   * @default - only `egress`
   */
  readonly network?: NetworkAccess;
}
