import { Construct } from 'constructs';
import type { ObjectMeta } from '../kubernetes/api';
import { ManifestObject } from '../kubernetes/manifest-object';
import { ShipshapeError } from '../errors';
import type { IngressRoute } from '../microservice/ingress-rule';
import type { IngressOptions } from './environment-definition';

/** Props of the environment's single Ingress. */
export interface EnvironmentIngressProps {
  /** The environment name, for error messages. */
  readonly environment: string;
  /** The object metadata (name, namespace, labels). */
  readonly metadata: ObjectMeta;
  /** Every route of every exposed service, in service order. */
  readonly routes: readonly IngressRoute[];
  /** Class, TLS issuer and annotations. */
  readonly options: IngressOptions;
}

/**
 * One Ingress for the whole environment: a rule per host, a path per route,
 * and a TLS certificate per host from cert-manager.
 */
export class EnvironmentIngress extends Construct {
  public constructor(scope: Construct, id: string, props: EnvironmentIngressProps) {
    super(scope, id);
    const claimed = new Map<string, IngressRoute>();
    const hosts = new Map<string, IngressRoute[]>();
    for (const route of props.routes) {
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
    const issuer = props.options.clusterIssuer ?? 'letsencrypt';
    const annotations = { ...(issuer ? { 'cert-manager.io/cluster-issuer': issuer } : {}), ...props.options.annotations };
    new ManifestObject(this, 'ingress', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { ...props.metadata, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
      spec: {
        ingressClassName: props.options.className ?? 'nginx',
        tls: issuer ? [...hosts.keys()].map((host) => ({ hosts: [host], secretName: `${host.replace(/^\*/, 'wildcard').replace(/\./g, '-')}-tls` })) : undefined,
        rules: [...hosts.entries()].map(([host, routes]) => ({
          host,
          http: {
            paths: routes.map((route) => ({
              path: route.path,
              pathType: 'Prefix',
              backend: { service: { name: route.service, port: { name: route.port } } },
            })),
          },
        })),
      },
    });
  }
}
