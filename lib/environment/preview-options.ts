import type { ResourceSpec } from '../microservice/resources';

/**
 * Marks an environment as the one branch previews are made from, and how they differ from it.
 * Set on exactly one environment (usually staging), or pick one with `--base`.
 */
export interface PreviewOptions {
  /**
   * The domain previews live under: an exposed service gets `<service>.<branch slug>.<domain>`.
   * Point a wildcard DNS record (`*.<domain>`) at the ingress controller.
   * @default - `preview.<the environment's domain>`
   */
  readonly domain?: string;
  /**
   * How long a preview lives after its last synth, e.g. `72h` or `7d`; a cleanup job deletes it after that.
   * @default '72h'
   */
  readonly ttl?: string;
  /**
   * Requests (and limits) merged over each service's own: small, so many previews share a node.
   * Limits are kept unless set here, so a service behaves as in the base environment.
   * @default { cpu: { request: '10m' }, memory: { request: '64Mi' }, ephemeralStorage: { request: '32Mi' } }
   */
  readonly resources?: ResourceSpec;
  /**
   * Run the environment's `extend` hook in previews too. Off by default: a preview runs with its base's
   * secrets, so a scheduled job the hook adds (a nightly cleanup, say) would run against the base's data
   * once more per open branch.
   * @default false
   */
  readonly extend?: boolean;
}

/** The requests a preview's containers get unless the base environment says otherwise. */
export const PREVIEW_RESOURCES: ResourceSpec = {
  cpu: { request: '10m' },
  memory: { request: '64Mi' },
  ephemeralStorage: { request: '32Mi' },
};

/** How long a preview lives unless the base environment or `--ttl` says otherwise. */
export const PREVIEW_TTL = '72h';
