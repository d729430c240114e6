import { JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { ShipshapeError } from '../errors';

/**
 * The pod's security settings. Every default is the restrictive choice;
 * loosening one is a visible line in the service's definition.
 */
export interface SecurityOptions {
  /**
   * The user id the container runs as; above 10000 so it cannot collide with a host user.
   * @default 10001
   */
  readonly runAsUser?: number;
  /**
   * The group id the container runs as, also used as fsGroup for volumes.
   * @default 10001
   */
  readonly runAsGroup?: number;
  /**
   * Mount the image's root filesystem read-only; write to `writablePaths` instead.
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;
  /**
   * Paths that get a writable, size-limited emptyDir.
   * @default ['/tmp']
   */
  readonly writablePaths?: readonly string[];
  /**
   * Linux capabilities to add back after dropping ALL, e.g. `NET_BIND_SERVICE`.
   * @default []
   */
  readonly addCapabilities?: readonly string[];
  /**
   * Mount a service-account token into the pod. Only for services that call the Kubernetes API.
   * @default false
   */
  readonly automountServiceAccountToken?: boolean;
}

/** The uid and gid shipshape runs containers as when nothing else is said: above 10000, so no host user has it. */
export const DEFAULT_RUN_AS_ID = 10001;

/** Each writable path is capped so a runaway log cannot fill the node's disk; it counts towards the ephemeral-storage limit. */
const WRITABLE_PATH_SIZE = Size.mebibytes(64);

/** What the pod and its container get from the security options, in cdk8s-plus-27's terms. */
export interface PodSecurity {
  readonly pod: kplus.PodSecurityContextProps;
  readonly container: kplus.ContainerSecurityContextProps;
  /** An emptyDir per writable path, mounted by the container. */
  readonly writableMounts: readonly { readonly path: string; readonly volume: kplus.Volume }[];
  readonly automountServiceAccountToken: boolean;
}

/**
 * Checks the security options and turns them into cdk8s-plus-27 props, with the restrictive defaults.
 * @param scope where the writable paths' volumes are created
 */
export function podSecurity(scope: Construct, options: SecurityOptions = {}): PodSecurity {
  const user = options.runAsUser ?? DEFAULT_RUN_AS_ID;
  const group = options.runAsGroup ?? DEFAULT_RUN_AS_ID;
  for (const [field, id] of [['security.runAsUser', user], ['security.runAsGroup', group]] as const) {
    if (!Number.isInteger(id) || id < 1) {
      throw new ShipshapeError({ field }, `${id} would run the container as root`, 'use an id above 10000, e.g. 10001');
    }
  }
  const writablePaths = options.writablePaths ?? ['/tmp'];
  writablePaths.forEach((path, index) => {
    if (!path.startsWith('/')) {
      throw new ShipshapeError({ field: `security.writablePaths[${index}]` }, `"${path}" is not an absolute path`, 'write it like "/tmp" or "/var/cache/app"');
    }
  });
  const volumeName = (index: number) => (writablePaths.length === 1 ? 'tmp' : `writable-${index}`);
  return {
    pod: { ensureNonRoot: true, user, group, fsGroup: group },
    container: {
      ensureNonRoot: true,
      user,
      group,
      readOnlyRootFilesystem: options.readOnlyRootFilesystem ?? true,
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: {
        drop: [ALL_CAPABILITIES],
        ...(options.addCapabilities?.length ? { add: options.addCapabilities.map(capability) } : {}),
      },
    },
    writableMounts: writablePaths.map((path, index) => ({
      path,
      volume: kplus.Volume.fromEmptyDir(scope, `writable-path-${index}`, volumeName(index), { sizeLimit: WRITABLE_PATH_SIZE }),
    })),
    automountServiceAccountToken: options.automountServiceAccountToken ?? false,
  };
}

/**
 * cdk8s-plus-27's Capability enum spells names with a `CAP_` prefix and has no `ALL`, while Kubernetes and
 * Pod Security admission expect `ALL` and `NET_BIND_SERVICE`: the names are passed through as Kubernetes spells them.
 */
const ALL_CAPABILITIES = 'ALL' as kplus.Capability;

function capability(name: string): kplus.Capability {
  return name as kplus.Capability;
}

/** The seccomp profile every pod and container gets; the container repeats it for linters that read only containers. */
const RUNTIME_DEFAULT_SECCOMP = { type: 'RuntimeDefault' };

/**
 * The `RuntimeDefault` seccomp profile for a pod and its containers, which cdk8s-plus-27 has no property for.
 * @param podSpec the path of the pod spec in the object, e.g. `/spec/template/spec`
 * @param containers how many containers the pod has
 */
export function seccompPatches(podSpec: string, containers: number): JsonPatch[] {
  return [
    JsonPatch.add(`${podSpec}/securityContext/seccompProfile`, RUNTIME_DEFAULT_SECCOMP),
    ...Array.from({ length: containers }, (_, index) => JsonPatch.add(`${podSpec}/containers/${index}/securityContext/seccompProfile`, RUNTIME_DEFAULT_SECCOMP)),
  ];
}
