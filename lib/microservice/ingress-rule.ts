/** How an environment's Ingress routes to this service. */
export interface IngressRuleOptions {
  /**
   * Full host names, e.g. `['flowline.io']`. Usually set per environment.
   * @default - one host, `<subdomain>.<environment domain>`
   */
  readonly hosts?: readonly string[];
  /**
   * The first label of the host under the environment's domain.
   * @default - the service name
   */
  readonly subdomain?: string;
  /**
   * URL path prefixes routed to the service.
   * @default ['/']
   */
  readonly paths?: readonly string[];
  /**
   * The service port that receives the traffic, by name.
   * @default - the service's first port
   */
  readonly port?: string;
}

/** One host + path → service port route, as the environment's single Ingress receives it. */
export interface IngressRoute {
  /** The service name. */
  readonly service: string;
  /** The host. */
  readonly host: string;
  /** The path prefix. */
  readonly path: string;
  /** The service port name. */
  readonly port: string;
  /** The definition field the host comes from: `ingress.hosts[0]`, or `ingress.subdomain` for a host under the environment's domain. */
  readonly hostField: string;
}
