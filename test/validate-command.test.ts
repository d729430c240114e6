import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ShipshapeError } from '../lib';
import { projectAt } from '../lib/cli/project';
import { Terminal } from '../lib/cli/terminal';
import { validate } from '../lib/cli/validate-command';
import { flowlineCopies } from './support/flowline';
import { shipshape } from './support/shipshape-cli';

const root = join(__dirname, '..');
const project = projectAt(root);
const fixtures = 'test/fixtures/validate';
const copyOfFlowline = flowlineCopies();

function recorder(): Terminal & { out: (line: string) => void; stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (line) => stdout.push(line), err: (line) => stderr.push(line) };
}

function run(paths: string[], options: { warn?: string[]; skip?: string[]; in?: string } = {}) {
  const terminal = recorder();
  const code = validate(options.in ? projectAt(options.in) : project, paths, { warn: options.warn ?? [], skip: options.skip ?? [] }, terminal);
  return { code, stdout: terminal.stdout, stderr: terminal.stderr };
}

/** A throwaway YAML file. */
function yamlFile(text: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'shipshape-validate-'));
  const file = join(folder, 'objects.yaml');
  writeFileSync(file, text);
  return file;
}

describe('shipshape validate', () => {
  test("with no path checks manifests/: every object of flowline, the tests' platform, is clean", () => {
    const folder = copyOfFlowline();
    const result = run([], { in: folder });
    rmSync(folder, { recursive: true, force: true });
    expect([result.code, result.stderr]).toEqual([0, []]);
    expect(result.stdout.pop()).toMatch(/^checked \d+ objects in \d+ files: 0 errors, 0 warnings, 0 waived$/);
    // Custom resources (here a ServiceMonitor) are passed through, each with a note.
    for (const line of result.stdout) expect(line).toMatch(/: note: \S+ \S+ is a custom resource \(.+\), passed through without validation/);
  });

  test('accepts hand-written YAML that shipshape did not make', () => {
    expect(run([`${fixtures}/good`])).toEqual({ code: 0, stdout: ['checked 9 objects in 1 file: 0 errors, 0 warnings, 0 waived'], stderr: [] });
  });

  test('prints one line per problem with file, line, rule, object, path, problem and fix, and exits 1', () => {
    // The single-replica policy rules this fixture is not about are skipped, as `--skip` does.
    const result = run([`${fixtures}/broken/orders.yaml`], { skip: ['pdb-for-replicas', 'min-replicas', 'network-policy-per-pod', 'priority-class-set', 'instance-label'] });
    expect(result.code).toBe(1);
    expect(result.stderr).toEqual([
      `${fixtures}/broken/orders.yaml:5: error [object-name] Service Orders_Svc metadata.name: "Orders_Svc" is not a DNS-1035 label (lowercase letters, digits and "-", starting with a letter and ending with a letter or digit); use a name like "orders-svc".`,
      `${fixtures}/broken/orders.yaml:10: error [service-target-port] Service Orders_Svc spec.ports[0].targetPort: names the container port "http", which no selected container declares ("http-metrics-admin"); target a declared port name or a number.`,
      `${fixtures}/broken/orders.yaml:18: error [labels] Deployment orders metadata.labels.release: the value "this-value-is-seventy-characters-long-which-is-seven-more-than-allowed" is 70 characters long, more than the 63 a label value allows; shorten the value or move it to an annotation.`,
      `${fixtures}/broken/orders.yaml:38: error [container-ports] Deployment orders spec.template.spec.containers[0].ports[0].name: "http-metrics-admin" is 18 characters long, more than the 15 a port name allows; name ports like "http", "grpc" or "metrics".`,
      `${fixtures}/broken/orders.yaml:40: error [env-var-name] Deployment orders spec.template.spec.containers[0].env[0].name: "1BAD NAME" is not an environment variable name Kubernetes 1.27 accepts (letters, digits, "_", "-" and ".", not starting with a digit); rename it, e.g. "LOG_LEVEL".`,
    ]);
    expect(result.stdout).toEqual(['checked 3 objects in 1 file: 5 errors, 0 warnings, 0 waived']);
  });

  test('refuses a probe path without "/" and an empty command element in hand-written YAML', () => {
    const good = readFileSync(join(root, fixtures, 'good', 'shop.yaml'), 'utf8');
    const file = yamlFile(good.replace('httpGet: { path: /ready, port: http }', 'httpGet: { path: ready, port: http }').replace('        - name: shop\n', "        - name: shop\n          command: ['/app/shop', '']\n"));
    const errors = run([file]).stderr.map((line) => line.replace(/^.*?: error /, ''));
    rmSync(join(file, '..'), { recursive: true });
    expect(errors).toEqual([
      '[probe-path] Deployment shop spec.template.spec.containers[0].readinessProbe.httpGet.path: "ready" does not start with "/"; write it as "/ready".',
      '[empty-command-element] Deployment shop spec.template.spec.containers[0].command[1]: is an empty string; remove it, or give it its value.',
    ]);
  });

  test('checks references across the files it is given together', () => {
    const ingress = yamlFile(
      'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: shop, namespace: shop}\nspec:\n  tls: [{hosts: [shop.example.com], secretName: shop-tls}]\n  rules:\n  - host: shop.example.com\n    http:\n      paths:\n      - {path: /, pathType: Prefix, backend: {service: {name: shop, port: {name: https}}}}\n',
    );
    const shown = relative(root, ingress);
    expect(run([`${fixtures}/good`, ingress]).stderr).toEqual([
      `${shown}:3: error [duplicate-object] Ingress shop metadata.name: Ingress shop is defined more than once in namespace shop; remove or rename one of the definitions.`,
      `${shown}:10: error [ingress-backend-exists] Ingress shop spec.rules[0].http.paths[0].backend.service.port.name: "https" is not a port of Service shop (http); use one of the Service's ports.`,
    ]);
    rmSync(join(ingress, '..'), { recursive: true });
  });

  test('reads YAML as kubectl does: 1.1 booleans, null fields, empty documents and List', () => {
    const file = yamlFile(
      '---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: flags, namespace: shop, creationTimestamp: null}\n  data:\n    CART: on\n---\n# nothing here\n',
    );
    const result = run([file]);
    expect(result.stderr).toEqual([
      `${relative(root, file)}:9: error [schema-type] ConfigMap flags data.CART: is the boolean true, not a string; quote it: kubectl reads YAML 1.1, where unquoted yes, no, on and off are booleans.`,
    ]);
    rmSync(join(file, '..'), { recursive: true });
  });

  test('a document that is not YAML or not an object is an error with its line', () => {
    const file = yamlFile('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n- just\n- a list\n---\nkey: [unclosed\n');
    const shown = relative(root, file);
    const result = run([file]);
    expect(result.code).toBe(1);
    expect(result.stderr[0]).toBe(`${shown}:5: error: the document is not a Kubernetes object (a YAML mapping with apiVersion and kind)`);
    expect(result.stderr[1]).toMatch(new RegExp(`^${shown}:\\d+: error: the document is not valid YAML: `));
    expect(result.stdout).toEqual(['checked 1 object in 1 file: 2 errors, 0 warnings, 0 waived']);
    rmSync(join(file, '..'), { recursive: true });
  });

  test('--warn lowers policy rules to warnings (exit 0), --skip does not run them', () => {
    const file = yamlFile('apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  type: NodePort\n  ports: [{port: 80}]\n');
    const shown = relative(root, file);
    expect(run([file]).code).toBe(1);
    const warned = run([file], { warn: ['no-node-port'], skip: ['ingress-tls'] });
    expect(warned.code).toBe(0);
    expect(warned.stderr).toEqual([`${shown}:5: warning [no-node-port] Service web spec.type: is NodePort; use type ClusterIP and route through the Ingress.`]);
    expect(run([file], { skip: ['no-node-port'] })).toEqual({ code: 0, stdout: ['checked 1 object in 1 file: 0 errors, 0 warnings, 0 waived'], stderr: [] });
    rmSync(join(file, '..'), { recursive: true });
  });

  test('a waiver annotation is honoured and shown with its reason', () => {
    const file = yamlFile('apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  annotations:\n    waive.shipshape.dev/no-node-port: the legacy load balancer can only reach node ports\nspec:\n  type: NodePort\n  ports: [{port: 80}]\n');
    const shown = relative(root, file);
    expect(run([file])).toEqual({
      code: 0,
      stdout: [`${shown}:8: waived [no-node-port] Service web spec.type: the legacy load balancer can only reach node ports`, 'checked 1 object in 1 file: 0 errors, 0 warnings, 1 waived'],
      stderr: [],
    });
    rmSync(join(file, '..'), { recursive: true });
  });

  test.each<[string[], { warn?: string[]; skip?: string[] }, string]>([
    [['no/such/folder'], {}, 'field no/such/folder: does not exist; give a YAML file or a folder of them.'],
    [[], { warn: ['labels'] }, 'field --warn labels: "labels" is an API-server rule, which the cluster enforces; name one of the policy rules: resources-set, image-tag-pinned,'],
    [[], { skip: ['ingres-tls'] }, 'field --skip ingres-tls: "ingres-tls" is not a policy rule; did you mean ingress-tls?'],
  ])('a bad argument is a clear error: %j %j', (paths, options, expected) => {
    expect(() => run(paths, options)).toThrow(ShipshapeError);
    expect(() => run(paths, options)).toThrow(expected);
  });

  test('shipshape validate <paths> runs it from the command line, with exit code 1 on errors', async () => {
    // In process; test/integration/validate-command.test.ts runs `npm run validate -- <paths>`.
    const result = await shipshape(root, ['validate', `${fixtures}/broken`]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual(run([`${fixtures}/broken`]).stderr);
    expect(result.stdout).toBe('checked 3 objects in 1 file: 10 errors, 0 warnings, 0 waived\n');
  });
});
