import { JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
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

/** The container's requests and limits: CPU and memory in cdk8s-plus-27's terms, scratch disk as written. */
export interface ContainerResources {
  readonly cpuAndMemory: kplus.ContainerResources;
  /** cdk8s-plus-27 writes ephemeral storage in whole GiB only, so it is set with a JSON patch, as written. */
  readonly ephemeralStorage: { readonly request: string; readonly limit: string };
}

const MEBIBYTE = 2 ** 20;

/** Merges requested resources over the defaults and checks them: real quantities, each request at most its limit. */
export function containerResources(spec: ResourceSpec | undefined): ContainerResources {
  const cpu = checkedRange({ ...DEFAULT_RESOURCES.cpu, ...spec?.cpu }, 'resources.cpu');
  const memory = checkedRange({ ...DEFAULT_RESOURCES.memory, ...spec?.memory }, 'resources.memory');
  const ephemeralStorage = checkedRange({ ...DEFAULT_RESOURCES.ephemeralStorage, ...spec?.ephemeralStorage }, 'resources.ephemeralStorage');
  return {
    cpuAndMemory: {
      cpu: { request: cpuOf(cpu.request, 'resources.cpu.request'), limit: cpuOf(cpu.limit, 'resources.cpu.limit') },
      memory: { request: memoryOf(memory.request, 'resources.memory.request'), limit: memoryOf(memory.limit, 'resources.memory.limit') },
    },
    ephemeralStorage,
  };
}

/**
 * The JSON patches that set a container's ephemeral storage on a cdk8s-plus-27 workload. Patches apply to
 * the resolved object before its typed L1 (e.g. KubeDeployment) writes it out, where cdk8s has resolved each
 * Quantity to `{ value }` and the L1 then writes that value: so the patch adds quantities in that form.
 */
export function ephemeralStoragePatches(container: string, range: ContainerResources['ephemeralStorage']): JsonPatch[] {
  return [
    JsonPatch.add(`${container}/resources/requests/ephemeral-storage`, { value: range.request }),
    JsonPatch.add(`${container}/resources/limits/ephemeral-storage`, { value: range.limit }),
  ];
}

function checkedRange(range: { request: string; limit: string }, field: string): { request: string; limit: string } {
  const request = checkedQuantity(range.request, `${field}.request`);
  const limit = checkedQuantity(range.limit, `${field}.limit`);
  if (request > limit) {
    throw new ShipshapeError({ field }, `the request ${range.request} is larger than the limit ${range.limit}`, 'raise the limit or lower the request');
  }
  return range;
}

function checkedQuantity(value: string, field: string): number {
  const parsed = typeof value === 'string' ? parseQuantity(value) : undefined;
  if (parsed === undefined || parsed <= 0) {
    throw new ShipshapeError({ field }, `${JSON.stringify(value)} is not a positive Kubernetes quantity`, 'write it like "250m" for CPU or "256Mi" for memory');
  }
  return parsed;
}

/** CPU as cdk8s-plus-27 writes it: millicores (`250m`) or cores (`1`, `1.5`), as the user wrote it. */
function cpuOf(value: string, field: string): kplus.Cpu {
  if (/^[0-9]+m$/.test(value)) return kplus.Cpu.millis(Number(value.slice(0, -1)));
  if (/^[0-9]+(\.[0-9]+)?$/.test(value)) return kplus.Cpu.units(Number(value));
  const millis = parseQuantity(value)! * 1000;
  if (Number.isInteger(millis)) return kplus.Cpu.millis(millis);
  throw new ShipshapeError({ field }, `${JSON.stringify(value)} is not a whole number of millicores`, 'write CPU in cores or millicores, e.g. "1" or "250m"');
}

/** Memory as cdk8s-plus-27 writes it: in mebibytes, so `1Gi` becomes `1024Mi`. */
function memoryOf(value: string, field: string): Size {
  const bytes = parseQuantity(value)!;
  if (bytes % MEBIBYTE === 0) return Size.mebibytes(bytes / MEBIBYTE);
  throw new ShipshapeError({ field }, `${JSON.stringify(value)} is not a whole number of mebibytes, which cdk8s-plus-27 writes memory in`, 'write it in Mi or Gi, e.g. "256Mi" or "1Gi"');
}
