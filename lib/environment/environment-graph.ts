import { ApiObject, App } from 'cdk8s';
import { resolveServiceSpec } from '../microservice/service-definition';
import { Environment, EnvironmentProps } from './environment';
import { withRelease } from './release-versions';

/**
 * An environment as a Mermaid flowchart: ingress hosts → services (with their released
 * version) → the services they declare they call, and the outside networks they reach; beside them,
 * what the environment's `extend` hook adds (each construct with the kinds of its objects).
 * The environment is synthesized first, so the picture is only drawn for a valid definition.
 */
export function environmentGraph(props: EnvironmentProps): string {
  const environment = new Environment(new App(), props);
  const id = (service: string) => `svc_${service.replace(/-/g, '_')}`;
  const lines = ['flowchart LR', `  subgraph ns["namespace ${environment.namespaceName}"]`];
  for (const service of environment.microservices) lines.push(`    ${id(service.name)}["${service.name}<br/>${service.image.version}"]`);
  for (const extension of environment.extensions) {
    const kinds = extension.node.findAll().filter((construct): construct is ApiObject => construct instanceof ApiObject).map((object) => object.kind);
    lines.push(`    extension_${extension.node.id.replace(/-/g, '_')}[["${extension.node.id}<br/>${kinds.join(', ')}"]]`);
  }
  lines.push('  end');

  const hosts = new Map<string, Map<string, string[]>>();
  for (const route of environment.microservices.flatMap((service) => service.ingressRoutes)) {
    const services = hosts.get(route.host) ?? new Map<string, string[]>();
    services.set(route.service, [...(services.get(route.service) ?? []), route.path]);
    hosts.set(route.host, services);
  }
  [...hosts].forEach(([host, services], index) => {
    lines.push(`  host_${index}(["${host}"])`);
    for (const [service, paths] of services) {
      const label = paths.length === 1 && paths[0] === '/' ? '' : `-- "${paths.join(' ')}" `;
      lines.push(`  host_${index} ${label}--> ${id(service)}`);
    }
  });

  let external = 0;
  for (const service of props.services) {
    for (const target of service.dependsOn ?? []) lines.push(`  ${id(service.name)} --> ${id(target)}`);
    const spec = withRelease(resolveServiceSpec(service, props.defaults, props.overrides?.[service.name]), service.name, props.releases?.[service.name]);
    for (const egress of spec.egress ?? []) {
      const ports = egress.ports && egress.ports.length > 0 ? `:${egress.ports.join(',')}` : '';
      lines.push(`  ${id(service.name)} -.-> ext_${external}[("${egress.cidr}${ports}${egress.description ? `<br/>${egress.description}` : ''}")]`);
      external++;
    }
  }
  return `${lines.join('\n')}\n`;
}
