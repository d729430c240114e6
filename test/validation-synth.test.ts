import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnvironmentProps, ServiceDefinition, synthesizeEnvironments } from '../lib';
import { loadEnvironments } from '../lib/cli/environment-loading';
import { projectAt } from '../lib/cli/project';
import { validateObjects } from '../lib/validation/validate-objects';
import { parseAllDocuments } from 'yaml';
import { httpService } from './support/render';
import { shipshape } from './support/shipshape-cli';
import { mistake } from './support/mistake';
import { FLOWLINE, flowlineCopies } from './support/flowline';

const staging = (services: ServiceDefinition[], more: Partial<EnvironmentProps> = {}): EnvironmentProps => ({ name: 'staging', domain: 'example.com', services, ...more });
const synthOne = (service: Partial<ServiceDefinition>, more: Partial<EnvironmentProps> = {}) => synthesizeEnvironments([staging([{ ...httpService, ...service } as ServiceDefinition], more)]);

const copyOfFlowline = flowlineCopies();

describe("flowline, the tests' platform, on shipshape's defaults", () => {
  const environments = loadEnvironments(projectAt(FLOWLINE));

  test.each(environments.map((environment) => environment.name))('environment %s has no finding at all: 0 errors, 0 warnings, nothing waived', (name) => {
    const [manifests] = synthesizeEnvironments(environments.filter((environment) => environment.name === name));
    const objects = [...manifests.files.values()].flatMap((text) => parseAllDocuments(text).map((doc) => doc.toJS()));
    expect(validateObjects(objects)).toEqual([]);
    expect(manifests.warnings).toEqual([]);
    expect(manifests.waivers).toEqual([]);
  });
});

