import type { ResourceRequirements } from '../kubernetes/api';
import { ShipshapeError } from '../errors';

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

const QUANTITY = /^([+-]?[0-9.]+)([eE][-+]?[0-9]+|[numkMGTPE]|[KMGTPE]i)?$/;
const SUFFIX: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** The numeric value of a Kubernetes quantity, or undefined when it is not one. */
export function parseQuantity(value: string): number | undefined {
  const match = QUANTITY.exec(value);
  if (!match || !/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)$/.test(match[1])) return undefined;
  const suffix = match[2] ?? '';
  const number = Number(match[1]);
  if (/^[eE]/.test(suffix)) return number * 10 ** Number(suffix.slice(1));
  return number * SUFFIX[suffix];
}

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
