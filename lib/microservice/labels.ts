/** The recommended Kubernetes labels, plus the ones shipshape uses to find its objects. */
export interface WorkloadIdentity {
  /** The service name. */
  readonly name: string;
  /** The environment name. */
  readonly environment: string;
  /** The system the service belongs to (`app.kubernetes.io/part-of`). */
  readonly partOf: string;
  /** The service's role, e.g. `api`, `frontend`, `worker`. */
  readonly component: string;
  /** The release version (image tag). */
  readonly version: string;
}

/** Label key for the environment an object belongs to; lets a cleanup job select a whole environment. */
export const ENVIRONMENT_LABEL = 'shipshape.dev/environment';

/**
 * The stable subset used in selectors. It never includes the version, since a
 * Deployment's selector is immutable and must match pods across releases. The instance is the service's name,
 * which is the name of its Deployment: one instance of a service per namespace, and the namespace says which
 * environment it is (Polaris's metadataAndInstanceMismatched wants a workload's instance label to be its name).
 */
export function selectorLabels(name: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/instance': name,
  };
}

/** The one label a service's own NetworkPolicy selects its pods by (Polaris wants exactly one of the pod's labels there). */
export const INSTANCE_LABEL = 'app.kubernetes.io/instance';

/** Every label a service's objects and pod template carry. */
export function workloadLabels(identity: WorkloadIdentity): Record<string, string> {
  return {
    ...selectorLabels(identity.name),
    'app.kubernetes.io/version': identity.version,
    'app.kubernetes.io/component': identity.component,
    'app.kubernetes.io/part-of': identity.partOf,
    'app.kubernetes.io/managed-by': 'shipshape',
    [ENVIRONMENT_LABEL]: identity.environment,
  };
}

/** Labels of the objects an environment shares between its services (namespace, ingress, baseline policies). */
export function environmentLabels(environment: string, partOf: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': partOf,
    'app.kubernetes.io/instance': `${partOf}-${environment}`,
    'app.kubernetes.io/component': 'environment',
    'app.kubernetes.io/part-of': partOf,
    'app.kubernetes.io/managed-by': 'shipshape',
    [ENVIRONMENT_LABEL]: environment,
  };
}
