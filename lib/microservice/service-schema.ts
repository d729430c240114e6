import { isIP } from 'node:net';
import * as v from 'valibot';
import { either, falseValue, fields, FieldSchemas, list, nonEmptyText, oneOf, Schema, text, urlPath, valid, wholeNumber, yesOrNo } from '../schema/field-schemas';
import { expected } from '../schema/mistake-message';
import { hostProblem } from '../validation/names';
import type { PolicyRuleId } from '../validation/policy-rules';
import type { PolicyWaiver } from '../validation/policy-settings';
import type { ConfigValues } from './config-map';
import type { HealthCheck } from './health-check';
import { healthCheck } from './health-check-schema';
import type { AutoscalingOptions } from './horizontal-pod-autoscaler';
import type { ImageReference, ImageSpec } from './image';
import type { IngressRuleOptions } from './ingress-rule';
import type { HealthOptions, MetricsOptions, ServiceDefinition, ServiceSpec, SpreadOptions } from './microservice-props';
import type { ExternalEgress } from './network-policy';
import type { DisruptionBudgetOptions } from './pod-disruption-budget';
import type { ServicePort } from './ports';
import { PRIORITY_TIERS } from './priority-tier';
import { MAX_REPLICAS } from './replica-limit';
import type { ResourceRange, ResourceSpec } from './resources';
import type { RolloutOptions } from './rollout';
import type { SecurityOptions } from './security';

// The shape and types of a service definition, checked when it is defined: values that bypassed the TypeScript
// types (computed at run time, read from JSON, `as any`) and misspelt fields. What needs more than one field, or
// the environment, is checked where the objects are built (ports used twice, a request above its limit).

/** A port number. */
const PORT_NUMBER = wholeNumber({ min: 1, max: 65535, what: 'a port number' });

/** A port referred to by name, as `health.port` and `ingress.port` are. */
const PORT_NAME = nonEmptyText('a port name such as "http"');

/** A count or a percentage, e.g. a surge or a disruption budget. */
const COUNT_OR_PERCENTAGE = either<number | string>('a count such as 1 or a percentage such as "25%"', { number: wholeNumber({ min: 0, what: 'a count' }), string: text() });

const WHY_MAX_REPLICAS = 'more pods than that for one service is almost surely a slip; split a service that truly needs more';

/** A pod count when not autoscaled. */
export const REPLICAS = wholeNumber({ min: 0, max: MAX_REPLICAS, what: 'a replica count', whyMax: WHY_MAX_REPLICAS });

/** A bound of autoscaling. */
const REPLICA_BOUND = wholeNumber({ min: 1, max: MAX_REPLICAS, what: 'a replica count', whyMax: WHY_MAX_REPLICAS });

/** The image written as its parts. */
export const IMAGE_REFERENCE = fields<ImageReference>(
  {
    repository: nonEmptyText('a registry and repository such as "ghcr.io/acme/api"'),
    tag: v.optional(nonEmptyText('a release tag such as "1.4.2"')),
    digest: v.optional(nonEmptyText('a digest such as "sha256:…"')),
  },
  { owner: 'an image', expected: 'an image such as { repository: "ghcr.io/acme/api", tag: "1.4.2" }' },
);

/** The image: one string, or its parts. */
export const IMAGE = either<ImageSpec>('an image pinned by tag or digest, such as "ghcr.io/acme/api:1.4.2"', {
  string: nonEmptyText('an image pinned by tag or digest, such as "ghcr.io/acme/api:1.4.2"'),
  object: IMAGE_REFERENCE,
});

const SERVICE_PORT = fields<ServicePort>(
  { name: nonEmptyText('a port name such as "http"'), port: PORT_NUMBER, protocol: v.optional(oneOf(['TCP', 'UDP'])) },
  { owner: 'a port', expected: 'a port such as { name: "http", port: 8080 }' },
);

const RESOURCE_RANGE = fields<ResourceRange>(
  { request: v.optional(nonEmptyText('a Kubernetes quantity such as "250m" or "256Mi"')), limit: v.optional(nonEmptyText('a Kubernetes quantity such as "1" or "512Mi"')) },
  { owner: 'a resource', expected: 'a request and limit such as { request: "250m", limit: "1" }' },
);

/** Requests and limits. */
export const RESOURCES = fields<ResourceSpec>(
  { cpu: v.optional(RESOURCE_RANGE), memory: v.optional(RESOURCE_RANGE), ephemeralStorage: v.optional(RESOURCE_RANGE) },
  { owner: 'resources', expected: 'resources such as { cpu: { request: "250m" }, memory: { limit: "512Mi" } }' },
);

