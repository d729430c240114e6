import { ShipshapeError } from '../errors';
import { checkAgainst, fieldName } from '../schema/schema-mistake';
import { serviceNameProblem } from '../validation/names';
import type { AutoscalingOptions } from './horizontal-pod-autoscaler';
import type { ConfigValues } from './config-map';
import { Image, ImageSpec } from './image';
import type { IngressRuleOptions } from './ingress-rule';
import type { ServiceDefinition, ServiceSpec, SpreadOptions } from './microservice-props';
import type { DisruptionBudgetOptions } from './pod-disruption-budget';
import type { ExternalEgress } from './network-policy';
import type { ResourceSpec } from './resources';
import type { RolloutOptions } from './rollout';
import { SERVICE_DEFINITION } from './service-schema';

/**
 * Declares a service. Checks the definition against its schema first (types, unknown fields, probe paths,
 * replica bounds), since values read from JSON or computed at run time bypass the TypeScript types. The returned
 * definition is plain, frozen data that environments compose; nothing is rendered until an environment places it.
 *
 * @example
 * export const api = defineService({
 *   name: 'api',
 *   image: 'ghcr.io/flowline/api:2.14.0',
 *   ports: [{ name: 'http', port: 8080 }],
 *   health: { path: '/readyz', livenessPath: '/livez' },
 *   ingress: { subdomain: 'api' },
 * });
 */
export function defineService(definition: ServiceDefinition): Readonly<ServiceDefinition> {
  checkAgainst(SERVICE_DEFINITION, definition, (path) => ({ service: nameOf(definition), field: fieldName(path) }));
  const problem = serviceNameProblem(definition.name);
  if (problem) {
    throw new ShipshapeError({ service: definition.name, field: 'name' }, `the service name ${problem}`, 'use a short lowercase name such as "api" or "billing-worker"');
  }
  const defined = Object.freeze({ ...definition });
  DEFINED_SERVICES.add(defined);
  return defined;
}

/** Definitions made by `defineService`: checked, and frozen so that they stay so. */
const DEFINED_SERVICES = new WeakSet<object>();

/** Whether a value is a definition `defineService` made, which needs no second check. */
export function isDefinedService(value: unknown): boolean {
  return typeof value === 'object' && value !== null && DEFINED_SERVICES.has(value);
}

/** The name a definition gives itself, for messages about it; undefined when it has none that can be shown. */
export function nameOf(definition: unknown): string | undefined {
  const name = (definition as { name?: unknown } | null | undefined)?.name;
  return typeof name === 'string' && name.length > 0 ? name : undefined;
}

/** A new release of a service's image: a tag, a digest, or both. */
export interface ImageRelease {
  /**
   * The release tag.
   * @default - keep the definition's tag unless a digest is given
   */
  readonly tag?: string;
  /**
   * The release digest.
   * @default - pull by tag
   */
  readonly digest?: string;
}

/** What an environment may change about a service; anything left out keeps the service's own value. */
export interface ServiceOverrides {
  /**
   * Another image (full reference) or another release of the same repository.
   * @default - the service's image
   */
  readonly image?: ImageSpec | ImageRelease;
  /**
   * Pod count when not autoscaled.
   * @default - the service's replicas
   */
  readonly replicas?: number;
  /**
   * Autoscaling bounds, merged over the service's own; `false` turns autoscaling off.
   * @default - the service's autoscaling
   */
  readonly autoscaling?: Partial<AutoscalingOptions> | false;
  /**
   * Requests and limits, merged over the service's own.
   * @default - the service's resources
   */
  readonly resources?: ResourceSpec;
  /**
   * Config values, merged over the service's own (this environment wins).
   * @default - the service's config
   */
  readonly config?: ConfigValues;
  /**
   * Ingress hosts and paths, merged over the service's own; `false` keeps the service private here.
   * @default - the service's ingress
   */
  readonly ingress?: Partial<IngressRuleOptions> | false;
  /**
   * Outside networks the service may call here; replaces the service's list.
   * @default - the service's egress
   */
  readonly egress?: readonly ExternalEgress[];
  /**
   * Rollout tuning, merged over the service's own.
   * @default - the service's rollout
   */
  readonly rollout?: RolloutOptions;
  /**
   * Placement, merged over the service's own.
   * @default - the service's spread
   */
  readonly spread?: SpreadOptions;
  /**
   * Disruption budget, merged over the service's own.
   * @default - the service's disruption budget
   */
  readonly disruptionBudget?: DisruptionBudgetOptions;
}

/** Defaults an environment gives every service that does not set the field itself. */
export interface ServiceDefaults {
  /**
   * Pod count for services without their own.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Requests and limits under each service's own.
   * @default - shipshape's small defaults
   */
  readonly resources?: ResourceSpec;
  /**
   * Rollout tuning under each service's own.
   * @default - shipshape's zero-downtime defaults
   */
  readonly rollout?: RolloutOptions;
  /**
   * Placement under each service's own, e.g. `{ zones: true }` in production.
   * @default { zones: false }
   */
  readonly spread?: SpreadOptions;
}

/** A service's spec as it runs in one environment: environment defaults < service definition < overrides. */
export function resolveServiceSpec(definition: ServiceSpec, defaults: ServiceDefaults = {}, overrides: ServiceOverrides = {}): ServiceSpec {
  const base: ServiceSpec = {
    ...definition,
    replicas: definition.replicas ?? defaults.replicas,
    resources: mergeResources(defaults.resources, definition.resources),
    rollout: mergeOptional(defaults.rollout, definition.rollout),
    spread: mergeOptional(defaults.spread, definition.spread),
  };
  return {
    ...base,
    image: overrides.image === undefined ? base.image : resolveImage(base.image, overrides.image),
    replicas: overrides.replicas ?? base.replicas,
    autoscaling: mergeSwitchable(base.autoscaling, overrides.autoscaling) as AutoscalingOptions | false | undefined,
    resources: mergeResources(base.resources, overrides.resources),
    config: overrides.config ? { ...base.config, ...overrides.config } : base.config,
    ingress: mergeSwitchable(base.ingress, overrides.ingress),
    egress: overrides.egress ?? base.egress,
    rollout: mergeOptional(base.rollout, overrides.rollout),
    spread: mergeOptional(base.spread, overrides.spread),
    disruptionBudget: mergeOptional(base.disruptionBudget, overrides.disruptionBudget),
  };
}

function resolveImage(base: ImageSpec, override: ImageSpec | ImageRelease): ImageSpec {
  if (typeof override === 'string' || 'repository' in override) return override;
  const image = Image.of(base);
  return { repository: image.repository, tag: override.tag ?? (override.digest ? undefined : image.tag), digest: override.digest };
}

function mergeOptional<T extends object>(base: T | undefined, override: T | undefined): T | undefined {
  if (base === undefined) return override;
  if (override === undefined) return base;
  return { ...base, ...override };
}

function mergeSwitchable<T extends object>(base: T | false | undefined, override: Partial<T> | false | undefined): T | Partial<T> | false | undefined {
  if (override === false) return false;
  if (override === undefined) return base;
  return { ...(base || {}), ...override };
}

function mergeResources(base: ResourceSpec | undefined, override: ResourceSpec | undefined): ResourceSpec | undefined {
  if (!base || !override) return override ?? base;
  return {
    cpu: mergeOptional(base.cpu, override.cpu),
    memory: mergeOptional(base.memory, override.memory),
    ephemeralStorage: mergeOptional(base.ephemeralStorage, override.ephemeralStorage),
  };
}
