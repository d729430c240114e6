import { errorsOf, validateObjects } from '../lib/validation/validate-objects';
import { ApiObject, App } from 'cdk8s';
import type { Construct } from 'constructs';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { EnvironmentProps, ServiceDefinition, ShipshapeError } from '../lib';
import { loadEnvironments } from '../lib/cli/environment-loading';
import { projectAt } from '../lib/cli/project';
import { PreviewEnvironment } from '../lib/environment/preview-environment';
import { previewExpiry } from '../lib/environment/preview-expiry';
import { PreviewName } from '../lib/environment/preview-name';
import { toManifests } from '../lib/synth/synthesize';
import { parseObjects } from '../lib/testing/synthesized-object';
import { dnsLabelProblem, hostProblem } from '../lib/validation/names';
import { flowlineCopies } from './support/flowline';
import { shipshape } from './support/shipshape-cli';
import { httpService, only } from './support/render';

// shipshape's commands on throwaway copies of flowline, the tests' platform.
const copyOfFlowline = flowlineCopies();

const longBranch = `feature/${'very-long-branch-name-'.repeat(10)}`.slice(0, 200);

describe('preview names', () => {
  test.each([
    ['feature-login', 'feature-login'],
    ['feature/login', 'feature-login-df7c7aeb'],
    ['Feature-Login', 'feature-login-6626944e'],
    ['fix_login_page', 'fix-login-page-1734f3a9'],
    ['feature/café-ünïcode', 'feature-cafe-unicode-b9915fe7'],
    ['日本語のブランチ', '5dd036e5'],
    ['renovate/npm-typescript-5.x', 'renovate-npm-typescript-bf06ca5f'],
    ['release-1a2b3c4d', 'release-1a2b3c4d-1bdb32a6'],
  ])('%s → %s', (branch, slug) => {
    const name = PreviewName.of(branch);
    expect(name.slug).toBe(slug);
    expect(name.environment).toBe(`preview-${slug}`);
  });

  test('a 200-character branch is cut to 32 characters with a hash, and stays a DNS label', () => {
    expect(longBranch).toHaveLength(200);
    const name = PreviewName.of(longBranch);
    expect(name.slug).toMatch(/^feature-very-long-branc-[0-9a-f]{8}$/);
    expect(name.slug.length).toBeLessThanOrEqual(32);
    expect(dnsLabelProblem(name.environment)).toBeUndefined();
  });

  const branches = [
    'feature/login', 'feature-login', 'Feature/Login', 'feature_login', 'feature.login', 'feature--login', '-feature-login-',
    'feature/café', 'feature/cafe', 'feature/cafè', '日本語', '中文', '✓', '🚀 launch', longBranch, `${longBranch}x`, `${longBranch.slice(0, 199)}y`,
    'main', 'production', 'UPPER', 'a', '1', 'release/1.0', 'release/1_0', 'release-1-0',
  ];

  test('every branch gets a valid DNS label of at most 63 characters, the same one every time', () => {
    for (const branch of branches) {
      const name = PreviewName.of(branch);
      expect(dnsLabelProblem(name.environment)).toBeUndefined();
      expect(dnsLabelProblem(name.slug)).toBeUndefined();
      expect(name.environment.length).toBeLessThanOrEqual(63);
      expect(PreviewName.of(branch).environment).toBe(name.environment);
    }
  });

  test('different branches never share a name, even when they read the same', () => {
    const names = branches.map((branch) => PreviewName.of(branch).environment);
    expect(new Set(names).size).toBe(branches.length);
  });

  test('a branch named like a real environment stays in its own preview- namespace', () => {
    expect(PreviewName.of('production').environment).toBe('preview-production');
  });

  test('an empty branch is refused', () => {
    expect(() => PreviewName.of(' ')).toThrow(new ShipshapeError({ field: 'branch' }, 'is empty', 'pass the branch name, e.g. `shipshape synth --preview feature/login`'));
  });
});

