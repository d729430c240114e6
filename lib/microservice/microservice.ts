import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { KubePodDisruptionBudget } from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct, IConstruct } from 'constructs';
import { contentHash } from '../content-hash';
import { ShipshapeError } from '../errors';
import { FieldList, FieldProvenance } from '../field-provenance';
import type { ObjectPath } from '../validation/object-path';
import { dnsLabelProblem, hostProblem, serviceNameProblem } from '../validation/names';
import { checkWaivers, waiverAnnotations } from '../validation/policy-waivers';
import { renderConfigData } from './config-map';
import { validateSecretKeys } from './container';
import { DEPLOYMENT_FIELDS, deploymentFieldsOf, DeploymentInputs, microserviceDeployment } from './deployment';
import { horizontalPodAutoscaler, resolveAutoscaling } from './horizontal-pod-autoscaler';
import { Image } from './image';
import type { IngressRoute } from './ingress-rule';
import { INSTANCE_LABEL, selectorLabels, workloadLabels } from './labels';
import type { MicroserviceProps } from './microservice-props';
import { networkPolicy, validateExternalEgress } from './network-policy';
import { podDisruptionBudget } from './pod-disruption-budget';
import { findPort, ServicePort, validatePorts } from './ports';
import { serviceProbes } from './probes';
import { containerResources } from './resources';
import { MAX_REPLICAS } from './replica-limit';
import { rollout } from './rollout';
import { DEFAULT_PRIORITY_TIER, PRIORITY_TIERS, priorityClassName } from './priority-tier';
import { podSecurity } from './security';
import { clusterIpService } from './service';

/** Pod-template annotation with the hash of the service's config; a config change rolls the pods. */
export const CONFIG_HASH_ANNOTATION = 'shipshape.dev/config-hash';
/** Pod-template annotation with the hash of the service's encrypted secrets; a secret change rolls the pods. */
export const SECRETS_HASH_ANNOTATION = 'shipshape.dev/secrets-hash';
/**
 * Deployment annotation `kubectl rollout history` shows per revision: the image and the config and
 * secrets fingerprints, i.e. exactly what rolls the pods. Derived from the release, never a timestamp.
 */
export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';

/**
 * One microservice in one environment, composed of cdk8s-plus-27 constructs: a Deployment with
 * probes, a zero-downtime rollout and safe security defaults, its ServiceAccount, Service, ConfigMap,
 * HorizontalPodAutoscaler, NetworkPolicy, and a PodDisruptionBudget (cdk8s-plus-27's typed L1).
 *
 * Each is a public property, so everything cdk8s-plus offers works on them:
 * `ms.deployment.addVolume(...)`, `ms.container.mount(...)`, `IngressBackend.fromService(ms.service)`,
 * `ms.deployment.connections.allowFrom(...)`. Every object is named after the service (`api`,
 * `api-config`); ingress routes are collected in `ingressRoutes` for the environment's single Ingress.
 */
export class Microservice extends Construct {
  /** The service name. */
  public readonly name: string;
  /** The image the Deployment runs. */
  public readonly image: Image;
  /** The declared ports. */
  public readonly ports: readonly ServicePort[];
  /** Labels selecting the service's pods. */
  public readonly selector: Readonly<Record<string, string>>;
  /** Routes the environment's Ingress sends to this service. */
  public readonly ingressRoutes: readonly IngressRoute[];
  /** The replica bounds: equal when not autoscaled. */
  public readonly replicas: { readonly min: number; readonly max: number };
  /** The ServiceAccount the pods run as. */
  public readonly serviceAccount: kplus.ServiceAccount;
  /** The ConfigMap with the plain config, when there is any. */
  public readonly configMap?: kplus.ConfigMap;
  /** The Deployment. Its selector and the selectors other cdk8s-plus constructs derive from it use `selector`. */
  public readonly deployment: kplus.Deployment;
  /** The service's container in the Deployment. */
  public readonly container: kplus.Container;
  /** The ClusterIP Service, when the service has ports. */
  public readonly service?: kplus.Service;
  /** The HorizontalPodAutoscaler, when the service is autoscaled. */
  public readonly autoscaler?: kplus.HorizontalPodAutoscaler;
  /** The PodDisruptionBudget, whenever more than one replica can run. */
  public readonly disruptionBudget?: KubePodDisruptionBudget;
  /** The NetworkPolicy opening the service's declared traffic, and DNS, in both directions. */
  public readonly networkPolicy: kplus.NetworkPolicy;
  /** The name of the Secret the Deployment reads secret keys from (rendered by `shipshape secrets render`). */
  public readonly secretName: string;

