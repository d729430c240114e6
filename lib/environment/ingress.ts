import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ShipshapeError } from '../errors';
import { FieldProvenance } from '../field-provenance';
import type { IngressRoute } from '../microservice/ingress-rule';
import type { Microservice } from '../microservice/microservice';
import type { IngressOptions } from './environment-definition';

/** Props of the environment's single Ingress. */
export interface EnvironmentIngressProps {
  /** The environment name, for error messages. */
  readonly environment: string;
  /** The object metadata (name, namespace, labels). */
  readonly metadata: ApiObjectMetadata;
  /** The services routes go to, by name. */
  readonly services: ReadonlyMap<string, Microservice>;
  /** Class, TLS issuer and annotations. */
  readonly options: IngressOptions;
}

/**
 * One Ingress for the whole environment (a cdk8s-plus-27 Ingress): a rule per host, a path per route
 * to the route's Service, and a TLS certificate per host from cert-manager.
 */
export class EnvironmentIngress extends Construct {
  /** The Ingress. */
  public readonly ingress: kplus.Ingress;

  public constructor(scope: Construct, id: string, props: EnvironmentIngressProps) {
    super(scope, id);
    const hosts = routesByHost(props);
    const issuer = props.options.clusterIssuer ?? 'letsencrypt';
    const annotations = { ...(issuer ? { 'cert-manager.io/cluster-issuer': issuer } : {}), ...props.options.annotations };
    this.ingress = new kplus.Ingress(this, 'ingress', {
      metadata: { ...props.metadata, annotations },
      className: props.options.className ?? 'nginx',
    });
    const object = ApiObject.of(this.ingress);
    [...hosts].forEach(([host, routes], index) => {
      for (const route of routes) {
        const service = props.services.get(route.service)!;
        const port = service.ports.find((candidate) => candidate.name === route.port)!;
        this.ingress.addHostRule(host, route.path, kplus.IngressBackend.fromService(service.service!, { port: port.port }), kplus.HttpIngressPathType.PREFIX);
      }
      if (issuer) this.ingress.addTls([{ hosts: [host], secret: kplus.Secret.fromSecretName(this, `tls-${index}`, tlsSecretName(host)) }]);
      recordRoutes(object, index, routes);
    });
    FieldProvenance.record(object, ['spec', 'tls'], 'ingress.clusterIssuer');
    FieldProvenance.record(object, ['spec', 'ingressClassName'], 'ingress.className');
    FieldProvenance.record(object, ['metadata', 'annotations'], 'ingress.annotations');
  }
}

/** Every route grouped by host, in service order; two services claiming one host and path is a mistake. */
function routesByHost(props: EnvironmentIngressProps): Map<string, IngressRoute[]> {
  const claimed = new Map<string, IngressRoute>();
  const hosts = new Map<string, IngressRoute[]>();
  for (const route of [...props.services.values()].flatMap((service) => service.ingressRoutes)) {
    const key = `${route.host}${route.path}`;
    const owner = claimed.get(key);
    if (owner) {
      throw new ShipshapeError(
        { environment: props.environment, service: route.service, field: 'ingress' },
        `claims ${route.host}${route.path}, which service ${owner.service} already routes`,
        `give one of ${owner.service} and ${route.service} another host or path`,
      );
    }
    claimed.set(key, route);
    hosts.set(route.host, [...(hosts.get(route.host) ?? []), route]);
  }
  return hosts;
}

/** The rules of one host belong to the services routed there: cdk8s-plus-27 writes a host's paths sorted. */
function recordRoutes(object: ApiObject, rule: number, routes: readonly IngressRoute[]): void {
  const host = routes[0];
  FieldProvenance.record(object, ['spec', 'rules', rule], host.hostField, host.service);
  [...routes].sort((a, b) => a.path.localeCompare(b.path)).forEach((route, path) => {
    FieldProvenance.record(object, ['spec', 'rules', rule, 'http', 'paths', path], 'ingress.paths', route.service);
    FieldProvenance.record(object, ['spec', 'rules', rule, 'http', 'paths', path, 'backend'], 'ingress.port', route.service);
  });
}

/** The Secret cert-manager keeps a host's certificate in: `api-example-com-tls`. */
function tlsSecretName(host: string): string {
  return `${host.replace(/^\*/, 'wildcard').replace(/\./g, '-')}-tls`;
}