const HEALTH = fields<HealthOptions>(
  { path: urlPath('/readyz'), livenessPath: v.optional(urlPath('/livez')), port: v.optional(PORT_NAME) },
  { owner: 'health', expected: 'health checks such as { path: "/readyz", livenessPath: "/livez" }' },
);

const SECONDS = wholeNumber({ min: 0, what: 'a number of seconds' });

/** Rollout tuning. */
export const ROLLOUT = fields<RolloutOptions>(
  {
    maxSurge: v.optional(COUNT_OR_PERCENTAGE),
    minReadySeconds: v.optional(SECONDS),
    drainSeconds: v.optional(SECONDS),
    preStopCommand: v.optional(commandList('a command such as ["sleep", "10"]')),
    terminationGracePeriodSeconds: v.optional(SECONDS),
    revisionHistoryLimit: v.optional(wholeNumber({ min: 0, what: 'a number of revisions' })),
  },
  { owner: 'rollout', expected: 'rollout options such as { drainSeconds: 10 }' },
);

const INGRESS_ENTRIES: FieldSchemas<IngressRuleOptions> = {
  hosts: v.optional(list(valid(nonEmptyText('a host name such as "api.example.com"'), hostProblem, hostFix), 'a list of host names such as ["api.example.com"]')),
  subdomain: v.optional(nonEmptyText('a subdomain such as "api"')),
  paths: v.optional(list(urlPath('/api'), 'a list of paths such as ["/"]')),
  port: v.optional(PORT_NAME),
};
const INGRESS_WORDS = { owner: 'ingress', expected: 'ingress options such as { subdomain: "api" }, or false' };

/** Routing from the environment's Ingress, or `false`. */
export const INGRESS = either<IngressRuleOptions | false>(INGRESS_WORDS.expected, { object: fields<IngressRuleOptions>(INGRESS_ENTRIES, INGRESS_WORDS), false: falseValue() });

const AUTOSCALING_WORDS = { owner: 'autoscaling', expected: 'autoscaling bounds such as { minReplicas: 2, maxReplicas: 10 }, or false' };
const UTILIZATION = wholeNumber({ min: 1, max: 100, what: 'a percentage' });

/** Autoscaling bounds, or `false`. */
const AUTOSCALING = either<AutoscalingOptions | false>(AUTOSCALING_WORDS.expected, {
  object: fields<AutoscalingOptions>(
    { minReplicas: v.optional(REPLICA_BOUND), maxReplicas: REPLICA_BOUND, cpuUtilization: v.optional(UTILIZATION), memoryUtilization: v.optional(UTILIZATION) },
    AUTOSCALING_WORDS,
  ),
  false: falseValue(),
});

/** Autoscaling bounds changed by an environment: any of them, or `false`. */
export const AUTOSCALING_OVERRIDE = either<Partial<AutoscalingOptions> | false>(AUTOSCALING_WORDS.expected, {
  object: fields<Partial<AutoscalingOptions>>(
    { minReplicas: v.optional(REPLICA_BOUND), maxReplicas: v.optional(REPLICA_BOUND), cpuUtilization: v.optional(UTILIZATION), memoryUtilization: v.optional(UTILIZATION) },
    AUTOSCALING_WORDS,
  ),
  false: falseValue(),
});

/** Plain configuration: names to strings, numbers or booleans. */
export const CONFIG: Schema<ConfigValues> = v.record(
  v.string(),
  either<string | number | boolean>('a string, number or boolean', { string: text(), number: v.number(expected('a finite number')), boolean: yesOrNo() }),
  expected('config such as { LOG_LEVEL: "info" }'),
);

/** Networks outside the cluster. */
export const EGRESS = list(
  fields<ExternalEgress>(
    { cidr: nonEmptyText('a network such as "10.20.0.0/16"'), ports: list(PORT_NUMBER, 'a list of port numbers such as [5432]'), description: v.optional(text()) },
    { owner: 'an egress rule', expected: 'an egress rule such as { cidr: "10.20.0.0/16", ports: [5432] }' },
  ),
  'a list of egress rules such as [{ cidr: "10.20.0.0/16", ports: [5432] }]',
);

/** Placement. */
export const SPREAD = fields<SpreadOptions>({ zones: v.optional(yesOrNo()) }, { owner: 'spread', expected: 'placement such as { zones: true }' });

