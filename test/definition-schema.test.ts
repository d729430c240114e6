import { App, Chart } from 'cdk8s';
import { defineService, HealthCheck, Microservice, MicroserviceProps, ServiceDefinition } from '../lib';
import { closestName } from '../lib/schema/closest-name';
import { mistake } from './support/mistake';
import { httpService, only, renderService } from './support/render';

// Values that bypass the TypeScript types: computed at run time, read from JSON, or cast with `as any`.
const untyped = (patch: Record<string, unknown>) => ({ ...httpService, ...patch }) as unknown as ServiceDefinition;
const defined = (patch: Record<string, unknown>) => mistake(() => defineService(untyped(patch)));

describe('defineService checks its input against a schema: one line naming the field, what was expected and what was found', () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['a string for a list of secrets', { secrets: 'DATABASE_URL' }, 'service api, field secrets: expected a list of secret keys such as ["DATABASE_URL"], found the string "DATABASE_URL"; write it as a list: ["DATABASE_URL"].'],
    ['a string for a list of dependencies', { dependsOn: 'web' }, 'service api, field dependsOn: expected a list of service names such as ["api"], found the string "web"; write it as a list: ["web"].'],
    ['a missing image', { image: undefined }, 'service api, field image: is missing; add it: an image pinned by tag or digest, such as "ghcr.io/acme/api:1.4.2".'],
    ['a number for the image', { image: 42 }, 'service api, field image: expected an image pinned by tag or digest, such as "ghcr.io/acme/api:1.4.2", found the number 42'],
    ['a replica count in quotes', { replicas: '3' }, 'service api, field replicas: expected a replica count from 0 to 1000, found the string "3"; write it as a number, without quotes: 3.'],
    ['a port in quotes', { ports: [{ name: 'http', port: '8080' }] }, 'service api, field ports[0].port: expected a port number from 1 to 65535, found the string "8080"; write it as a number, without quotes: 8080.'],
    ['a port without a number', { ports: [{ name: 'http' }] }, 'service api, field ports[0].port: is missing; add it: a port number from 1 to 65535.'],
    ['a fractional replica count', { replicas: 2.5 }, 'service api, field replicas: expected a replica count from 0 to 1000, found the number 2.5'],
    ['a string for a boolean', { spread: { zones: 'true' } }, 'service api, field spread.zones: expected true or false, found the string "true"; write it without quotes: true.'],
    ['null in config', { config: { MODE: null } }, 'service api, field config.MODE: expected a string, number or boolean, found null'],
    ['true for autoscaling', { autoscaling: true }, 'service api, field autoscaling: expected autoscaling bounds such as { minReplicas: 2, maxReplicas: 10 }, or false, found true'],
    ['a HealthCheck where health options belong', { health: HealthCheck.http('/readyz') }, 'service api, field health: expected health checks such as { path: "/readyz", livenessPath: "/livez" }, found a HealthCheck'],
    ['a plain object where a HealthCheck belongs', { health: undefined, readiness: { path: '/readyz' } }, 'service api, field readiness: expected a HealthCheck, such as HealthCheck.http("/readyz") or HealthCheck.tcp(), found an object'],
    ['a list where an object belongs', { health: ['/readyz'] }, 'service api, field health: expected health checks such as { path: "/readyz", livenessPath: "/livez" }, found a list of 1 item'],
    ['a priority that is no tier', { priority: 'high' }, 'service api, field priority: expected one of "critical", "standard", "batch", found the string "high"'],
    ['a missing name', { name: undefined }, 'field name: is missing; add it: a service name such as "api".'],
  ])('%s', (_, patch, expected) => {
    expect(defined(patch)).toContain(expected);
  });

  test('a definition that is no object at all', () => {
    expect(mistake(() => defineService('api' as unknown as ServiceDefinition))).toBe(
      'shipshape: expected a service definition such as { name: "api", image: "ghcr.io/acme/api:1.4.2" }, found the string "api"; use a service definition such as { name: "api", image: "ghcr.io/acme/api:1.4.2" }.',
    );
  });
});