  public constructor(scope: Construct, name: string, props: MicroserviceProps) {
    super(scope, name);
    const environment = props.environment ?? 'default';
    try {
      this.name = name;
      const problem = serviceNameProblem(name);
      if (problem) throw new ShipshapeError({ field: 'name' }, `the service name ${problem}`, 'use a short lowercase name such as "api" or "billing-worker"');
      const namespace = props.namespace ?? environment;
      const namespaceProblem = dnsLabelProblem(namespace);
      if (namespaceProblem) throw new ShipshapeError({ field: 'namespace' }, `the namespace ${namespaceProblem}`, 'use a lowercase name such as "production"');

      this.image = Image.of(props.image);
      this.ports = props.ports ?? [];
      validatePorts(this.ports);
      const secretKeys = props.secrets ?? [];
      validateSecretKeys(secretKeys);
      const egress = props.egress ?? [];
      validateExternalEgress(egress);
      const waivers = props.waivers ?? [];
      checkWaivers(waivers);
      this.secretName = `${name}-secrets`;

      const autoscaling = props.autoscaling ? resolveAutoscaling(props.autoscaling) : undefined;
      const replicas = props.replicas ?? 2;
      if (!autoscaling && (!Number.isInteger(replicas) || replicas < 0 || replicas > MAX_REPLICAS)) {
        throw new ShipshapeError({ field: 'replicas' }, `${JSON.stringify(replicas)} is not a replica count from 0 to ${MAX_REPLICAS}`, 'use a whole number, e.g. 2');
      }
      this.replicas = autoscaling ? { min: autoscaling.minReplicas, max: autoscaling.maxReplicas } : { min: replicas, max: replicas };
      const probes = serviceProbes(props, this.ports);
      const resources = containerResources(props.resources);
      const configData = renderConfigData(props.config ?? {}, secretKeys);
      this.ingressRoutes = this.resolveIngress(props);

      this.selector = selectorLabels(name);
      const labels = workloadLabels({
        name,
        environment,
        partOf: props.partOf ?? 'shipshape',
        component: props.component ?? 'server',
        version: this.image.version,
      });
      const metadata = (objectName: string, annotations: Record<string, string> = {}): ApiObjectMetadata => ({ name: objectName, namespace, labels: { ...labels }, annotations });

      const tier = props.priority ?? DEFAULT_PRIORITY_TIER;
      if (!PRIORITY_TIERS.includes(tier)) throw new ShipshapeError({ field: 'priority' }, `"${tier}" is not a priority tier`, `use one of ${PRIORITY_TIERS.join(', ')}`);
      const security = podSecurity(this, props.security);
      this.serviceAccount = new kplus.ServiceAccount(this, 'service-account', { metadata: metadata(name), automountToken: security.automountServiceAccountToken });
      if (Object.keys(configData).length > 0) {
        this.configMap = new kplus.ConfigMap(this, 'config', { metadata: metadata(`${name}-config`), data: configData });
      }

      const podAnnotations: Record<string, string> = {};
      if (this.configMap) podAnnotations[CONFIG_HASH_ANNOTATION] = contentHash(configData);
      if (secretKeys.length > 0 && props.secretsDigest) podAnnotations[SECRETS_HASH_ANNOTATION] = props.secretsDigest;
      if (props.metrics) {
        const port = findPort(this.ports, props.metrics.port, 'metrics.port');
        podAnnotations['prometheus.io/scrape'] = 'true';
        podAnnotations['prometheus.io/port'] = String(port.port);
        podAnnotations['prometheus.io/path'] = props.metrics.path ?? '/metrics';
      }
      const deploymentAnnotations: Record<string, string> = {};
      if (props.description) deploymentAnnotations['shipshape.dev/description'] = props.description;
      deploymentAnnotations[CHANGE_CAUSE_ANNOTATION] = changeCause(this.image, podAnnotations);

      const deployment: DeploymentInputs = {
        metadata: metadata(name, deploymentAnnotations),
        podLabels: labels,
        podAnnotations,
        selector: this.selector,
        // Left to cdk8s-plus when not set (its default is 2, as ours), so that an autoscaler added later owns the count.
        replicas: autoscaling ? undefined : props.replicas,
        serviceAccount: this.serviceAccount,
        spreadAcrossZones: props.spread?.zones ?? false,
        replicated: this.replicas.max > 1,
        priorityClassName: priorityClassName(namespace, tier),
        name,
        image: this.image,
        command: props.command,
        args: props.args,
        ports: this.ports,
        configMap: this.configMap,
        secret: kplus.Secret.fromSecretName(this, 'secret', this.secretName),
        secretKeys,
        probes,
        resources,
        rollout: rollout(props.rollout),
        security,
      };
      this.deployment = microserviceDeployment(this, 'deployment', deployment);
      this.container = this.deployment.containers[0];
      if (this.ports.length > 0) this.service = clusterIpService(this, 'service', metadata(name), this.deployment, this.ports);
      if (autoscaling) this.autoscaler = horizontalPodAutoscaler(this, 'autoscaler', metadata(name), this.deployment, autoscaling);
      if (this.replicas.max > 1) this.disruptionBudget = podDisruptionBudget(this, 'disruption-budget', metadata(name), this.selector, props.disruptionBudget);
      const access = { from: props.network?.from ?? [], to: props.network?.to ?? [], external: [...(props.network?.external ?? []), ...egress] };
      this.networkPolicy = networkPolicy(this, 'network-policy', metadata(name), this.selector[INSTANCE_LABEL], this.ports.map((port) => port.port), access);

      // Waivers are part of the output whether or not validation runs, so the bytes never depend on it.
      if (waivers.length > 0) {
        for (const object of this.node.findAll().filter((construct): construct is ApiObject => construct instanceof ApiObject)) {
          for (const [key, reason] of Object.entries(waiverAnnotations(object.kind, waivers))) object.metadata.addAnnotation(key, reason);
        }
      }

      this.recordFields(deploymentFieldsOf(deployment), [
        // cdk8s-plus-27 writes egress rules in the order they were added: peers first, then outside networks.
        ...access.to.map((_, index) => [['spec', 'egress', index], 'dependsOn'] as const),
        ...access.external.map((_, index) => [['spec', 'egress', access.to.length + index], 'egress'] as const),
      ]);
    } catch (error) {
      throw error instanceof ShipshapeError ? error.within({ environment, service: name }) : error;
    }
  }

