import type { Container, ObjectMeta, TopologySpreadConstraint } from '../kubernetes/api';
import { ManifestObject } from '../kubernetes/manifest-object';
import { Construct } from 'constructs';
import { contentHash } from '../content-hash';
import { ShipshapeError } from '../errors';
import { dnsLabelProblem, hostProblem, serviceNameProblem } from '../validation/names';
import { renderAutoscalerSpec, resolveAutoscaling, ResolvedAutoscaling } from './autoscaling';
import { renderConfigData, validateSecretKeys } from './config';
import { HealthCheck, PROBE_DEFAULTS } from './health-check';
import { Image } from './image';
import { IngressRoute } from './ingress-rule';
import { renderNetworkPolicySpec, validateExternalEgress } from './network-access';
import { MicroserviceProps } from './microservice-props';
import { findPort, ServicePort, validatePorts } from './ports';
import { renderResources } from './resources';
import { renderRollout } from './rollout';
import { renderSecurity } from './security';
import { selectorLabels, workloadLabels } from './labels';

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
 * One microservice in one environment: a Deployment with probes, a zero-downtime
 * rollout and safe security defaults, plus its ServiceAccount, Service, ConfigMap,
 * Secret reference, HorizontalPodAutoscaler, PodDisruptionBudget and NetworkPolicy.
 *
 * Every object is named after the service (`api`, `api-config`, `api-secrets`).
 * Ingress routes are collected in `ingressRoutes` for the environment's single Ingress.
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
  /** The Deployment. */
  public readonly deployment: ManifestObject;
  /** The ClusterIP Service, when the service has ports. */
  public readonly service?: ManifestObject;
  /** The ConfigMap with the plain config, when there is any. */
  public readonly configMap?: ManifestObject;
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
      validateExternalEgress(props.egress ?? []);
      this.secretName = `${name}-secrets`;

      const autoscaling = props.autoscaling ? resolveAutoscaling(props.autoscaling) : undefined;
      const replicas = props.replicas ?? 2;
      if (!autoscaling && (!Number.isInteger(replicas) || replicas < 0)) {
        throw new ShipshapeError({ field: 'replicas' }, `${replicas} is not a replica count`, 'use a whole number, e.g. 2');
      }
      this.replicas = autoscaling ? { min: autoscaling.minReplicas, max: autoscaling.maxReplicas } : { min: replicas, max: replicas };

      this.selector = selectorLabels(name, environment);
      const labels = workloadLabels({
        name,
        environment,
        partOf: props.partOf ?? 'shipshape',
        component: props.component ?? 'server',
        version: this.image.version,
      });
      const metadata = (objectName: string, annotations?: Record<string, string>): ObjectMeta => ({
        name: objectName,
        namespace,
        labels,
        ...(annotations && Object.keys(annotations).length > 0 ? { annotations } : {}),
      });

      new ManifestObject(this, 'service-account', {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: metadata(name),
        automountServiceAccountToken: props.security?.automountServiceAccountToken ?? false,
      });

      const configData = renderConfigData(props.config ?? {}, secretKeys);
      const configName = `${name}-config`;
      if (Object.keys(configData).length > 0) {
        this.configMap = new ManifestObject(this, 'config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: metadata(configName), data: configData });
      }

      const defaultPort = this.ports[0]?.name;
      const probes = this.resolveProbes(props, defaultPort);
      const rollout = renderRollout(props.rollout);
      const security = renderSecurity(props.security);

      const podAnnotations: Record<string, string> = {};
      if (this.configMap) podAnnotations[CONFIG_HASH_ANNOTATION] = contentHash(configData);
      if (secretKeys.length > 0 && props.secretsDigest) podAnnotations[SECRETS_HASH_ANNOTATION] = props.secretsDigest;
      if (props.metrics) {
        const port = findPort(this.ports, props.metrics.port, 'metrics.port');
        Object.assign(podAnnotations, {
          'prometheus.io/scrape': 'true',
          'prometheus.io/port': String(port.port),
          'prometheus.io/path': props.metrics.path ?? '/metrics',
        });
      }

      const container: Container = {
        name,
        image: this.image.reference,
        imagePullPolicy: 'Always',
        command: props.command ? [...props.command] : undefined,
        args: props.args ? [...props.args] : undefined,
        ports: this.ports.length > 0 ? this.ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol ?? 'TCP' })) : undefined,
        envFrom: this.configMap ? [{ configMapRef: { name: configName } }] : undefined,
        env: secretKeys.length > 0 ? secretKeys.map((key) => ({ name: key, valueFrom: { secretKeyRef: { name: this.secretName, key } } })) : undefined,
        resources: renderResources(props.resources),
        readinessProbe: probes.readiness?.toProbe(PROBE_DEFAULTS.readiness, defaultPort),
        livenessProbe: probes.liveness?.toProbe(PROBE_DEFAULTS.liveness, defaultPort),
        startupProbe: probes.startup?.toProbe(PROBE_DEFAULTS.startup, defaultPort),
        lifecycle: rollout.lifecycle,
        securityContext: security.containerSecurityContext,
        volumeMounts: security.volumeMounts.length > 0 ? security.volumeMounts : undefined,
      };

      const spread: TopologySpreadConstraint[] = [
        spreadConstraint('kubernetes.io/hostname', this.selector),
        ...(props.spread?.zones ? [spreadConstraint('topology.kubernetes.io/zone', this.selector)] : []),
      ];

      const deploymentAnnotations: Record<string, string> = {};
      if (props.description) deploymentAnnotations['shipshape.dev/description'] = props.description;
      deploymentAnnotations[CHANGE_CAUSE_ANNOTATION] = changeCause(this.image, podAnnotations);
      this.deployment = new ManifestObject(this, 'deployment', {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: metadata(name, deploymentAnnotations),
        spec: {
          replicas: autoscaling ? undefined : replicas,
          selector: { matchLabels: { ...this.selector } },
          strategy: rollout.strategy,
          minReadySeconds: rollout.minReadySeconds,
          revisionHistoryLimit: rollout.revisionHistoryLimit,
          progressDeadlineSeconds: 600,
          template: {
            metadata: { labels, ...(Object.keys(podAnnotations).length > 0 ? { annotations: podAnnotations } : {}) },
            spec: {
              serviceAccountName: name,
              automountServiceAccountToken: security.automountServiceAccountToken,
              enableServiceLinks: false,
              securityContext: security.podSecurityContext,
              terminationGracePeriodSeconds: rollout.terminationGracePeriodSeconds,
              topologySpreadConstraints: spread,
              containers: [container],
              volumes: security.volumes.length > 0 ? security.volumes : undefined,
            },
          },
        },
      });

      if (this.ports.length > 0) {
        this.service = new ManifestObject(this, 'service', {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: metadata(name),
          spec: {
            type: 'ClusterIP',
            selector: { ...this.selector },
            ports: this.ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.name, protocol: p.protocol ?? 'TCP' })),
          },
        });
      }

      if (autoscaling) this.addAutoscaler(metadata(name), autoscaling);
      if (this.replicas.max > 1) {
        const maxUnavailable = props.disruptionBudget?.maxUnavailable ?? 1;
        new ManifestObject(this, 'disruption-budget', {
          apiVersion: 'policy/v1',
          kind: 'PodDisruptionBudget',
          metadata: metadata(name),
          spec: {
            maxUnavailable,
            selector: { matchLabels: { ...this.selector } },
          },
        });
      }

      // Object.assign, not `{ ...props.network, external }`: Node 20's V8 adds fields to a spread copy ~20× slower.
      const networkSpec = renderNetworkPolicySpec(this.selector, Object.assign({}, props.network, { external: [...(props.network?.external ?? []), ...(props.egress ?? [])] }));
      if (networkSpec) new ManifestObject(this, 'network-policy', { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: metadata(name), spec: networkSpec });

      this.ingressRoutes = this.resolveIngress(props);
    } catch (error) {
      throw error instanceof ShipshapeError ? error.within({ environment, service: name }) : error;
    }
  }

  private resolveProbes(props: MicroserviceProps, defaultPort: string | undefined) {
    const health = props.health;
    if (health?.port !== undefined) findPort(this.ports, health.port, 'health.port');
    const port = health?.port ?? defaultPort;
    if (health && port === undefined) {
      throw new ShipshapeError({ field: 'health' }, 'declares HTTP checks but the service has no port', 'add a port, or use readiness/liveness with HealthCheck.exec');
    }
    const readiness = props.readiness ?? (health ? HealthCheck.http(health.path, { port }) : undefined);
    const liveness = props.liveness ?? (health ? (health.livenessPath ? HealthCheck.http(health.livenessPath, { port }) : HealthCheck.tcp({ port })) : undefined);
    const startup = props.startup === false ? undefined : props.startup ?? readiness;

    for (const [field, check] of [['readiness', readiness], ['liveness', liveness], ['startup', startup]] as const) {
      if (check && check.action.kind !== 'exec') {
        const reference = check.action.port ?? defaultPort;
        if (reference === undefined) {
          throw new ShipshapeError({ field }, 'checks a port but the service has no port', 'add a port, or use HealthCheck.exec');
        }
        findPort(this.ports, reference, `${field}.port`);
      }
    }
    if (this.ports.length > 0 && !readiness) {
      throw new ShipshapeError(
        { field: 'readiness' },
        'is missing, so the service would get traffic before it can answer',
        "add health: { path: '/healthz' } or readiness: HealthCheck.http('/ready')",
      );
    }
    if (readiness && liveness && readiness.sameActionAs(liveness, defaultPort)) {
      throw new ShipshapeError(
        { field: 'liveness' },
        'checks the same thing as readiness, so a slow dependency would restart every pod at once',
        'use a separate liveness path (health.livenessPath) or a TCP check (HealthCheck.tcp())',
      );
    }
    return { readiness, liveness, startup: startup ? withStartupTiming(startup, props.startup) : undefined };
  }

  private addAutoscaler(metadata: ObjectMeta, autoscaling: ResolvedAutoscaling): void {
    new ManifestObject(this, 'autoscaler', {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata,
      spec: renderAutoscalerSpec(this.name, autoscaling),
    });
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
      if (problem) throw new ShipshapeError({ field: ingress.hosts ? `ingress.hosts[${index}]` : 'ingress.subdomain' }, problem, 'use a lowercase host such as "api.example.com"');
    });
    const paths = ingress.paths ?? ['/'];
    paths.forEach((path, index) => {
      if (!path.startsWith('/')) throw new ShipshapeError({ field: `ingress.paths[${index}]` }, `"${path}" does not start with "/"`, 'write paths like "/" or "/api"');
    });
    return hosts.flatMap((host) => paths.map((path) => ({ service: this.name, host, path, port: port.name })));
  }
}

