import { ApiObject, ApiObjectMetadataDefinition, Chart, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { ShipshapeError } from '../errors';
import { FieldProvenance } from '../field-provenance';
import { ENVIRONMENT_LABEL, environmentLabels, INSTANCE_LABEL, selectorLabels } from '../microservice/labels';
import { Microservice } from '../microservice/microservice';
import type { ServiceDefinition, ServiceSpec } from '../microservice/microservice-props';
import type { NetworkPeer } from '../microservice/network-policy';
import { findPort } from '../microservice/ports';
import { resolveServiceSpec } from '../microservice/service-definition';
import { emptySecretCatalog, SecretCatalog } from '../secrets/secret-catalog';
import { dnsLabelProblem } from '../validation/names';
import { validateEnvironmentDefinition } from './define-environment';
import type { EnvironmentDefinition } from './environment-definition';
import { EnvironmentIngress } from './ingress';
import { missingSecrets } from './missing-secrets';
import { NetworkBaseline } from './network-baseline';
import { PriorityClasses } from './priority-classes';
import { ReleaseVersions, withRelease } from './release-versions';
import { applyRestrictedPodDefaults } from './restricted-pod-defaults';

/** An environment definition plus what the CLI read for it from disk. */
export interface EnvironmentProps extends EnvironmentDefinition {
  /**
   * The keys and fingerprints of the environment's encrypted secrets.
   * @default - no secrets stored; a service that requires one fails synth
   */
  readonly secrets?: SecretCatalog;
  /**
   * The released image version per service (`environments/<env>/versions.json`), over every other image setting.
   * @default - each service runs the image of its definition and overrides
   */
  readonly releases?: ReleaseVersions;
}

/**
 * One environment as a cdk8s Chart: its Namespace, default-deny network baseline, one Microservice per
 * service with the environment's overrides, the single Ingress that routes to every exposed service, and
 * whatever the definition's `extend` hook adds. The chart's default namespace is the environment's, so
 * objects added without one land there.
 */
export class Environment extends Chart {
  /** The environment name. */
  public readonly name: string;
  /** The namespace every object is in. */
  public readonly namespaceName: string;
  /** The Namespace. */
  public readonly namespaceObject: kplus.Namespace;
  /** The PriorityClass of each tier, `<namespace>-<tier>`, which the pods name. */
  public readonly priorityClasses: PriorityClasses;
  /** The services, in definition order. */
  public readonly microservices: readonly Microservice[];
  /** The Ingress routing to the exposed services, when any is exposed. */
  public readonly ingress?: kplus.Ingress;
  /** The constructs the definition's `extend` hook added, each written to a file named after its id. */
  public readonly extensions: readonly IConstruct[];
  /** Things worth a look that do not stop synth (e.g. stored secrets no service uses). */
  public readonly warnings: readonly string[];

  public constructor(scope: Construct, props: EnvironmentProps) {
    const { secrets: _secrets, releases: _releases, ...definition } = props;
    validateEnvironmentDefinition(definition);
    const namespace = props.namespace ?? props.name;
    super(scope, props.name, { disableResourceNameHashes: true, namespace });
    this.name = props.name;
    this.namespaceName = namespace;
    const partOf = props.partOf ?? 'shipshape';
    const secrets = props.secrets ?? emptySecretCatalog(`environments/${this.name}/secrets.json`);

    const specs = new Map<string, ServiceSpec>();
    for (const service of props.services) {
      specs.set(service.name, this.placed(service.name, () =>
        withRelease(resolveServiceSpec(service, props.defaults, props.overrides?.[service.name]), service.name, props.releases?.[service.name])));
    }
    this.checkReleases(props.releases ?? {}, specs);
    this.checkDependencies(specs);

    const labels = environmentLabels(this.name, partOf);
    this.namespaceObject = new kplus.Namespace(this, 'namespace', {
      metadata: {
        name: namespace,
        labels: {
          ...labels,
          // Admission rejects any pod that loosens the restricted profile, even one applied by hand.
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': 'v1.27',
        },
      },
    });
    // A Namespace is not in a namespace; the chart's default namespace is for the objects in it.
    ApiObject.of(this.namespaceObject).addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    const baseline = new NetworkBaseline(this, 'network-baseline', { metadata: { namespace, labels } });
    this.priorityClasses = new PriorityClasses(this, 'priority-classes', { namespace, labels });

    const ingress = props.ingress ?? {};
    const dependents = dependentsByService(specs);
    this.microservices = [...specs.entries()].map(([name, spec]) => {
      const from: NetworkPeer[] = [];
      if (spec.ingress && spec.ports?.length) {
        from.push({
          namespace: ingress.controllerNamespace ?? 'ingress-nginx',
          podLabels: ingress.controllerPodLabels ?? { 'app.kubernetes.io/name': 'ingress-nginx' },
          ports: [this.placed(name, () => findPort(spec.ports!, spec.ingress ? spec.ingress.port ?? spec.ports![0].name : '', 'ingress.port').port)],
        });
      }
      for (const dependent of dependents.get(name) ?? []) from.push({ podLabels: selectorLabels(dependent), ports: portNumbers(spec) });
      if (spec.metrics && props.monitoring) {
        from.push({ namespace: props.monitoring.namespace, podLabels: props.monitoring.podLabels ?? {}, ports: [this.placed(name, () => findPort(spec.ports ?? [], spec.metrics!.port, 'metrics.port').port)] });
      }
      const to = (spec.dependsOn ?? []).map((target) => ({ podLabels: selectorLabels(target), ports: portNumbers(specs.get(target)!) }));
      return new Microservice(this, name, {
        ...spec,
        environment: this.name,
        namespace,
        partOf,
        domain: props.domain,
        secretsDigest: secrets.digest(name),
        network: { from, to },
      });
    });

    // After the services, so a mistake in a service's own definition is reported before a missing stored value.
    const warnings = this.checkSecrets(props.services, secrets);

    const services = new Map(this.microservices.map((service) => [service.name, service]));
    if (this.microservices.some((service) => service.ingressRoutes.length > 0)) {
      this.ingress = new EnvironmentIngress(this, 'ingress', {
        environment: this.name,
        metadata: { name: partOf, namespace, labels },
        services,
        options: ingress,
      }).ingress;
    }
    // The environment's own objects are labelled after partOf (name, instance, part-of) and the environment name.
    for (const object of [this.namespaceObject, baseline.defaultDeny, baseline.allowDns, this.ingress, ...this.priorityClasses.classes.values()]) {
      if (!object) continue;
      FieldProvenance.record(ApiObject.of(object), ['metadata', 'labels'], 'partOf');
      FieldProvenance.record(ApiObject.of(object), ['metadata', 'labels', ENVIRONMENT_LABEL], 'name');
    }
    FieldProvenance.record(ApiObject.of(this.namespaceObject), ['metadata', 'name'], props.namespace !== undefined ? 'namespace' : 'name');

    this.extensions = this.extend(props, services, labels);
    this.warnings = warnings;
  }

  /** The service of this name; throws, naming the services there are, when there is none. */
  public microservice(name: string): Microservice {
    const found = this.microservices.find((service) => service.name === name);
    if (!found) {
      throw new ShipshapeError({ environment: this.name, service: name }, `does not run in this environment (services: ${this.microservices.map((s) => s.name).join(', ') || 'none'})`, 'name one of those services');
    }
    return found;
  }

  /** Runs the definition's `extend` hook, then gives what it added the environment's labels and restricted pod defaults. */
  private extend(props: EnvironmentProps, services: ReadonlyMap<string, Microservice>, labels: Readonly<Record<string, string>>): IConstruct[] {
    if (!props.extend) return [];
    const before = new Set(this.node.children);
    try {
      props.extend(this, services);
    } catch (error) {
      if (error instanceof ShipshapeError) throw error.within({ environment: this.name });
      const message = error instanceof Error ? error.message : String(error);
      throw new ShipshapeError({ environment: this.name, field: 'extend' }, `failed: ${message}`, 'fix the extend hook of the environment definition');
    }
    const added = this.node.children.filter((child) => !before.has(child));
    for (const construct of added) {
      const problem = dnsLabelProblem(construct.node.id);
      if (problem || construct.node.id.startsWith('00-')) {
        throw new ShipshapeError({ environment: this.name, field: 'extend' }, `added a construct whose id ${problem ?? `"${construct.node.id}" starts with "00-", which shipshape's own file uses`}, so it cannot name its manifest file`, 'give it an id like "nightly-cleanup"');
      }
      for (const inner of construct.node.findAll()) {
        // The pods too, so that `kubectl get pods -l shipshape.dev/environment=<env>` finds them.
        if (inner instanceof kplus.AbstractPod) {
          applyRestrictedPodDefaults(inner);
          withEnvironmentLabels(inner.podMetadata, labels);
          // A workload is an instance of itself unless it says otherwise (on the object, not its pods: selectors stay).
          const workload = ApiObject.of(inner);
          if (workload.metadata.getLabel(INSTANCE_LABEL) === undefined) workload.metadata.addLabel(INSTANCE_LABEL, workload.name);
        }
        if (inner instanceof ApiObject) withEnvironmentLabels(inner.metadata, labels);
      }
    }
    return added;
  }

  /** Runs a step for one service, placing any mistake in this environment and service. */
  private placed<T>(service: string, step: () => T): T {
    try {
      return step();
    } catch (error) {
      throw error instanceof ShipshapeError ? error.within({ environment: this.name, service }) : error;
    }
  }

  private checkReleases(releases: ReleaseVersions, specs: ReadonlyMap<string, ServiceSpec>): void {
    for (const service of Object.keys(releases)) {
      if (!specs.has(service)) {
        throw new ShipshapeError(
          { environment: this.name, service, field: `releases.${service}` },
          `pins a release of a service that does not run in this environment (services: ${[...specs.keys()].join(', ') || 'none'})`,
          `remove ${service} from the environment's versions.json or add it to services`,
        );
      }
    }
  }

  private checkDependencies(specs: ReadonlyMap<string, ServiceSpec>): void {
    for (const [name, spec] of specs) {
      (spec.dependsOn ?? []).forEach((target, index) => {
        const location = { environment: this.name, service: name, field: `dependsOn[${index}]` };
        if (target === name) throw new ShipshapeError(location, 'names the service itself', 'remove it');
        const dependency = specs.get(target);
        if (!dependency) {
          throw new ShipshapeError(location, `names "${target}", which does not run in this environment`, `add ${target} to the environment's services or remove the dependency`);
        }
        if (!dependency.ports?.length) {
          throw new ShipshapeError(location, `names "${target}", which has no port to connect to`, `give ${target} a port or remove the dependency`);
        }
      });
    }
  }

  /** Every declared secret the store lacks, in one error (a new environment lacks them all); warnings for stored keys no one reads. */
  private checkSecrets(services: readonly ServiceDefinition[], catalog: SecretCatalog): string[] {
    const warnings: string[] = [];
    const running = new Set(services.map((service) => service.name));
    for (const service of services) {
      const required = service.secrets ?? [];
      for (const key of catalog.keys(service.name)) {
        if (!required.includes(key)) warnings.push(`environment ${this.name}, service ${service.name}: the stored secret key ${key} is not used by the service; remove it with \`shipshape secrets rm ${this.name} ${service.name} ${key}\``);
      }
    }
    for (const service of catalog.services()) {
      if (!running.has(service)) warnings.push(`environment ${this.name}: ${catalog.source} holds secrets for ${service}, which does not run here`);
    }
    const missing = missingSecrets(services, catalog);
    if (missing.length === 1) {
      const [{ service, key, index }] = missing;
      throw new ShipshapeError(
        { environment: this.name, service, field: `secrets[${index}]` },
        `requires the secret key ${key}, which ${catalog.source} does not hold`,
        `store it with \`shipshape secrets set ${this.name} ${service} ${key}\``,
      );
    }
    if (missing.length > 1) {
      throw new ShipshapeError(
        { environment: this.name, field: 'secrets' },
        `its services require ${missing.length} secret keys that ${catalog.source} does not hold (${missing.map(({ service, key }) => `${service} ${key}`).join(', ')})`,
        `store them all at once with \`shipshape secrets set-all ${this.name}\`, one \`SERVICE KEY=value\` line each on stdin`,
      );
    }
    return warnings;
  }
}

/** Adds the labels that place an object in its environment, where it does not set them itself. */
function withEnvironmentLabels(metadata: ApiObjectMetadataDefinition, labels: Readonly<Record<string, string>>): void {
  for (const key of [ENVIRONMENT_LABEL, 'app.kubernetes.io/part-of', 'app.kubernetes.io/managed-by']) {
    if (metadata.getLabel(key) === undefined) metadata.addLabel(key, labels[key]);
  }
}

/** Who depends on each service, in definition order: computed once, not per service. */
function dependentsByService(specs: ReadonlyMap<string, ServiceSpec>): Map<string, string[]> {
  const dependents = new Map<string, string[]>();
  for (const [name, spec] of specs) {
    for (const target of spec.dependsOn ?? []) dependents.set(target, [...(dependents.get(target) ?? []), name]);
  }
  return dependents;
}

function portNumbers(spec: ServiceSpec): number[] {
  return (spec.ports ?? []).map((port) => port.port);
}
