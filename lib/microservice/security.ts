import type { PodSecurityContext, SecurityContext, Volume, VolumeMount } from '../kubernetes/api';
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

/** What the pod spec and container get from the security options. */
export interface RenderedSecurity {
  readonly podSecurityContext: PodSecurityContext;
  readonly containerSecurityContext: SecurityContext;
  readonly volumes: Volume[];
  readonly volumeMounts: VolumeMount[];
  readonly automountServiceAccountToken: boolean;
}

/** Each writable path is capped so a runaway log cannot fill the node's disk; it counts towards the ephemeral-storage limit. */
const WRITABLE_PATH_SIZE = '64Mi';

/** Renders the security defaults with the service's visible exceptions. */
export function renderSecurity(options: SecurityOptions = {}): RenderedSecurity {
  const runAsUser = options.runAsUser ?? 10001;
  const runAsGroup = options.runAsGroup ?? 10001;
  for (const [field, id] of [['security.runAsUser', runAsUser], ['security.runAsGroup', runAsGroup]] as const) {
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
    podSecurityContext: {
      runAsNonRoot: true,
      runAsUser,
      runAsGroup,
      fsGroup: runAsGroup,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    containerSecurityContext: {
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: options.readOnlyRootFilesystem ?? true,
      runAsNonRoot: true,
      runAsUser,
      runAsGroup,
      capabilities: { drop: ['ALL'], ...(options.addCapabilities?.length ? { add: [...options.addCapabilities] } : {}) },
      seccompProfile: { type: 'RuntimeDefault' },
    },
    volumes: writablePaths.map((_, index) => ({ name: volumeName(index), emptyDir: { sizeLimit: WRITABLE_PATH_SIZE } })),
    volumeMounts: writablePaths.map((mountPath, index) => ({ name: volumeName(index), mountPath })),
    automountServiceAccountToken: options.automountServiceAccountToken ?? false,
  };
}
