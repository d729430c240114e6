import { defineEnvironment, defineService, HealthCheck, ServiceDefinition } from '../lib';
import { httpService, renderEnvironment, renderService } from './support/render';
import { mistake } from './support/mistake';

const broken = (patch: Partial<ServiceDefinition>) => mistake(() => renderService({ ...httpService, ...patch } as ServiceDefinition));

describe('a mistake in a service names environment, service and field, says what is wrong and how to fix it', () => {
  test.each<[string, Partial<ServiceDefinition>, string]>([
    ['the latest tag', { image: 'ghcr.io/acme/api:latest' }, 'environment test, service api, field image: "ghcr.io/acme/api:latest" uses the tag "latest", which changes under a running Deployment; pin a release tag such as "1.4.2" or a digest.'],
    ['an untagged image', { image: 'ghcr.io/acme/api' }, 'environment test, service api, field image: "ghcr.io/acme/api" has no tag or digest; pin a release, e.g. "ghcr.io/acme/api:1.4.2" or "ghcr.io/acme/api@sha256:…".'],
    ['a bad digest', { image: 'ghcr.io/acme/api@sha256:123' }, 'field image: "sha256:123" is not an image digest'],
    ['an uppercase repository', { image: 'ghcr.io/Acme/api:1.0.0' }, 'field image: "ghcr.io/Acme/api" is not an image repository'],
    ['a long port name', { ports: [{ name: 'http-metrics-admin', port: 8080 }] }, 'field ports[0].name: "http-metrics-admin" is 18 characters long, more than the 15 a port name allows; name ports like "http", "grpc" or "metrics".'],
    ['a port out of range', { ports: [{ name: 'http', port: 70000 }] }, 'field ports[0].port: expected a port number from 1 to 65535, found the number 70000; use at most 65535.'],
    ['a duplicate port name', { ports: [{ name: 'http', port: 8080 }, { name: 'http', port: 8081 }] }, 'field ports[1].name: port name "http" is used twice'],
    ['a port without readiness', { health: undefined }, 'field readiness: is missing, so the service would get traffic before it can answer'],
    ['liveness equal to readiness', { health: undefined, readiness: HealthCheck.http('/healthz'), liveness: HealthCheck.http('/healthz', { periodSeconds: 30 }) }, 'field liveness: checks the same thing as readiness'],
    ['a probe on an unknown port', { health: { path: '/readyz', port: 'admin' } }, 'field health.port: refers to port "admin", which the service does not declare (declared ports are "http" (8080)); name a declared port or add it to ports.'],
    ['a bad env var name in config', { config: { '1BAD NAME': 'x' } }, 'field config.1BAD NAME: the key "1BAD NAME" is not an environment variable name'],
    ['a key in both config and secrets', { config: { TOKEN: 'x' }, secrets: ['TOKEN'] }, 'field config.TOKEN: "TOKEN" is also declared in secrets; keep a sensitive value in secrets only and remove it from config.'],
    ['a request above its limit', { resources: { memory: { request: '1Gi', limit: '512Mi' } } }, 'field resources.memory: the request 1Gi is larger than the limit 512Mi; raise the limit or lower the request.'],
    ['a malformed quantity', { resources: { cpu: { request: 'lots' } } }, 'field resources.cpu.request: "lots" is not a positive Kubernetes quantity'],
    ['autoscaling bounds upside down', { autoscaling: { minReplicas: 5, maxReplicas: 2 } }, 'field autoscaling.maxReplicas: 2 is below minReplicas 5; set maxReplicas to 5 or more.'],
    ['a utilization over 100%', { autoscaling: { maxReplicas: 4, cpuUtilization: 150 } }, 'field autoscaling.cpuUtilization: expected a percentage from 1 to 100, found the number 150; use at most 100.'],
    ['a grace period shorter than the drain', { rollout: { drainSeconds: 30, terminationGracePeriodSeconds: 20 } }, 'field rollout.terminationGracePeriodSeconds: 20s does not exceed the 30s drain pause'],
    ['a zero surge', { rollout: { maxSurge: 0 } }, 'field rollout.maxSurge: 0 is not a positive count or a percentage'],
    ['a root user', { security: { runAsUser: 0 } }, 'field security.runAsUser: 0 would run the container as root; use an id above 10000, e.g. 10001.'],
    ['an ingress host with capitals', { ingress: { hosts: ['API.example.com'] } }, 'field ingress.hosts[0]: "API.example.com" is not a lowercase DNS host name'],
    ['an ingress path without a slash', { ingress: { paths: ['api'] } }, 'field ingress.paths[0]: expected a path starting with "/", such as "/api", found the string "api"; write it as "/api".'],
    ['an egress rule with a bad CIDR', { egress: [{ cidr: '10.0.0.0/33', ports: [5432] }] }, 'field egress[0].cidr: "10.0.0.0/33" is not an IPv4 CIDR'],
    ['a secret key listed twice', { secrets: ['A', 'A'] }, 'field secrets[1]: "A" is listed twice'],
  ])('%s', (_, patch, expected) => {
    const message = broken(patch);
    expect(message).toContain(expected);
    expect(message.startsWith('environment test, service api, field ')).toBe(true);
  });

  test('an invalid service name is refused where the service is defined', () => {
    expect(mistake(() => defineService({ ...httpService, name: 'Orders_Svc' }))).toBe(
      'service Orders_Svc, field name: the service name "Orders_Svc" is not a DNS-1035 label (lowercase letters, digits and "-", starting with a letter and ending with a letter or digit); use a short lowercase name such as "api" or "billing-worker".',
    );
  });
});