describe('preview expiry', () => {
  test('is now plus the TTL, rounded up to the hour so synths within the hour are identical', () => {
    expect(previewExpiry(new Date('2025-03-01T10:05:00Z'), '72h').toISOString()).toBe('2025-03-04T11:00:00.000Z');
    expect(previewExpiry(new Date('2025-03-01T10:59:59Z'), '72h').toISOString()).toBe('2025-03-04T11:00:00.000Z');
    expect(previewExpiry(new Date('2025-03-01T10:00:00Z'), '7d').toISOString()).toBe('2025-03-08T10:00:00.000Z');
  });

  test('a malformed TTL is refused', () => {
    expect(() => previewExpiry(new Date(), '3 weeks', '--ttl')).toThrow('field --ttl: "3 weeks" is not a duration; write a whole number of minutes, hours or days, e.g. "90m", "72h" or "7d".');
  });
});

describe('PreviewEnvironment', () => {
  const api: ServiceDefinition = { ...httpService, ingress: { subdomain: 'api' }, autoscaling: { minReplicas: 3, maxReplicas: 10 }, resources: { memory: { request: '256Mi', limit: '512Mi' } } };
  const worker: ServiceDefinition = { ...httpService, name: 'worker', ports: [{ name: 'admin', port: 9090 }], dependsOn: ['api'], replicas: 4 };
  const web: ServiceDefinition = { ...httpService, name: 'web', ingress: { subdomain: 'app', paths: ['/', '/assets'] } };
  const staging: EnvironmentProps = {
    name: 'staging',
    domain: 'staging.example.com',
    partOf: 'acme',
    services: [api, worker, web],
    overrides: { web: { ingress: false } },
    releases: { api: '1.5.0' },
    preview: { domain: 'preview.example.com' },
  };
  const expiresAt = new Date('2025-03-04T11:00:00Z');
  const render = (props: Partial<ConstructorParameters<typeof PreviewEnvironment>[1]> = {}) => {
    const environment = new PreviewEnvironment(new App(), { base: staging, branch: 'Feature/Login_Page', expiresAt, ...props });
    const manifests = toManifests(environment);
    return { environment, manifests, objects: [...manifests.files.values()].flatMap(parseObjects) };
  };
  const { environment, manifests, objects } = render();

  test('runs every service of the base in its own namespace', () => {
    expect(environment.name).toBe('preview-feature-login-page-12ff048e');
    expect([...manifests.files.keys()]).toEqual(['00-environment.yaml', 'api.yaml', 'web.yaml', 'worker.yaml']);
    expect(only(objects, 'Namespace').metadata.name).toBe('preview-feature-login-page-12ff048e');
    const clusterScoped = ['Namespace', 'PriorityClass'];
    expect(objects.filter((o) => !clusterScoped.includes(o.kind)).every((o) => o.metadata.namespace === 'preview-feature-login-page-12ff048e')).toBe(true);
    // PriorityClasses are cluster-wide: the preview has its own, deleted with it, never the base's.
    expect(objects.filter((o) => o.kind === 'PriorityClass').map((o) => [o.metadata.name, o.metadata.namespace])).toEqual(
      ['critical', 'standard', 'batch'].map((tier) => [`preview-feature-login-page-12ff048e-${tier}`, undefined]),
    );
  });

  test('every policy finding of a preview is a waiver it records, with its reason, on the Deployments', () => {
    const findings = validateObjects(objects);
    expect(errorsOf(findings)).toEqual([]);
    const waived = findings.filter((finding) => finding.waiver !== undefined).map((finding) => `${finding.rule.id} ${objects[finding.objectIndex].kind}/${objects[finding.objectIndex].metadata.name}`);
    expect(waived.sort()).toEqual(['api', 'web', 'worker'].flatMap((service) => [`min-replicas Deployment/${service}`, `pdb-for-replicas Deployment/${service}`]).sort());
    for (const deployment of objects.filter((o) => o.kind === 'Deployment')) {
      expect(Object.keys(deployment.metadata.annotations).filter((key) => key.startsWith('waive.shipshape.dev/'))).toEqual(['waive.shipshape.dev/min-replicas', 'waive.shipshape.dev/pdb-for-replicas']);
    }
  });

  test("the base's extend hook runs in a preview only when its preview options say so", () => {
    const extend = (chart: Construct) => new ApiObject(chart, 'api-metrics', { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'api' } });
    const files = (preview: EnvironmentProps['preview']) => [...toManifests(new PreviewEnvironment(new App(), { base: { ...staging, extend, preview }, branch: 'x', expiresAt })).files.keys()];
    expect(files({ domain: 'preview.example.com' })).not.toContain('api-metrics.yaml');
    expect(files({ domain: 'preview.example.com', extend: true })).toContain('api-metrics.yaml');
  });

  test('one replica, no autoscaler, no disruption budget, small requests with the base limits', () => {
    const deployments = objects.filter((o) => o.kind === 'Deployment');
    expect(deployments.map((d) => [d.metadata.name, d.spec.replicas])).toEqual([['api', 1], ['web', 1], ['worker', 1]]);
    expect(objects.some((o) => o.kind === 'HorizontalPodAutoscaler' || o.kind === 'PodDisruptionBudget')).toBe(false);
    expect(only(objects, 'Deployment', 'api').spec.template.spec.containers[0].resources).toEqual({
      requests: { cpu: '10m', memory: '64Mi', 'ephemeral-storage': '32Mi' },
      limits: { cpu: '500m', memory: '512Mi', 'ephemeral-storage': '256Mi' },
    });
  });

  test('one host per exposed service under the preview domain; a service private in the base stays private', () => {
    const ingress = only(objects, 'Ingress');
    expect(ingress.spec.rules.map((r: any) => r.host)).toEqual(['api.feature-login-page-12ff048e.preview.example.com']);
    expect([...environment.hosts]).toEqual([['api', 'api.feature-login-page-12ff048e.preview.example.com']]);
  });

  test('keeps the base releases and takes the branch images over them', () => {
    expect(only(objects, 'Deployment', 'api').spec.template.spec.containers[0].image).toBe('ghcr.io/acme/api:1.5.0');
    const branchBuild = render({ images: { api: 'pr-42', worker: `sha256:${'0'.repeat(64)}` } }).objects;
    expect(only(branchBuild, 'Deployment', 'api').spec.template.spec.containers[0].image).toBe('ghcr.io/acme/api:pr-42');
    expect(only(branchBuild, 'Deployment', 'worker').spec.template.spec.containers[0].image).toBe(`ghcr.io/acme/api@sha256:${'0'.repeat(64)}`);
  });

  test('labels every object with the branch slug and expiry for a cleanup job, and annotates the namespace for people', () => {
    for (const object of objects) {
      expect(object.metadata.labels).toMatchObject({ 'shipshape.dev/preview': 'feature-login-page-12ff048e', 'shipshape.dev/expires': '1741086000' });
    }
    expect(only(objects, 'Namespace').metadata.annotations).toEqual({
      'shipshape.dev/branch': 'Feature/Login_Page',
      'shipshape.dev/expires-at': '2025-03-04T11:00:00Z',
      'shipshape.dev/based-on': 'staging',
    });
  });

  test('the same inputs give byte-identical manifests', () => {
    expect([...render().manifests.files]).toEqual([...manifests.files]);
  });

  test('the preview domain defaults to preview.<base domain>', () => {
    const plain = new PreviewEnvironment(new App(), { base: { ...staging, preview: undefined }, branch: 'x', expiresAt });
    expect([...plain.hosts.values()]).toEqual(['api.x.preview.staging.example.com']);
  });

  test('an image for a service the base does not run is refused', () => {
    expect(() => render({ images: { billing: '1.0.0' } })).toThrow(
      'environment preview-feature-login-page-12ff048e, service billing, field images.billing: names a service that does not run in staging (services: api, worker, web); pass images of those services only.',
    );
  });

  test('a long service name fits the preview: the instance label is the service name, not joined to the preview name', () => {
    const long: ServiceDefinition = { ...httpService, name: 'nightly-billing-export-scheduler-worker' };
    const preview = new PreviewEnvironment(new App(), { base: { ...staging, services: [long], overrides: {}, releases: {} }, branch: 'feature/x', expiresAt });
    const deployment = parseObjects(toManifests(preview).files.get('nightly-billing-export-scheduler-worker.yaml')!).find((o) => o.kind === 'Deployment');
    expect(deployment?.spec.selector.matchLabels['app.kubernetes.io/instance']).toBe('nightly-billing-export-scheduler-worker');
  });
});