describe('a misspelt field is an error with the field it most likely meant', () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['replica', { replica: 3 }, 'service api, field replica: is not a field of a service (did you mean replicas?); rename it to replicas.'],
    ['ingres', { ingres: { subdomain: 'api' } }, 'service api, field ingres: is not a field of a service (did you mean ingress?); rename it to ingress.'],
    ['dependson', { dependson: ['web'] }, 'service api, field dependson: is not a field of a service (did you mean dependsOn?); rename it to dependsOn.'],
    ['a nested one', { ingress: { subdomian: 'api' } }, 'service api, field ingress.subdomian: is not a field of ingress (did you mean subdomain?); rename it to subdomain.'],
    ['in a list', { ports: [{ name: 'http', prot: 8080 }] }, 'service api, field ports[0].prot: is not a field of a port (did you mean port?); rename it to port.'],
    ['in an image', { image: { repository: 'ghcr.io/acme/api', tga: '1.0.0' } }, 'service api, field image.tga: is not a field of an image (did you mean tag?); rename it to tag.'],
    ['in a health check\'s timing', { health: undefined, readiness: HealthCheck.http('/ready', { periodSecond: 3 } as never), liveness: HealthCheck.tcp() }, 'service api, field readiness: the check\'s periodSecond: is not a field of a check\'s timing (did you mean periodSeconds?); rename it to periodSeconds.'],
  ])('%s', (_, patch, expected) => {
    expect(defined(patch)).toBe(expected);
  });

  test('is reported before what it leaves missing', () => {
    expect(defined({ image: undefined, imgae: 'ghcr.io/acme/api:1.0.0' })).toBe('service api, field imgae: is not a field of a service (did you mean image?); rename it to image.');
  });

  test('far from every field, it lists them', () => {
    expect(defined({ colour: 'blue' })).toMatch(/^service api, field colour: is not a field of a service; remove it \(the fields are name, image, description, .*, waivers\)\.$/);
  });

  test('and the type-check rejects it too', () => {
    // @ts-expect-error: excess property checks are on, so a misspelt field does not compile
    expect(() => defineService({ ...httpService, replica: 3 })).toThrow('did you mean replicas?');
    // @ts-expect-error: in nested objects too
    expect(() => defineService({ ...httpService, ingress: { subdomian: 'api' } })).toThrow('did you mean subdomain?');
  });
});

describe('the holes the schema closes', () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['a readiness path without "/"', { health: { path: 'readyz' } }, 'service api, field health.path: expected a path starting with "/", such as "/readyz", found the string "readyz"; write it as "/readyz".'],
    ['a liveness path without "/"', { health: { path: '/readyz', livenessPath: 'livez' } }, 'service api, field health.livenessPath: expected a path starting with "/", such as "/livez", found the string "livez"; write it as "/livez".'],
    ['an HTTP check without "/"', { health: undefined, readiness: HealthCheck.http('ready'), liveness: HealthCheck.tcp() }, 'service api, field readiness: the HTTP check\'s path is the string "ready", which does not start with "/"; write HealthCheck.http("/ready").'],
    ['a startup check without "/"', { startup: HealthCheck.http('started') }, 'service api, field startup: the HTTP check\'s path is the string "started", which does not start with "/"'],
    ['a metrics path without "/"', { metrics: { port: 'http', path: 'metrics' } }, 'service api, field metrics.path: expected a path starting with "/", such as "/metrics", found the string "metrics"; write it as "/metrics".'],
    ['an empty command element', { command: ['node', ''] }, 'service api, field command[1]: expected a non-empty string, found an empty string; remove it, or give it its value (an empty element is most often a variable that was not set).'],
    ['an empty argument', { args: ['--port', ''] }, 'service api, field args[1]: expected a non-empty string, found an empty string'],
    ['an empty command check', { health: undefined, readiness: HealthCheck.exec(['/bin/check', '']), liveness: HealthCheck.tcp() }, 'service api, field readiness: the command check runs a list of 2 items with an empty or non-text element'],
    ['a billion replicas', { replicas: 1_000_000_000 }, 'service api, field replicas: expected a replica count from 0 to 1000, found the number 1000000000; use at most 1000 (more pods than that for one service is almost surely a slip; split a service that truly needs more).'],
    ['an autoscaling maximum past the limit', { autoscaling: { maxReplicas: 5000 } }, 'service api, field autoscaling.maxReplicas: expected a replica count from 1 to 1000, found the number 5000; use at most 1000'],
    ['an IP address as ingress host', { ingress: { hosts: ['10.0.0.1'] } }, 'service api, field ingress.hosts[0]: "10.0.0.1" is an IP address, not a host name; use a DNS name that points at it, such as "api.example.com".'],
  ])('%s', (_, patch, expected) => {
    expect(defined(patch)).toContain(expected);
  });

  test('a thousand replicas are still allowed', () => {
    expect(only(renderService({ ...httpService, replicas: 1000 }), 'Deployment').spec.replicas).toBe(1000);
  });
});