describe('a service definition the cluster or the policy would reject fails synth, naming environment, service and field', () => {
  test.each<[string, Partial<ServiceDefinition>, string]>([
    [
      'a 70-character component (a label value)',
      { component: 'c'.repeat(70) },
      `environment staging, service api, field component: ServiceAccount api metadata.labels["app.kubernetes.io/component"] (and 5 more objects): the value "${'c'.repeat(70)}" is 70 characters long, more than the 63 a label value allows [labels]; shorten the value or move it to an annotation.`,
    ],
    [
      'a writable root filesystem',
      { security: { readOnlyRootFilesystem: false } },
      "environment staging, service api, field security.readOnlyRootFilesystem: Deployment api spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem: is not true [read-only-root-fs]; set readOnlyRootFilesystem: true and mount an emptyDir where the app writes, or waive it for api with waivers: [{ rule: 'read-only-root-fs', reason: '…' }].",
    ],
    [
      'an added capability other than NET_BIND_SERVICE',
      { security: { addCapabilities: ['SYS_ADMIN'] } },
      "environment staging, service api, field security.addCapabilities: Deployment api spec.template.spec.containers[0].securityContext.capabilities.add[0]: adds SYS_ADMIN [capabilities-dropped]; remove it; only NET_BIND_SERVICE may be added back, or waive it for api with waivers: [{ rule: 'capabilities-dropped', reason: '…' }].",
    ],
    [
      'a low user id',
      { security: { runAsUser: 1000 } },
      "environment staging, service api, field security.runAsUser: Deployment api spec.template.spec.containers[0].securityContext.runAsUser: is 1000, not above 10000 [run-as-high-uid]; set securityContext.runAsUser: 10001, or waive it for api with waivers: [{ rule: 'run-as-high-uid', reason: '…' }].",
    ],
    [
      'a mounted service-account token',
      { security: { automountServiceAccountToken: true } },
      "environment staging, service api, field security.automountServiceAccountToken: Deployment api spec.template.spec.automountServiceAccountToken: is true [no-sa-token-automount]; set automountServiceAccountToken: false, or waive it for api with waivers: [{ rule: 'no-sa-token-automount', reason: '…' }].",
    ],
    [
      'a password in config',
      { config: { DB_PASSWORD: 'hunter2' } },
      "environment staging, service api, field config.DB_PASSWORD: ConfigMap api-config data.DB_PASSWORD: is a literal value for DB_PASSWORD, which by its name is a credential [no-secret-literals]; move it to the service's secrets and read it with secretKeyRef, or waive it for api with waivers: [{ rule: 'no-secret-literals', reason: '…' }].",
    ],
    [
      'an empty preStop command',
      { rollout: { preStopCommand: [] } },
      'environment staging, service api, field rollout.preStopCommand: Deployment api spec.template.spec.containers[0].lifecycle.preStop.exec.command: is empty [probe-handler]; give the command to run, e.g. ["sleep", "10"].',
    ],
    [
      'a disruption budget that allows no eviction',
      { disruptionBudget: { maxUnavailable: 0 } },
      "environment staging, service api, field disruptionBudget.maxUnavailable: PodDisruptionBudget api spec.maxUnavailable: is 0, so no pod may ever be evicted [pdb-allows-eviction]; use maxUnavailable: 1, or waive it for api with waivers: [{ rule: 'pdb-allows-eviction', reason: '…' }].",
    ],
    [
      'a disruption budget above 100%',
      { disruptionBudget: { maxUnavailable: '150%' } },
      'environment staging, service api, field disruptionBudget.maxUnavailable: PodDisruptionBudget api spec.maxUnavailable: is 150%, more than 100% [pdb-budget]; use at most "100%".',
    ],
  ])('%s', (_, service, expected) => {
    expect(mistake(() => synthOne(service))).toBe(expected);
  });

  test('a value set in the environment is reported at the override that set it', () => {
    expect(mistake(() => synthOne({}, { overrides: { api: { disruptionBudget: { maxUnavailable: 0 } } } }))).toContain(
      'environment staging, service api, field overrides.api.disruptionBudget.maxUnavailable: PodDisruptionBudget api spec.maxUnavailable: is 0',
    );
  });

  test('an environment-wide problem names the environment field', () => {
    expect(mistake(() => synthOne({ ingress: { subdomain: 'api' } }, { ingress: { clusterIssuer: false } }))).toBe(
      "environment staging, field ingress.clusterIssuer: Ingress shipshape spec.tls: is missing, so every host is served over plain HTTP [ingress-tls]; add spec.tls with the hosts and a certificate Secret (e.g. from cert-manager), or lower it for this environment with policy: { severities: { 'ingress-tls': 'warning' } }.",
    );
    expect(mistake(() => synthOne({}, { partOf: 'flow line' })).split('\n')).toEqual([
      '2 problems in the manifests, so nothing was written:',
      '  environment staging, field partOf: Namespace staging metadata.labels["app.kubernetes.io/instance"] (and 5 more objects): the value "flow line-staging" is not a label value (letters, digits, "-", "_" and ".", starting and ending with a letter or digit) [labels]; shorten the value or move it to an annotation.',
      '  environment staging, field partOf: Namespace staging metadata.labels["app.kubernetes.io/name"] (and 17 more objects): the value "flow line" is not a label value (letters, digits, "-", "_" and ".", starting and ending with a letter or digit) [labels]; shorten the value or move it to an annotation.',
    ]);
  });

  test('several problems are listed one per line, across environments, and nothing is returned', () => {
    const writable: ServiceDefinition = { ...httpService, security: { readOnlyRootFilesystem: false, runAsUser: 1000 } };
    const message = mistake(() => synthesizeEnvironments([staging([writable]), { ...staging([writable]), name: 'production' }]));
    expect(message.split('\n')).toEqual([
      '4 problems in the manifests, so nothing was written:',
      expect.stringMatching(/^ {2}environment staging, service api, field security\.runAsUser: .*\[run-as-high-uid\]/),
      expect.stringMatching(/^ {2}environment staging, service api, field security\.readOnlyRootFilesystem: .*\[read-only-root-fs\]/),
      expect.stringMatching(/^ {2}environment production, service api, field security\.runAsUser: /),
      expect.stringMatching(/^ {2}environment production, service api, field security\.readOnlyRootFilesystem: /),
    ]);
  });
});