describe('shipshape synth --preview and shipshape preview delete', () => {
  let project: string;
  beforeAll(() => {
    project = copyOfFlowline();
  });
  const expiresAt = new Date('2025-03-04T11:00:00Z');
  /** The preview of a branch as the library builds it, to compare the command's output with. */
  const previewOf = (branch: string) => toManifests(new PreviewEnvironment(new App(), { base: loadEnvironments(projectAt(project), ['staging'])[0], branch, expiresAt }));
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  test('writes the preview into the gitignored .shipshape/previews/ and lists its URLs', async () => {
    const result = await shipshape(project, ['synth', '--preview', 'feature/Billing_Export', '--expires', '2025-03-04T11:00:00Z']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.split('\n');
    const preview = previewOf('feature/Billing_Export');
    expect(lines.filter((line) => line.startsWith('waived: ')).map((line) => line.split(' (')[0])).toEqual([
      'waived: min-replicas for every Deployment of the preview',
      'waived: pdb-for-replicas for every Deployment of the preview',
    ]);
    expect(lines.filter((line) => !line.startsWith('waived: ')).slice(0, 5)).toEqual([
      `preview-feature-billing-export-2fbf6f71  copy of staging  ${preview.serviceCount} services  ${preview.objectCount} objects  → .shipshape/previews/preview-feature-billing-export-2fbf6f71`,
      '  api: https://api.feature-billing-export-2fbf6f71.preview.flowline.dev',
      '  web: https://web.feature-billing-export-2fbf6f71.preview.flowline.dev',
      '  webhooks: https://webhooks.feature-billing-export-2fbf6f71.preview.flowline.dev',
      "expires 2025-03-04T11:00:00Z; remove it sooner with: shipshape preview delete feature/Billing_Export",
    ]);
    // A file per service of staging and the shared objects; staging's extend hook runs only when its preview options say so.
    expect(readdirSync(join(project, '.shipshape/previews/preview-feature-billing-export-2fbf6f71'))).toEqual([...preview.files.keys()]);
    const services = loadEnvironments(projectAt(project), ['staging'])[0].services.map((service) => `${service.name}.yaml`);
    expect([...preview.files.keys()]).toEqual(['00-environment.yaml', ...services.sort()]);
    expect((await shipshape(project, ['check'])).status).toBe(0);
  });

  test('--out - prints one YAML stream for kubectl apply -f -, Namespace first, and reports on stderr', async () => {
    const result = await shipshape(project, ['synth', '--preview', 'feature/x', '--expires', '2025-03-04T11:00:00Z', '--out', '-']);
    expect(result.status).toBe(0);
    const documents = parseObjects(result.stdout);
    expect(documents[0].kind).toBe('Namespace');
    const preview = previewOf('feature/x');
    expect(documents).toHaveLength(preview.objectCount);
    expect(result.stderr).toContain(`preview-feature-x-217d2bf5  copy of staging  ${preview.serviceCount} services  ${preview.objectCount} objects  → stdout`);
    expect(existsSync(join(project, '.shipshape/previews/preview-feature-x-217d2bf5'))).toBe(false);
  });

  test('--out <folder> writes the preview folder there, relative to the project', async () => {
    const result = await shipshape(project, ['synth', '--preview', 'feature/x', '--expires', '2025-03-04T11:00:00Z', '--out', 'build/previews']);
    expect(result.stdout).toContain('  → build/previews/preview-feature-x-217d2bf5\n');
    expect(readdirSync(join(project, 'build/previews/preview-feature-x-217d2bf5'))).toEqual([...previewOf('feature/x').files.keys()]);
  });

  test('--image pins a branch build; --base picks another environment', async () => {
    const result = await shipshape(project, ['synth', '--preview', 'hotfix', '--base', 'production', '--image', 'api=pr-42', '--expires', '2025-03-04T11:00:00Z', '--out', '-']);
    expect(result.status).toBe(0);
    const deployment = only(parseObjects(result.stdout), 'Deployment', 'api');
    expect(deployment.spec.template.spec.containers[0].image).toBe('ghcr.io/flowline/api:pr-42');
    expect(result.stderr).toContain('  web: https://web.hotfix.preview.flowline.io');
  });

  test.each([
    [['--preview', 'x', '--env', 'staging'], 'error: field --env: cannot be combined with --preview; name the environment the preview copies with --base.'],
    [['--preview', 'x', '--ttl', 'forever'], 'error: field --ttl: "forever" is not a duration; write a whole number of minutes, hours or days, e.g. "90m", "72h" or "7d".'],
    [['--preview', 'x', '--expires', 'tomorrow'], 'error: field --expires: "tomorrow" is not an ISO 8601 time; write it like "2025-03-01T12:00:00Z".'],
    [['--preview', 'x', '--image', 'api'], 'error: field --image: "api" is not service=reference; write it like api=pr-42 or api=sha256:….'],
    [['--preview', 'x', '--image', 'api=latest'], 'error: environment preview-x, service api, field images.api: "ghcr.io/flowline/api:latest" uses the tag "latest", which changes under a running Deployment; pin a release tag such as "1.4.2" or a digest.'],
  ])('refuses %j with one sentence', async (args, message) => {
    const result = await shipshape(project, ['synth', ...args]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(message);
  });

  test('delete prints the one command that removes the whole preview, quoted for a shell', async () => {
    expect((await shipshape(project, ['preview', 'delete', 'feature/Billing_Export'])).stdout).toBe(
      'kubectl delete namespace preview-feature-billing-export-2fbf6f71 --ignore-not-found --wait=false\n',
    );
    expect((await shipshape(project, ['preview', 'delete', 'feature/x', '--context', 'dev cluster'])).stdout).toBe(
      "kubectl --context 'dev cluster' delete namespace preview-feature-x-217d2bf5 --ignore-not-found --wait=false\n",
    );
  });

  test.each([
    ['slashes', 'team/feature/login'],
    ['capitals', 'JIRA-1234-Fix-Login'],
    ['underscores', 'fix__login__page_'],
    ['unicode', 'feature/ünïcødé-日本語-🚀'],
    ['200 characters', longBranch],
  ])('a branch with %s gives a preview whose names, hosts and labels Kubernetes accepts', async (_, branch) => {
    const result = await shipshape(project, ['synth', '--preview', branch, '--expires', '2025-03-04T11:00:00Z', '--out', '-']);
    expect(result.status).toBe(0);
    const objects = parseObjects(result.stdout);
    expect(objects).toHaveLength(previewOf(branch).objectCount);
    const namespace = only(objects, 'Namespace').metadata.name;
    expect(dnsLabelProblem(namespace)).toBeUndefined();
    expect(only(objects, 'Namespace').metadata.annotations['shipshape.dev/branch']).toBe(branch);
    for (const rule of only(objects, 'Ingress').spec.rules) expect(hostProblem(rule.host)).toBeUndefined();
    const labelValues = objects.flatMap((o) => [...Object.values<string>(o.metadata.labels ?? {}), ...Object.values<string>(o.spec?.template?.metadata?.labels ?? {})]);
    for (const value of labelValues) expect(value).toMatch(/^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/);
  });

  test('name prints the namespace a branch gets, for scripts', async () => {
    expect((await shipshape(project, ['preview', 'name', 'feature/x'])).stdout).toBe('preview-feature-x-217d2bf5\n');
  });

  test('the preview manifests are readable YAML objects, each labelled for cleanup', () => {
    const folder = join(project, '.shipshape/previews/preview-feature-billing-export-2fbf6f71');
    const docs = readdirSync(folder).flatMap((file) => parseObjects(readFileSync(join(folder, file), 'utf8')));
    expect(docs.every((o) => o.metadata.labels['shipshape.dev/preview'] === 'feature-billing-export-2fbf6f71')).toBe(true);
  });
});