describe('a mistake in an environment names the environment and the services involved', () => {
  const web: ServiceDefinition = { ...httpService, name: 'web', ingress: { subdomain: 'www' } };

  test('two services claiming the same host and path', () => {
    const shop: ServiceDefinition = { ...httpService, name: 'shop', ingress: { hosts: ['www.example.com'] } };
    expect(mistake(() => renderEnvironment({ name: 'staging', domain: 'example.com', services: [web, shop] }))).toBe(
      'environment staging, service shop, field ingress: claims www.example.com/, which service web already routes; give one of web and shop another host or path.',
    );
  });

  test('a dependency that does not run in the environment', () => {
    expect(mistake(() => renderEnvironment({ name: 'staging', domain: 'example.com', services: [{ ...web, dependsOn: ['billing'] }] }))).toBe(
      `environment staging, service web, field dependsOn[0]: names "billing", which does not run in this environment; add billing to the environment's services or remove the dependency.`,
    );
  });

  test('an override for a service that is not there', () => {
    expect(mistake(() => defineEnvironment({ name: 'staging', domain: 'example.com', services: [web], overrides: { wbe: { replicas: 1 } } }))).toBe(
      'environment staging, service wbe, field overrides.wbe: overrides a service that is not in this environment (services: web); add wbe to services or remove the override.',
    );
  });

  test('a service listed twice', () => {
    expect(mistake(() => defineEnvironment({ name: 'staging', domain: 'example.com', services: [web, web] }))).toContain('field services[1]: "web" is listed twice');
  });

  test('an invalid environment name', () => {
    expect(mistake(() => defineEnvironment({ name: 'Staging', domain: 'example.com', services: [] }))).toContain('environment Staging, field name: the environment name "Staging" is not a DNS label');
  });

  test('a required secret the store does not hold', () => {
    const secrets = { source: 'environments/staging/secrets.json', keys: () => [], digest: () => undefined, services: () => [] };
    expect(mistake(() => renderEnvironment({ name: 'staging', domain: 'example.com', services: [{ ...web, secrets: ['DATABASE_URL'] }], secrets }))).toBe(
      'environment staging, service web, field secrets[0]: requires the secret key DATABASE_URL, which environments/staging/secrets.json does not hold; store it with `shipshape secrets set staging web DATABASE_URL`.',
    );
  });

  test('every required secret the store does not hold, in one sentence', () => {
    const secrets = { source: 'environments/qa/secrets.json', keys: (service: string) => (service === 'web' ? ['SESSION_KEY'] : []), digest: () => undefined, services: () => ['web'] };
    const api = { ...web, name: 'api', secrets: ['DATABASE_URL', 'JWT_SIGNING_KEY'] };
    expect(mistake(() => renderEnvironment({ name: 'qa', domain: 'example.com', services: [api, { ...web, secrets: ['SESSION_KEY', 'CSRF_KEY'] }], secrets }))).toBe(
      'environment qa, field secrets: its services require 3 secret keys that environments/qa/secrets.json does not hold (api DATABASE_URL, api JWT_SIGNING_KEY, web CSRF_KEY); store them all at once with `shipshape secrets set-all qa`, one `SERVICE KEY=value` line each on stdin.',
    );
  });

  test('an override that enables autoscaling without an upper bound', () => {
    expect(mistake(() => renderEnvironment({ name: 'staging', domain: 'example.com', services: [web], overrides: { web: { autoscaling: { minReplicas: 2 } } } }))).toContain(
      'environment staging, service web, field autoscaling.maxReplicas: is missing',
    );
  });
});