/** The disruption budget. */
export const DISRUPTION_BUDGET = fields<DisruptionBudgetOptions>({ maxUnavailable: v.optional(COUNT_OR_PERCENTAGE) }, { owner: 'disruptionBudget', expected: 'a budget such as { maxUnavailable: 1 }' });

const SECURITY = fields<SecurityOptions>(
  {
    runAsUser: v.optional(wholeNumber({ min: 0, what: 'a user id' })),
    runAsGroup: v.optional(wholeNumber({ min: 0, what: 'a group id' })),
    readOnlyRootFilesystem: v.optional(yesOrNo()),
    writablePaths: v.optional(list(nonEmptyText('an absolute path such as "/tmp"'), 'a list of paths such as ["/tmp"]')),
    addCapabilities: v.optional(list(nonEmptyText('a capability such as "NET_BIND_SERVICE"'), 'a list of capabilities such as ["NET_BIND_SERVICE"]')),
    automountServiceAccountToken: v.optional(yesOrNo()),
  },
  { owner: 'security', expected: 'security options such as { runAsUser: 10001 }' },
);

const METRICS = fields<MetricsOptions>({ port: PORT_NAME, path: v.optional(urlPath('/metrics')) }, { owner: 'metrics', expected: 'a metrics endpoint such as { port: "http", path: "/metrics" }' });

const WAIVER = fields<PolicyWaiver>(
  {
    rule: v.custom<PolicyRuleId>((input) => typeof input === 'string' && input.length > 0, expected('the id of a policy rule, such as "read-only-root-fs"')),
    reason: nonEmptyText('a sentence on why the rule does not apply'),
  },
  { owner: 'a waiver', expected: 'a waiver such as { rule: "read-only-root-fs", reason: "…" }' },
);

const HEALTH_CHECK: Schema<HealthCheck> = healthCheck();

const SPEC_ENTRIES: FieldSchemas<ServiceSpec> = {
  image: IMAGE,
  description: v.optional(text()),
  component: v.optional(nonEmptyText('a role such as "api", "frontend" or "worker"')),
  command: v.optional(commandList('a command such as ["node", "server.js"]')),
  args: v.optional(commandList('arguments such as ["--port", "8080"]')),
  ports: v.optional(list(SERVICE_PORT, 'a list of ports such as [{ name: "http", port: 8080 }]')),
  replicas: v.optional(REPLICAS),
  resources: v.optional(RESOURCES),
  health: v.optional(HEALTH),
  readiness: v.optional(HEALTH_CHECK),
  liveness: v.optional(HEALTH_CHECK),
  startup: v.optional(either<HealthCheck | false>('a HealthCheck, or false', { object: HEALTH_CHECK, false: falseValue() })),
  rollout: v.optional(ROLLOUT),
  ingress: v.optional(INGRESS),
  config: v.optional(CONFIG),
  secrets: v.optional(list(nonEmptyText('a secret key such as "DATABASE_URL"'), 'a list of secret keys such as ["DATABASE_URL"]')),
  autoscaling: v.optional(AUTOSCALING),
  disruptionBudget: v.optional(DISRUPTION_BUDGET),
  spread: v.optional(SPREAD),
  security: v.optional(SECURITY),
  metrics: v.optional(METRICS),
  priority: v.optional(oneOf(PRIORITY_TIERS)),
  dependsOn: v.optional(list(nonEmptyText('a service name such as "api"'), 'a list of service names such as ["api"]')),
  egress: v.optional(EGRESS),
  waivers: v.optional(list(WAIVER, 'a list of waivers such as [{ rule: "read-only-root-fs", reason: "…" }]')),
};

/** A service definition as `defineService` takes it. */
export const SERVICE_DEFINITION = fields<ServiceDefinition>(
  { name: nonEmptyText('a service name such as "api"'), ...SPEC_ENTRIES },
  { owner: 'a service', expected: 'a service definition such as { name: "api", image: "ghcr.io/acme/api:1.4.2" }' },
);

/** How to write a host that is not a host name. */
function hostFix(host: string): string {
  return isIP(host) ? 'use a DNS name that points at it, such as "api.example.com"' : 'use a lowercase host such as "api.example.com"';
}

/** A command or its arguments: a list of non-empty strings (an empty one is an unset variable more often than a wish). */
function commandList(description: string): Schema<string[]> {
  return list(nonEmptyText('a non-empty string', 'remove it, or give it its value (an empty element is most often a variable that was not set)'), description);
}