describe('what the schema keeps working', () => {
  test('HealthCheck instances, with their timing', () => {
    const service = defineService({ ...httpService, health: undefined, readiness: HealthCheck.http('/ready', { periodSeconds: 3 }), liveness: HealthCheck.tcp(), startup: false });
    const container = only(renderService(service), 'Deployment').spec.template.spec.containers[0];
    expect(container.readinessProbe.httpGet.path).toBe('/ready');
    expect(container.readinessProbe.periodSeconds).toBe(3);
    expect(container.startupProbe).toBeUndefined();
  });

  test('an image written as its parts, and the definition comes back frozen', () => {
    const service = defineService({ ...httpService, image: { repository: 'ghcr.io/acme/api', tag: '1.0.0' } });
    expect(Object.isFrozen(service)).toBe(true);
    expect(only(renderService(service), 'Deployment').spec.template.spec.containers[0].image).toBe('ghcr.io/acme/api:1.0.0');
  });
});

describe('closestName', () => {
  test.each<[string, string | undefined]>([
    ['replica', 'replicas'],
    ['ingres', 'ingress'],
    ['DependsOn', 'dependsOn'],
    ['tga', 'tag'],
    ['colour', undefined],
    ['x', undefined],
  ])('%s → %s', (name, meant) => {
    expect(closestName(name, ['replicas', 'ingress', 'dependsOn', 'tag', 'image'])).toBe(meant);
  });
});

describe('the Microservice construct on its own (in any cdk8s chart) keeps the same limits', () => {
  const build = (props: Partial<MicroserviceProps>) => mistake(() => new Microservice(new Chart(new App(), 'chart'), 'api', { ...httpService, ...props }));

  test.each<[string, Partial<MicroserviceProps>, string]>([
    ['too many replicas', { replicas: 5000 }, 'environment default, service api, field replicas: 5000 is not a replica count from 0 to 1000; use a whole number, e.g. 2.'],
    ['too high an autoscaling bound', { autoscaling: { maxReplicas: 5000 } }, 'environment default, service api, field autoscaling.maxReplicas: 5000 is more than the 1000 replicas one service may run; use at most 1000; split a service that truly needs more.'],
    ['a domain that is not one, blamed on the domain', { ingress: { subdomain: 'api' }, domain: 'https://example.com' }, 'environment default, service api, field domain: "api.https://example.com" is not a lowercase DNS host name'],
    ['a subdomain that is not one, blamed on the subdomain', { ingress: { subdomain: 'API' }, domain: 'example.com' }, 'environment default, service api, field ingress.subdomain: "API.example.com" is not a lowercase DNS host name'],
  ])('%s', (_, props, expected) => {
    expect(build(props)).toContain(expected);
  });
});
