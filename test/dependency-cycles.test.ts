import type { ServiceDefinition } from '../lib';
import { httpService, only, renderEnvironment } from './support/render';

// Services that call each other are allowed: a dependency only opens traffic, it orders nothing (Kubernetes
// starts Deployments independently), so each edge of a cycle is one more NetworkPolicy rule on each end.
describe('a dependency cycle', () => {
  const service = (name: string, dependsOn: string[]): ServiceDefinition => ({ ...httpService, name, dependsOn });
  const names = (rules: unknown) => [...JSON.stringify(rules ?? []).matchAll(/"app\.kubernetes\.io\/name":"([a-z-]+)"/g)].map((match) => match[1]);

  test('of two services opens traffic both ways', () => {
    const objects = renderEnvironment({ name: 'staging', domain: 'example.com', services: [service('orders', ['billing']), service('billing', ['orders'])] });
    for (const [name, peer] of [['orders', 'billing'], ['billing', 'orders']]) {
      const policy = only(objects, 'NetworkPolicy', name);
      expect(names(policy.spec.egress)).toEqual([peer]);
      expect(names(policy.spec.ingress)).toEqual([peer]);
    }
  });

  test('through three services opens each edge once', () => {
    const objects = renderEnvironment({ name: 'staging', domain: 'example.com', services: [service('first', ['second']), service('second', ['third']), service('third', ['first'])] });
    expect(names(only(objects, 'NetworkPolicy', 'first').spec.egress)).toEqual(['second']);
    expect(names(only(objects, 'NetworkPolicy', 'first').spec.ingress)).toEqual(['third']);
  });
});