describe('waivers and lowered severities', () => {
  const reason = 'the vendored PDF renderer writes its font cache next to its binary';

  test('a waiver with a reason lets synth pass, annotates the object and shows in the summary', () => {
    const [manifests] = synthOne({ security: { readOnlyRootFilesystem: false }, waivers: [{ rule: 'read-only-root-fs', reason }] });
    expect(manifests.waivers).toEqual([`environment staging, service api: read-only-root-fs waived for Deployment api (${reason})`]);
    expect(manifests.files.get('api.yaml')).toContain(`    waive.shipshape.dev/read-only-root-fs: ${reason}\n`);
  });

  test('an environment can lower a policy rule to a warning', () => {
    const [manifests] = synthOne({ security: { readOnlyRootFilesystem: false } }, { policy: { severities: { 'read-only-root-fs': 'warning' } } });
    expect(manifests.warnings).toEqual([
      "environment staging, service api, field security.readOnlyRootFilesystem: Deployment api spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem: is not true [read-only-root-fs]; set readOnlyRootFilesystem: true and mount an emptyDir where the app writes, or waive it for api with waivers: [{ rule: 'read-only-root-fs', reason: '…' }].",
    ]);
  });

  test.each<[string, Partial<ServiceDefinition>, Partial<EnvironmentProps>, string]>([
    ['a waiver without a reason', { waivers: [{ rule: 'read-only-root-fs', reason: ' ' }] }, {}, 'environment staging, service api, field waivers[0].reason: waiving read-only-root-fs needs a written reason; say in a sentence why the rule does not apply to this service.'],
    ['a waiver of a rule the API server enforces', { waivers: [{ rule: 'labels' as never, reason }] }, {}, 'environment staging, service api, field waivers[0].rule: "labels" is an API-server rule; only policy rules can be lowered or waived, since the cluster enforces the others'],
    ['a waiver of a rule that does not exist', { waivers: [{ rule: 'read-only-rootfs' as never, reason }] }, {}, 'environment staging, service api, field waivers[0].rule: "read-only-rootfs" is not a policy rule; name one of resources-set, '],
    ['an environment lowering a schema rule', {}, { policy: { severities: { 'schema-type': 'off' } as never } }, 'environment staging, field policy.severities.schema-type: "schema-type" is a schema rule; only policy rules can be lowered or waived'],
    ['an environment raising instead of lowering', {}, { policy: { severities: { 'ingress-tls': 'error' as never } } }, 'environment staging, field policy.severities.ingress-tls: "error" is not a severity an environment can lower a rule to; use "warning" or "off".'],
  ])('%s is refused', (_, service, environment, expected) => {
    expect(mistake(() => synthOne(service, environment))).toContain(expected);
  });
});

describe('YAML for kubectl', () => {
  test('strings that YAML 1.1 would read as booleans are quoted', () => {
    const [manifests] = synthOne({ config: { ENABLED: 'yes', MODE: 'on', RETRY: 'no' } });
    expect(manifests.files.get('api.yaml')).toContain("data:\n  ENABLED: 'yes'\n  MODE: 'on'\n  RETRY: 'no'\n");
  });
});

describe('shipshape synth on the command line', () => {
  let project: string;

  beforeEach(() => {
    project = copyOfFlowline();
  });
  afterEach(() => rmSync(project, { recursive: true, force: true }));

  const editApi = (from: string, to: string) => {
    const file = join(project, 'services/api.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace(from, to));
  };
  const synth = () => shipshape(project, ['synth']);

  test('a policy violation fails synth with one line per problem and leaves manifests/ as it was', async () => {
    editApi("metrics: { port: 'http', path: '/metrics' },", "metrics: { port: 'http', path: '/metrics' },\n  security: { readOnlyRootFilesystem: false },");
    const before = readFileSync(join(project, 'manifests/production/api.yaml'), 'utf8');
    const result = await synth();
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      'error: 2 problems in the manifests, so nothing was written:',
      expect.stringMatching(/^ {2}environment production, service api, field security\.readOnlyRootFilesystem: Deployment api .*\[read-only-root-fs\]/),
      expect.stringMatching(/^ {2}environment staging, service api, field security\.readOnlyRootFilesystem: Deployment api .*\[read-only-root-fs\]/),
    ]);
    expect(readFileSync(join(project, 'manifests/production/api.yaml'), 'utf8')).toBe(before);
  });

  test('a waiver shows in the summary and the committed YAML carries its reason', async () => {
    editApi(
      "metrics: { port: 'http', path: '/metrics' },",
      "metrics: { port: 'http', path: '/metrics' },\n  security: { readOnlyRootFilesystem: false },\n  waivers: [{ rule: 'read-only-root-fs', reason: 'the report generator writes its cache next to its binary' }],",
    );
    const result = await synth();
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('waived: environment production, service api: read-only-root-fs waived for Deployment api (the report generator writes its cache next to its binary)\n');
    expect(readFileSync(join(project, 'manifests/staging/api.yaml'), 'utf8')).toContain('waive.shipshape.dev/read-only-root-fs: the report generator writes its cache next to its binary');
    const validate = await shipshape(project, ['validate']);
    expect(validate.status).toBe(0);
    expect(validate.stdout.trim().split('\n').pop()).toMatch(/^checked \d+ objects in \d+ files: 0 errors, 0 warnings, 2 waived$/);
  });
});
