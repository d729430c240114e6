import { EnvironmentProps, ServiceDefinition } from '../lib';
import { httpService, only, renderEnvironment, SynthesizedObject } from './support/render';

const api: ServiceDefinition = { ...httpService, ingress: { subdomain: 'api' }, metrics: { port: 'http' } };
const web: ServiceDefinition = { ...httpService, name: 'web', ports: [{ name: 'http', port: 3000 }], ingress: { subdomain: 'app' }, dependsOn: ['api'] };
const worker: ServiceDefinition = { ...httpService, name: 'worker', ports: [{ name: 'admin', port: 9090 }], dependsOn: ['api'] };

const staging: EnvironmentProps = {
  name: 'staging',
  domain: 'staging.example.com',
  partOf: 'acme',
  services: [api, web, worker],
  monitoring: { namespace: 'monitoring' },
};

describe('Environment', () => {
  const objects = renderEnvironment(staging);
  const policy = (name: string) => only(objects, 'NetworkPolicy', name);

  test('puts every namespaced object in the environment namespace, which enforces the restricted pod security profile', () => {
    const namespace = only(objects, 'Namespace');
    expect(namespace.metadata.name).toBe('staging');
    expect(namespace.metadata.namespace).toBeUndefined();
    expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(objects.filter((o) => o.kind !== 'Namespace' && o.kind !== 'PriorityClass').every((o) => o.metadata.namespace === 'staging')).toBe(true);
    // Cluster-scoped, so the chart's default namespace is not written on them.
    expect(objects.filter((o) => o.kind === 'PriorityClass').map((o) => [o.metadata.name, o.metadata.namespace, o.value])).toEqual([
      ['staging-critical', undefined, 100000], ['staging-standard', undefined, 10000], ['staging-batch', undefined, 1000],
    ]);
  });

  test('has one Ingress with a rule and a cert-manager TLS certificate per exposed service', () => {
    const ingress = only(objects, 'Ingress');
    expect(ingress.metadata.annotations['cert-manager.io/cluster-issuer']).toBe('letsencrypt');
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.spec.rules.map((r: any) => [r.host, r.http.paths[0].backend.service.name])).toEqual([
      ['api.staging.example.com', 'api'],
      ['app.staging.example.com', 'web'],
    ]);
    expect(ingress.spec.tls).toEqual([
      { hosts: ['api.staging.example.com'], secretName: 'api-staging-example-com-tls' },
      { hosts: ['app.staging.example.com'], secretName: 'app-staging-example-com-tls' },
    ]);
  });

  test('denies all traffic by default and lets every pod resolve DNS', () => {
    expect(policy('default-deny').spec).toEqual({ podSelector: {}, policyTypes: ['Egress', 'Ingress'] });
    expect(policy('allow-dns').spec.egress[0].ports).toEqual([{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }]);
  });

  test('opens exactly the declared paths: ingress controller, dependents, monitoring', () => {
    const sources = (p: SynthesizedObject) => p.spec.ingress.map((rule: any) => rule.from[0].namespaceSelector?.matchLabels['kubernetes.io/metadata.name'] ?? rule.from[0].podSelector.matchLabels['app.kubernetes.io/name']);
    expect(sources(policy('api'))).toEqual(['ingress-nginx', 'web', 'worker', 'monitoring']);
    const dns = { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] };
    expect(policy('web').spec.egress).toEqual([
      { to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' } } }], ports: [{ protocol: 'TCP', port: 8080 }] },
      dns,
    ]);
    // Both directions per service, each policy selecting its pods by one label (what Polaris's missingNetworkPolicy
    // looks for); a service nothing may reach admits only its own pods, on its own ports.
    expect(policy('worker').spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy('worker').spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/instance': 'worker' } });
    expect(policy('worker').spec.ingress).toEqual([{ from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'worker' } } }], ports: [{ protocol: 'TCP', port: 9090 }] }]);
  });

  test('overrides win over the service, which wins over environment defaults', () => {
    const overridden = renderEnvironment({
      ...staging,
      policy: { severities: { 'min-replicas': 'off', 'pdb-for-replicas': 'off' } },
      defaults: { replicas: 1, resources: { cpu: { request: '50m' } } },
      overrides: { web: { replicas: 4, config: { MODE: 'staging' }, image: { tag: '9.9.9' }, ingress: { hosts: ['example.com'] } } },
    });
    const deployment = (name: string) => only(overridden, 'Deployment', name);
    expect(deployment('api').spec.replicas).toBe(1);
    expect(deployment('web').spec.replicas).toBe(4);
    expect(deployment('web').spec.template.spec.containers[0].image).toBe('ghcr.io/acme/api:9.9.9');
    expect(deployment('web').spec.template.spec.containers[0].resources.requests.cpu).toBe('50m');
    expect(only(overridden, 'ConfigMap', 'web-config').data).toEqual({ MODE: 'staging' });
    expect(only(overridden, 'Ingress').spec.rules.map((r: any) => r.host)).toEqual(['api.staging.example.com', 'example.com']);
  });

  test('an override can keep a service private or turn autoscaling off', () => {
    const overridden = renderEnvironment({
      ...staging,
      services: [{ ...api, autoscaling: { maxReplicas: 5 } }],
      overrides: { api: { ingress: false, autoscaling: false, replicas: 1 } },
      policy: { severities: { 'min-replicas': 'off', 'pdb-for-replicas': 'off' } },
    });
    expect(overridden.some((o) => o.kind === 'Ingress' || o.kind === 'HorizontalPodAutoscaler')).toBe(false);
    expect(only(overridden, 'Deployment').spec.replicas).toBe(1);
  });
});