function changeCause(image: Image, podAnnotations: Record<string, string>): string {
  const config = podAnnotations[CONFIG_HASH_ANNOTATION];
  const secrets = podAnnotations[SECRETS_HASH_ANNOTATION];
  return [`image ${image.reference}`, ...(config ? [`config ${config}`] : []), ...(secrets ? [`secrets ${secrets}`] : [])].join(', ');
}

function spreadConstraint(topologyKey: string, selector: Record<string, string>): TopologySpreadConstraint {
  return {
    maxSkew: 1,
    topologyKey,
    // ScheduleAnyway: spreading is a preference; a small cluster must still be able to run every replica.
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: { matchLabels: { ...selector } },
    // Count only pods of the same ReplicaSet, so a rollout's surge does not skew the spread.
    matchLabelKeys: ['pod-template-hash'],
  };
}

/** The startup probe reuses a check's handler with the startup role's own timing unless the user set one. */
function withStartupTiming(check: HealthCheck, explicit: HealthCheck | false | undefined): HealthCheck {
  if (explicit) return explicit;
  const { action } = check;
  switch (action.kind) {
    case 'http':
      return HealthCheck.http(action.path, { port: action.port });
    case 'tcp':
      return HealthCheck.tcp({ port: action.port });
    case 'exec':
      return HealthCheck.exec(action.command);
  }
}
