import { ApiObject, ApiObjectMetadata, Duration, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import type { FieldList } from '../field-provenance';
import { CONTAINER_FIELDS, ContainerInputs, containerFieldsOf, containerProps } from './container';
import { ephemeralStoragePatches } from './resources';
import { seccompPatches } from './security';

/** What a service's Deployment is made of, checked and resolved. */
export interface DeploymentInputs extends ContainerInputs {
  /** Name, namespace, labels and annotations of the Deployment. */
  readonly metadata: ApiObjectMetadata;
  /** The labels of the pod template. */
  readonly podLabels: Readonly<Record<string, string>>;
  /** The annotations of the pod template (config and secrets hashes, scrape settings). */
  readonly podAnnotations: Readonly<Record<string, string>>;
  /** The labels that select the pods: never the version, since a Deployment's selector cannot change. */
  readonly selector: Readonly<Record<string, string>>;
  /** The replica count; undefined for cdk8s-plus's default of 2, or when an autoscaler owns it. */
  readonly replicas?: number;
  readonly serviceAccount: kplus.IServiceAccount;
  /** Also spread the pods across zones, not only across nodes. */
  readonly spreadAcrossZones: boolean;
  /** More than one replica can run: the scheduler is asked to keep them off each other's node. */
  readonly replicated: boolean;
  /** The PriorityClass the pods run with. */
  readonly priorityClassName: string;
}

/** Where in the pod template the spec is, for JSON patches. */
const POD_SPEC = '/spec/template/spec';
const CONTAINER = ['spec', 'template', 'spec', 'containers', 0] as const;

/**
 * A cdk8s-plus-27 Deployment whose pods other cdk8s-plus constructs select by the service's own labels
 * (a Service, a NetworkPolicy or `connections.allowFrom` given this Deployment), rather than by the
 * `cdk8s.io/metadata.addr` label cdk8s-plus derives from the construct path: so a refactor of construct
 * ids never changes a selector or rolls the pods, and the manifests carry only labels people chose.
 */
class MicroserviceDeployment extends kplus.Deployment {
  public constructor(scope: Construct, id: string, props: kplus.DeploymentProps, private readonly selector: Readonly<Record<string, string>>) {
    super(scope, id, { ...props, select: false });
    this.select(kplus.LabelSelector.of({ labels: { ...selector } }));
  }

  public toPodSelectorConfig(): kplus.PodSelectorConfig {
    return {
      labelSelector: kplus.LabelSelector.of({ labels: { ...this.selector } }),
      namespaces: this.metadata.namespace ? { names: [this.metadata.namespace] } : undefined,
    };
  }
}

/**
 * The service's Deployment: a zero-downtime rolling update, probes, the restricted security context,
 * requests and limits, and its pods spread across nodes (and zones, when asked).
 */
export function microserviceDeployment(scope: Construct, id: string, inputs: DeploymentInputs): kplus.Deployment {
  const { rollout } = inputs;
  const deployment = new MicroserviceDeployment(scope, id, {
    metadata: inputs.metadata,
    podMetadata: { labels: { ...inputs.podLabels }, annotations: { ...inputs.podAnnotations } },
    replicas: inputs.replicas,
    strategy: rollout.strategy,
    minReady: rollout.minReady,
    progressDeadline: Duration.seconds(600),
    serviceAccount: inputs.serviceAccount,
    automountServiceAccountToken: inputs.security.automountServiceAccountToken,
    securityContext: inputs.security.pod,
    terminationGracePeriod: rollout.terminationGracePeriod,
    containers: [containerProps(inputs)],
  }, inputs.selector);

  // What cdk8s-plus-27 has no property for, or writes otherwise than Kubernetes needs, set as JSON patches.
  ApiObject.of(deployment).addJsonPatch(
    JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'),
    JsonPatch.add('/spec/revisionHistoryLimit', rollout.revisionHistoryLimit),
    // Dozens of services would otherwise flood each other's environment with *_SERVICE_HOST variables.
    JsonPatch.add(`${POD_SPEC}/enableServiceLinks`, false),
    JsonPatch.add(`${POD_SPEC}/topologySpreadConstraints`, [
      spreadConstraint('kubernetes.io/hostname', inputs.selector),
      ...(inputs.spreadAcrossZones ? [spreadConstraint('topology.kubernetes.io/zone', inputs.selector)] : []),
    ]),
    JsonPatch.add(`${POD_SPEC}/priorityClassName`, inputs.priorityClassName),
    ...(inputs.replicated ? [JsonPatch.add(`${POD_SPEC}/affinity`, antiAffinity(inputs.selector))] : []),
    ...seccompPatches(POD_SPEC, 1),
    ...ephemeralStoragePatches(`${POD_SPEC}/containers/0`, inputs.resources.ephemeralStorage),
  );
  return deployment;
}

/** Where the parts of every service's Deployment come from in the definition, by rendered path. */
export const DEPLOYMENT_FIELDS: FieldList = [
  [['spec', 'replicas'], 'replicas'],
  [['spec', 'strategy'], 'rollout'],
  [['spec', 'strategy', 'rollingUpdate', 'maxSurge'], 'rollout.maxSurge'],
  [['spec', 'minReadySeconds'], 'rollout.minReadySeconds'],
  [['spec', 'revisionHistoryLimit'], 'rollout.revisionHistoryLimit'],
  [['spec', 'progressDeadlineSeconds'], 'rollout'],
  [['spec', 'template', 'metadata', 'annotations', 'prometheus.io/scrape'], 'metrics'],
  [['spec', 'template', 'metadata', 'annotations', 'prometheus.io/port'], 'metrics.port'],
  [['spec', 'template', 'metadata', 'annotations', 'prometheus.io/path'], 'metrics.path'],
  [['spec', 'template', 'spec', 'terminationGracePeriodSeconds'], 'rollout.terminationGracePeriodSeconds'],
  [['spec', 'template', 'spec', 'topologySpreadConstraints'], 'spread'],
  [['spec', 'template', 'spec', 'affinity'], 'replicas'],
  [['spec', 'template', 'spec', 'priorityClassName'], 'priority'],
  [['spec', 'template', 'spec', 'securityContext'], 'security'],
  [['spec', 'template', 'spec', 'securityContext', 'runAsUser'], 'security.runAsUser'],
  [['spec', 'template', 'spec', 'securityContext', 'runAsGroup'], 'security.runAsGroup'],
  [['spec', 'template', 'spec', 'securityContext', 'fsGroup'], 'security.runAsGroup'],
  [['spec', 'template', 'spec', 'automountServiceAccountToken'], 'security.automountServiceAccountToken'],
  [['spec', 'template', 'spec', 'volumes'], 'security.writablePaths'],
  ...CONTAINER_FIELDS.map(([path, field]) => [[...CONTAINER, ...path], field] as const),
];

/** Where the parts of this service's Deployment that vary between services come from. */
export function deploymentFieldsOf(inputs: DeploymentInputs): FieldList {
  return containerFieldsOf(inputs).map(([path, field]) => [[...CONTAINER, ...path], field] as const);
}

/**
 * A preference, not a rule, for replicas on different nodes: with the spread constraint on the same key, what
 * kube-score (deployment-has-host-podantiaffinity) and kube-linter (no-anti-affinity) look for, while a small
 * cluster still runs every replica.
 */
function antiAffinity(selector: Readonly<Record<string, string>>) {
  return {
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [{
        podAffinityTerm: { labelSelector: { matchLabels: sortedLabels(selector) }, topologyKey: 'kubernetes.io/hostname' },
        weight: 100,
      }],
    },
  };
}

function sortedLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function spreadConstraint(topologyKey: string, selector: Readonly<Record<string, string>>) {
  return {
    maxSkew: 1,
    topologyKey,
    // ScheduleAnyway: spreading is a preference; a small cluster must still be able to run every replica.
    whenUnsatisfiable: 'ScheduleAnyway',
    // Keys sorted, as cdk8s sorts the rest of the object (a JSON patch is applied after its sorting).
    labelSelector: { matchLabels: sortedLabels(selector) },
    // Count only pods of the same ReplicaSet, so a rollout's surge does not skew the spread.
    matchLabelKeys: ['pod-template-hash'],
  };
}
