import { contentHash } from '../content-hash';
import type { EnvironmentProps } from '../environment/environment';
import type { ConfigValues } from '../microservice/config-map';
import type { IngressRoute } from '../microservice/ingress-rule';
import type { ServiceDefinition } from '../microservice/microservice-props';
import type { ServiceOverrides } from '../microservice/service-definition';
import { emptySecretCatalog, SecretCatalog } from '../secrets/secret-catalog';
import { EnvironmentKind, EnvironmentShape, environmentShape } from './environment-kind';
import { findObject, parseObjects, SynthesizedObject } from './synthesized-object';
import { SynthesizedEnvironment, synthesizeEnvironment } from './synthesize-environment';

/** Where and with what a service is synthesized for a test. */
export interface SynthesizeServiceOptions {
  /**
   * The environment to place the service in: a kind (`'staging'`, `'production'`, `'preview'`), or an
   * environment of your own, whose `services` run beside it. The name of your own defaults to `test` and
   * its domain to `example.com`.
   * @default 'staging'
   */
  readonly environment?: EnvironmentKind | Partial<EnvironmentProps>;
  /**
   * The platform's definitions of services this one calls (`dependsOn`). Their ports end up in this
   * service's NetworkPolicy.
   * @default - a stand-in for each dependency, with one port named `http`
   */
  readonly dependencies?: readonly ServiceDefinition[];
  /**
   * What the environment changes about this service, over what the kind of environment changes.
   * @default - no changes
   */
  readonly overrides?: ServiceOverrides;
}

/** A change to synthesize a service with, to compare against the original (see `SynthesizedService.variant`). */
export interface ServiceVariant {
  /**
   * Config values merged over the service's own and the environment's overrides.
   * @default - the config the service has in the environment
   */
  readonly config?: ConfigValues;
  /**
   * Another fingerprint of the service's stored secret values, as a changed secret gives.
   * @default - the environment's fingerprint
   */
  readonly secretsDigest?: string;
}

/** One service synthesized into one environment, in memory. */
export interface SynthesizedService {
  /** The service definition as given. */
  readonly service: ServiceDefinition;
  /** The options it was synthesized with. */
  readonly options: SynthesizeServiceOptions;
  /** The whole environment it was placed in, including dependencies and the shared objects (Namespace, Ingress). */
  readonly environment: SynthesizedEnvironment;
  /** The service's own manifest, exactly as `shipshape synth` writes it to `manifests/<environment>/<service>.yaml`: snapshot this. */
  readonly yaml: string;
  /** The service's own objects, parsed back from `yaml`, in file order. */
  readonly objects: readonly SynthesizedObject[];
  /** Host + path → port routes the environment's Ingress sends to the service, with the port by name. */
  readonly routes: readonly Pick<IngressRoute, 'service' | 'host' | 'path' | 'port'>[];
  /**
   * The one object of the service of a kind (and name); throws, listing the objects there are, when there is none or several.
   * @param kind e.g. `Deployment`
   * @param name the object's name; any name when left out
   */
  object(kind: string, name?: string): SynthesizedObject;
  /** The same service in the same environment, synthesized again with a change (e.g. another config value). */
  variant(change: ServiceVariant): SynthesizedService;
}

/**
 * Synthesizes one service into a kind of environment, exactly as the platform's `shipshape synth` would,
 * for snapshot tests and assertions in the service's own repository:
 *
 * @example
 * const synthesized = synthesizeService(billing, { environment: 'production' });
 * expect(synthesized.yaml).toMatchSnapshot();
 * assertService(synthesized).hasReadinessProbe().rollsOnConfigChange().passesPolicyGate();
 *
 * Services it depends on are stood in for unless given; declared secrets are taken as stored.
 * A mistake in the definition throws its `ShipshapeError`, as synth would.
 */
export function synthesizeService(service: ServiceDefinition, options: SynthesizeServiceOptions = {}): SynthesizedService {
  return synthesizeVariant(service, options, {});
}