  /** Records which definition field each rendered value of the service's objects comes from. */
  private recordFields(deploymentFields: FieldList, networkFields: FieldList): void {
    const record = (construct: IConstruct | undefined, ...fields: FieldList[]) => {
      if (!construct) return;
      const object = ApiObject.of(construct);
      for (const list of [METADATA_FIELDS, ...fields]) FieldProvenance.recordAll(object, list, this.name);
      // The part-of label comes from the environment, whichever object carries it.
      FieldProvenance.recordAll(object, PART_OF_FIELDS);
    };
    record(this.serviceAccount, SERVICE_ACCOUNT_FIELDS);
    record(this.configMap, Object.keys(this.configMap?.data ?? {}).map((key) => [['data', key], `config.${key}`] as const));
    record(this.deployment, TEMPLATE_FIELDS, DEPLOYMENT_FIELDS, deploymentFields);
    FieldProvenance.recordAll(ApiObject.of(this.deployment), TEMPLATE_PART_OF_FIELDS);
    record(this.service, this.ports.flatMap((_, index) => [
      [['spec', 'ports', index], `ports[${index}].port`],
      [['spec', 'ports', index, 'name'], `ports[${index}].name`],
    ] as const));
    record(this.autoscaler, AUTOSCALER_FIELDS);
    record(this.disruptionBudget, DISRUPTION_BUDGET_FIELDS);
    record(this.networkPolicy, networkFields);
  }

