import type { EnvironmentDefinition } from '../environment/environment-definition';
import type { ServiceOverrides } from '../microservice/service-definition';

/**
 * The kinds of environment a service is tested in, standing for the platform's own:
 * - `staging`: every default, a monitoring namespace that scrapes metrics, hosts under `staging.example.com`;
 * - `production`: as staging, plus replicas spread across zones, hosts under `example.com`;
 * - `preview`: a throwaway environment per branch: one replica and no autoscaling, hosts under `preview.example.com`.
 */
export type EnvironmentKind = 'staging' | 'production' | 'preview';

/** Every kind, in the order a test usually walks them. */
export const ENVIRONMENT_KINDS: readonly EnvironmentKind[] = ['staging', 'production', 'preview'];

/** A kind of environment: the environment without its services, and what it changes about every service. */
export interface EnvironmentShape {
  /** The environment, without services or overrides. */
  readonly environment: Omit<EnvironmentDefinition, 'services' | 'overrides'>;
  /** Overrides applied to every service placed in it. */
  readonly everyService: ServiceOverrides;
}

const monitoring = { namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' } };

const SHAPES: Readonly<Record<EnvironmentKind, EnvironmentShape>> = {
  staging: { environment: { name: 'staging', domain: 'staging.example.com', monitoring }, everyService: {} },
  production: { environment: { name: 'production', domain: 'example.com', monitoring, defaults: { spread: { zones: true } } }, everyService: {} },
  // What `shipshape synth --preview` makes of a service: one small copy per branch, nothing to scale.
  // The rules a real preview waives on its objects (PREVIEW_WAIVERS) are off here, for the same reason.
  preview: { environment: { name: 'preview', domain: 'preview.example.com', policy: { severities: { 'min-replicas': 'off', 'pdb-for-replicas': 'off' } } }, everyService: { replicas: 1, autoscaling: false } },
};

/** The environment a kind stands for. */
export function environmentShape(kind: EnvironmentKind): EnvironmentShape {
  const shape = SHAPES[kind];
  if (!shape) throw new Error(`"${String(kind)}" is not a kind of environment; use one of ${ENVIRONMENT_KINDS.join(', ')}`);
  return shape;
}
