import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ShipshapeError } from '../errors';
import { ManifestObject } from '../kubernetes/manifest-object';
import { environmentLabels, selectorLabels } from '../microservice/labels';
import { Microservice } from '../microservice/microservice';
import type { ServiceDefinition, ServiceSpec } from '../microservice/microservice-props';
import { resolveServiceSpec } from '../microservice/service-definition';
import { emptySecretCatalog, SecretCatalog } from '../secrets/secret-catalog';
import { EnvironmentDefinition, validateEnvironmentDefinition } from './environment-definition';
import { EnvironmentIngress } from './ingress';
import { NetworkBaseline } from './network-baseline';
import { ReleaseVersions, withRelease } from './release-versions';

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
 * One environment as a cdk8s Chart: its Namespace, default-deny network
 * baseline, one Microservice per service with the environment's overrides,
 * and the single Ingress that routes to every exposed service.
 */
export class Environment extends Chart {
  /** The environment name. */
  public readonly name: string;
  /** The namespace every object is in. */
  public readonly namespaceName: string;
  /** The services, in definition order. */
  public readonly microservices: readonly Microservice[];
  /** Things worth a look that do not stop synth (e.g. stored secrets no service uses). */
  public readonly warnings: readonly string[];

  public constructor(scope: Construct, props: EnvironmentProps) {
    validateEnvironmentDefinition(props);
    super(scope, props.name, { disableResourceNameHashes: true });
    this.name = props.name;
    this.namespaceName = props.namespace ?? props.name;
    const partOf = props.partOf ?? 'shipshape';
    const secrets = props.secrets ?? emptySecretCatalog(`environments/${this.name}/secrets.json`);
    const warnings: string[] = [];

    const specs = new Map<string, ServiceSpec>();
    for (const service of props.services) {
      specs.set(service.name, this.placed(service.name, () =>
        withRelease(resolveServiceSpec(service, props.defaults, props.overrides?.[service.name]), service.name, props.releases?.[service.name])));
    }
    this.checkReleases(props.releases ?? {}, specs);
    this.checkDependencies(specs);

    const labels = environmentLabels(this.name, partOf);
    new ManifestObject(this, 'namespace', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: this.namespaceName,
        labels: {
          ...labels,
          // Admission rejects any pod that loosens the restricted profile, even one applied by hand.
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': 'v1.27',
        },
      },
    });
    new NetworkBaseline(this, 'network-baseline', { metadata: { namespace: this.namespaceName, labels } });

    const ingress = props.ingress ?? {};
    const dependents = dependentsByService(specs);
    // Object.assign, not `{ ...spec, environment, … }`: Node 20's V8 adds fields to a spread copy ~20× slower.
    this.microservices = [...specs.entries()].map(([name, spec]) =>
      new Microservice(this, name, Object.assign({}, spec, {
        environment: this.name,
        namespace: this.namespaceName,
        partOf,
        domain: props.domain,
        secretsDigest: secrets.digest(name),
        network: {
          from: [
            ...(spec.ingress && spec.ports?.length
              ? [{
                namespace: ingress.controllerNamespace ?? 'ingress-nginx',
                podLabels: ingress.controllerPodLabels ?? { 'app.kubernetes.io/name': 'ingress-nginx' },
                ports: [spec.ingress.port ?? spec.ports[0].name],
              }]
              : []),
            ...(dependents.get(name) ?? []).map((dependent) => ({ podLabels: selectorLabels(dependent, this.name), ports: portNames(spec) })),
            ...(spec.metrics && props.monitoring
              ? [{ namespace: props.monitoring.namespace, podLabels: props.monitoring.podLabels ?? {}, ports: [spec.metrics.port] }]
              : []),
          ],
          to: (spec.dependsOn ?? []).map((target) => ({ podLabels: selectorLabels(target, this.name), ports: portNames(specs.get(target)!) })),
        },
      })),
    );

    // After the services, so a mistake in a service's own definition is reported before a missing stored value.
    warnings.push(...this.checkSecrets(props.services, secrets));

    const routes = this.microservices.flatMap((service) => service.ingressRoutes);
    if (routes.length > 0) {
      new EnvironmentIngress(this, 'ingress', {
        environment: this.name,
        metadata: { name: partOf, namespace: this.namespaceName, labels },
        routes,
        options: ingress,
      });
    }
    this.warnings = warnings;
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

  private checkSecrets(services: readonly ServiceDefinition[], catalog: SecretCatalog): string[] {
    const warnings: string[] = [];
    const running = new Set(services.map((service) => service.name));
    for (const service of services) {
      const required = service.secrets ?? [];
      const stored = new Set(catalog.keys(service.name));
      required.forEach((key, index) => {
        if (!stored.has(key)) {
          throw new ShipshapeError(
            { environment: this.name, service: service.name, field: `secrets[${index}]` },
            `requires the secret key ${key}, which ${catalog.source} does not hold`,
            `store it with \`shipshape secrets set ${this.name} ${service.name} ${key}\``,
          );
        }
      });
      for (const key of stored) {
        if (!required.includes(key)) warnings.push(`environment ${this.name}, service ${service.name}: the stored secret key ${key} is not used by the service; remove it with \`shipshape secrets rm ${this.name} ${service.name} ${key}\``);
      }
    }
    for (const service of catalog.services()) {
      if (!running.has(service)) warnings.push(`environment ${this.name}: ${catalog.source} holds secrets for ${service}, which does not run here`);
    }
    return warnings;
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

function portNames(spec: ServiceSpec): string[] {
  return (spec.ports ?? []).map((port) => port.name);
}