  private resolveIngress(props: MicroserviceProps): IngressRoute[] {
    if (!props.ingress) return [];
    const ingress = props.ingress;
    if (this.ports.length === 0) {
      throw new ShipshapeError({ field: 'ingress' }, 'routes traffic to a service with no port', 'add a port or remove ingress');
    }
    const port = findPort(this.ports, ingress.port ?? this.ports[0].name, 'ingress.port');
    let hosts: readonly string[];
    if (ingress.hosts) {
      hosts = ingress.hosts;
    } else if (props.domain) {
      hosts = [`${ingress.subdomain ?? this.name}.${props.domain}`];
    } else {
      throw new ShipshapeError({ field: 'ingress.hosts' }, 'is not set and the environment has no domain', 'set ingress.hosts, or a domain on the environment');
    }
    if (hosts.length === 0) throw new ShipshapeError({ field: 'ingress.hosts' }, 'is empty', 'name at least one host, or set ingress: false');
    hosts.forEach((host, index) => {
      const problem = hostProblem(host);
      // A host under the environment's domain is wrong because of the domain, or else the subdomain.
      const field = ingress.hosts ? `ingress.hosts[${index}]` : props.domain && hostProblem(props.domain) ? 'domain' : 'ingress.subdomain';
      if (problem) throw new ShipshapeError({ field }, problem, 'use a lowercase host such as "api.example.com"');
    });
    const paths = ingress.paths ?? ['/'];
    paths.forEach((path, index) => {
      if (!path.startsWith('/')) throw new ShipshapeError({ field: `ingress.paths[${index}]` }, `"${path}" does not start with "/"`, 'write paths like "/" or "/api"');
    });
    return hosts.flatMap((host, index) => paths.map((path) => ({ service: this.name, host, path, port: port.name, hostField: ingress.hosts ? `ingress.hosts[${index}]` : 'ingress.subdomain' })));
  }
}

/** The fields behind the metadata every object of a service (and its pod template) has. */
function labelFields(metadata: ObjectPath): FieldList {
  return [
    [[...metadata, 'name'], 'name'],
    [[...metadata, 'labels'], 'name'],
    [[...metadata, 'labels', 'app.kubernetes.io/version'], 'image'],
    [[...metadata, 'labels', 'app.kubernetes.io/component'], 'component'],
    [[...metadata, 'annotations', 'shipshape.dev/description'], 'description'],
  ];
}

// Shared by every service's objects: recorded by reference, not copied per object.
const METADATA_FIELDS = labelFields(['metadata']);
const TEMPLATE_FIELDS = labelFields(['spec', 'template', 'metadata']);
const PART_OF_FIELDS: FieldList = [[['metadata', 'labels', 'app.kubernetes.io/part-of'], 'partOf']];
const TEMPLATE_PART_OF_FIELDS: FieldList = [[['spec', 'template', 'metadata', 'labels', 'app.kubernetes.io/part-of'], 'partOf']];
const SERVICE_ACCOUNT_FIELDS: FieldList = [[['automountServiceAccountToken'], 'security.automountServiceAccountToken']];
const AUTOSCALER_FIELDS: FieldList = [
  [['spec'], 'autoscaling'],
  [['spec', 'minReplicas'], 'autoscaling.minReplicas'],
  [['spec', 'maxReplicas'], 'autoscaling.maxReplicas'],
  [['spec', 'metrics', 0], 'autoscaling.cpuUtilization'],
  [['spec', 'metrics', 1], 'autoscaling.memoryUtilization'],
];
const DISRUPTION_BUDGET_FIELDS: FieldList = [[['spec'], 'disruptionBudget'], [['spec', 'maxUnavailable'], 'disruptionBudget.maxUnavailable']];

function changeCause(image: Image, podAnnotations: Record<string, string>): string {
  const config = podAnnotations[CONFIG_HASH_ANNOTATION];
  const secrets = podAnnotations[SECRETS_HASH_ANNOTATION];
  return [`image ${image.reference}`, ...(config ? [`config ${config}`] : []), ...(secrets ? [`secrets ${secrets}`] : [])].join(', ');
}
