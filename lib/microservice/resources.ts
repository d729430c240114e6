import type { ResourceRequirements } from '../kubernetes/api';
import { ShipshapeError } from '../errors';
import { parseQuantity } from '../validation/quantity';

/** A request (what the scheduler reserves) and a limit (what the container may use at most). */
export interface ResourceRange {
  /**
   * What the scheduler reserves, as a Kubernetes quantity (`100m`, `128Mi`).
   * @default - see `DEFAULT_RESOURCES`
   */
  readonly request?: string;
  /**
   * The most the container may use, as a Kubernetes quantity.
   * @default - see `DEFAULT_RESOURCES`
   */
  readonly limit?: string;
}

/** CPU, memory and scratch-disk requests and limits for the service's container. */
export interface ResourceSpec {
  /**
   * CPU in cores or millicores.
   * @default { request: '100m', limit: '500m' }
   */
  readonly cpu?: ResourceRange;
  /**
   * Memory in bytes with a binary suffix.
   * @default { request: '128Mi', limit: '256Mi' }
   */
  readonly memory?: ResourceRange;
  /**
   * Local scratch disk (logs, /tmp).
   * @default { request: '64Mi', limit: '256Mi' }
   */
  readonly ephemeralStorage?: ResourceRange;
}

/**
 * Small defaults that fit a typical HTTP service and let many share a node;
 * cdk8s-plus's own (1 CPU, 2 GiB) would reserve a node per few pods.
 * A CPU limit is set because the linters we follow expect one; raise it for bursty services.
 */
export const DEFAULT_RESOURCES = {
  cpu: { request: '100m', limit: '500m' },
  memory: { request: '128Mi', limit: '256Mi' },
  ephemeralStorage: { request: '64Mi', limit: '256Mi' },
} as const;

/** Merges requested resources over the defaults, checks them, and renders the container's resources. */
export function renderResources(spec: ResourceSpec | undefined): ResourceRequirements {
  const merged = {
    cpu: { ...DEFAULT_RESOURCES.cpu, ...spec?.cpu },
    memory: { ...DEFAULT_RESOURCES.memory, ...spec?.memory },
    'ephemeral-storage': { ...DEFAULT_RESOURCES.ephemeralStorage, ...spec?.ephemeralStorage },
  };
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  for (const [resource, range] of Object.entries(merged)) {
    const field = `resources.${resource === 'ephemeral-storage' ? 'ephemeralStorage' : resource}`;
    const request = checkedQuantity(range.request, `${field}.request`);
    const limit = checkedQuantity(range.limit, `${field}.limit`);
    if (request > limit) {
      throw new ShipshapeError({ field }, `the request ${range.request} is larger than the limit ${range.limit}`, 'raise the limit or lower the request');
    }
    requests[resource] = range.request;
    limits[resource] = range.limit;
  }
  return { requests, limits };
}

function checkedQuantity(value: string, field: string): number {
  const parsed = parseQuantity(value);
  if (parsed === undefined || parsed <= 0) {
    throw new ShipshapeError({ field }, `"${value}" is not a positive Kubernetes quantity`, 'write it like "250m" for CPU or "256Mi" for memory');
  }
  return parsed;
}