function synthesizeVariant(service: ServiceDefinition, options: SynthesizeServiceOptions, variant: ServiceVariant): SynthesizedService {
  const environment = synthesizeEnvironment(environmentFor(service, options, variant), { validate: false });
  const file = `${service.name}.yaml`;
  const yaml = environment.files.get(file);
  if (yaml === undefined) throw new Error(`environment ${environment.name}: synth produced no ${file} (files: ${[...environment.files.keys()].join(', ')})`);
  const objects = parseObjects(yaml);
  return {
    service,
    options,
    environment,
    yaml,
    objects,
    routes: routesTo(service.name, environment.objects),
    object: (kind, name) => findObject(objects, kind, name, `service ${service.name} in environment ${environment.name}`),
    variant: (change) => synthesizeVariant(service, options, { ...variant, ...change }),
  };
}

function environmentFor(service: ServiceDefinition, options: SynthesizeServiceOptions, variant: ServiceVariant): EnvironmentProps {
  const placement = options.environment ?? 'staging';
  const own = typeof placement === 'string' ? undefined : placement;
  const shape: EnvironmentShape = own ? { environment: { name: 'test', domain: 'example.com', ...own }, everyService: {} } : environmentShape(placement as EnvironmentKind);

  const others = uniqueByName([...(own?.services ?? []), ...(options.dependencies ?? [])].filter((s) => s.name !== service.name));
  const known = new Set([service.name, ...others.map((s) => s.name)]);
  const standIns = [...new Set(service.dependsOn ?? [])].filter((name) => !known.has(name)).map(standIn);
  const services = [service, ...others, ...standIns];

  const overrides: Record<string, ServiceOverrides> = {};
  for (const { name } of services) overrides[name] = { ...shape.everyService, ...own?.overrides?.[name] };
  const placed: ServiceOverrides = { ...overrides[service.name], ...options.overrides };
  overrides[service.name] = variant.config ? { ...placed, config: { ...placed.config, ...variant.config } } : placed;

  const secrets = own?.secrets ?? storedAsDeclared(services);
  return {
    ...shape.environment,
    services,
    overrides,
    secrets: variant.secretsDigest === undefined ? secrets : withDigest(secrets, service.name, variant.secretsDigest),
  };
}

/** A dependency the test did not provide: just enough of a service for NetworkPolicies to name. */
function standIn(name: string): ServiceDefinition {
  return { name, image: `registry.invalid/stand-in/${name}:0.0.0`, ports: [{ name: 'http', port: 8080 }], health: { path: '/' } };
}

function uniqueByName(services: readonly ServiceDefinition[]): ServiceDefinition[] {
  const seen = new Set<string>();
  return services.filter((s) => !seen.has(s.name) && seen.add(s.name) !== undefined);
}

/** A store that holds exactly the secret keys each service in the test environment declares, as a platform that set them up would. */
function storedAsDeclared(services: readonly ServiceDefinition[]): SecretCatalog {
  const stored = new Map(services.filter((s) => (s.secrets ?? []).length > 0).map((s) => [s.name, [...new Set(s.secrets)].sort()]));
  return {
    ...emptySecretCatalog('the test environment'),
    keys: (name) => stored.get(name) ?? [],
    digest: (name) => (stored.has(name) ? contentHash({ service: name, keys: stored.get(name) }) : undefined),
    services: () => [...stored.keys()].sort(),
  };
}

/** The same store, with another fingerprint for one service. */
function withDigest(catalog: SecretCatalog, service: string, digest: string): SecretCatalog {
  return new Proxy(catalog, {
    get(target, key) {
      if (key === 'digest') return (name: string) => (name === service ? digest : target.digest(name));
      const value = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function routesTo(service: string, objects: readonly SynthesizedObject[]): Array<Pick<IngressRoute, 'service' | 'host' | 'path' | 'port'>> {
  // The Ingress names the Service's port by number; the route names it as the definition does.
  const ports = objects.find((o) => o.kind === 'Service' && o.metadata.name === service)?.spec?.ports ?? [];
  const portName = (port: { name?: string; number?: number }) => port.name ?? ports.find((p: any) => p.port === port.number)?.name ?? String(port.number);
  return objects
    .filter((o) => o.kind === 'Ingress')
    .flatMap((ingress) => (ingress.spec?.rules ?? []).flatMap((rule: any) =>
      (rule.http?.paths ?? [])
        .filter((path: any) => path.backend?.service?.name === service)
        .map((path: any) => ({ service, host: rule.host, path: path.path, port: portName(path.backend.service.port) })),
    ));
}
