import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PreviewName } from '../lib';
import { synthesizeService } from '../lib/testing';

// semver 6, the copy npm installs for jest's own dependencies, without types of its own.
const semver = require('semver') as { satisfies(version: string, range: string): boolean };

// The README states shipshape's defaults with their values, in the table of what synth generates. Each value is
// written as `field: value` and checked here against what synth renders for a service that sets none of them, so the
// README cannot drift from the code; and no other number may appear in that section unchecked.
const root = join(__dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const TABLE_SECTION = '## What shipshape generates, and why its defaults are these';

function section(heading: string): string {
  const start = readme.indexOf(`${heading}\n`);
  if (start < 0) throw new Error(`the README has no section "${heading}"`);
  const end = readme.indexOf('\n## ', start + heading.length);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** A service that sets none of the fields whose defaults the README states, with everything that makes each object exist. */
const synthesized = synthesizeService({
  name: 'readme',
  image: 'ghcr.io/acme/readme:1.0.0',
  ports: [{ name: 'http', port: 8080 }],
  health: { path: '/readyz' },
  ingress: { subdomain: 'readme' },
  autoscaling: { minReplicas: 2, maxReplicas: 4 },
});
const deployment = synthesized.object('Deployment');
const pod = deployment.spec.template.spec;
const container = pod.containers[0];

type Lookup = () => unknown;
/** What each `field: value` in a row of the table stands for, by the row's object and the field as written. */
const DEFAULTS: Readonly<Record<string, Readonly<Record<string, Lookup>>>> = {
  Namespace: {
    'pod-security.kubernetes.io/enforce': () => synthesized.environment.object('Namespace').metadata.labels['pod-security.kubernetes.io/enforce'],
  },
  Ingress: {
    pathType: () => synthesized.environment.object('Ingress').spec.rules[0].http.paths[0].pathType,
  },
  ServiceAccount: {
    automountServiceAccountToken: () => synthesized.object('ServiceAccount').automountServiceAccountToken,
  },
  Deployment: {
    maxUnavailable: () => deployment.spec.strategy.rollingUpdate.maxUnavailable,
    maxSurge: () => deployment.spec.strategy.rollingUpdate.maxSurge,
    minReadySeconds: () => deployment.spec.minReadySeconds,
    preStop: () => container.lifecycle.preStop.exec.command.join(' '),
    terminationGracePeriodSeconds: () => pod.terminationGracePeriodSeconds,
    revisionHistoryLimit: () => deployment.spec.revisionHistoryLimit,
    whenUnsatisfiable: () => only(pod.topologySpreadConstraints, 'topology spread constraint').whenUnsatisfiable,
    enableServiceLinks: () => pod.enableServiceLinks,
  },
  'Deployment: probes': {
    'readinessProbe.periodSeconds': () => container.readinessProbe.periodSeconds,
    'livenessProbe.periodSeconds': () => container.livenessProbe.periodSeconds,
    'startupProbe.periodSeconds': () => container.startupProbe.periodSeconds,
    'startupProbe.failureThreshold': () => container.startupProbe.failureThreshold,
  },
  'Deployment: container': {
    'requests.cpu': () => container.resources.requests.cpu,
    'requests.memory': () => container.resources.requests.memory,
    'requests.ephemeral-storage': () => container.resources.requests['ephemeral-storage'],
    'limits.cpu': () => container.resources.limits.cpu,
    'limits.memory': () => container.resources.limits.memory,
    'limits.ephemeral-storage': () => container.resources.limits['ephemeral-storage'],
    imagePullPolicy: () => container.imagePullPolicy,
    runAsUser: () => sameOnPodAndContainer('runAsUser'),
    runAsGroup: () => sameOnPodAndContainer('runAsGroup'),
    readOnlyRootFilesystem: () => container.securityContext.readOnlyRootFilesystem,
    allowPrivilegeEscalation: () => container.securityContext.allowPrivilegeEscalation,
    'capabilities.drop': () => container.securityContext.capabilities.drop.join(', '),
    'seccompProfile.type': () => sameOnPodAndContainer('seccompProfile').type,
  },
  HorizontalPodAutoscaler: {
    'scaleDown.stabilizationWindowSeconds': () => synthesized.object('HorizontalPodAutoscaler').spec.behavior.scaleDown.stabilizationWindowSeconds,
  },
  PodDisruptionBudget: {
    maxUnavailable: () => synthesized.object('PodDisruptionBudget').spec.maxUnavailable,
    unhealthyPodEvictionPolicy: () => synthesized.object('PodDisruptionBudget').spec.unhealthyPodEvictionPolicy,
  },
};

/** Backquoted text in the section that names no default, though it has a digit. */
const NOT_DEFAULTS = new Set(['autoscaling/v2']);

function only(list: readonly any[], what: string): any {
  if (list.length !== 1) throw new Error(`expected one ${what}, found ${list.length}`);
  return list[0];
}

function sameOnPodAndContainer(field: string): any {
  expect(container.securityContext[field]).toEqual(pod.securityContext[field]);
  return container.securityContext[field];
}

interface StatedDefault {
  readonly object: string;
  readonly field: string;
  readonly value: string;
}

/** Every `field: value` in the table, with the object of its row (the first cell without its backquoted names). */
function statedDefaults(): StatedDefault[] {
  const rows = section(TABLE_SECTION).split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| Object '));
  return rows.flatMap((row) => {
    const [first, why] = row.slice(2, -2).split(' | ');
    const object = first.replace(/`[^`]*`/g, '').replace(/,/g, '').trim().split(/\s+(?=[A-Z])/)[0];
    return [...why.matchAll(/`([^`:]+): ([^`]+)`/g)].map(([, field, value]) => ({ object, field, value }));
  });
}

describe("the README's table of generated objects", () => {
  const stated = statedDefaults();

  test('states defaults', () => {
    expect(stated.length).toBeGreaterThan(20);
  });

  test.each(stated.map((d) => [`${d.object}: ${d.field}: ${d.value}`, d] as const))('%s is what synth renders', (_, { object, field, value }) => {
    const lookup = DEFAULTS[object]?.[field];
    if (!lookup) throw new Error(`the README states ${object} ${field}: ${value}, which this test does not know; add it to DEFAULTS`);
    expect(String(lookup())).toBe(value);
  });

  test('states every default this test checks', () => {
    const seen = new Set(stated.map(({ object, field }) => `${object} ${field}`));
    const unstated = Object.entries(DEFAULTS).flatMap(([object, fields]) => Object.keys(fields).map((field) => `${object} ${field}`)).filter((key) => !seen.has(key));
    expect(unstated).toEqual([]);
  });

  test('has no other number in it', () => {
    const text = section(TABLE_SECTION)
      .replace(/`([^`]*)`/g, (quoted, inner: string) => (/^[^:]+: [^`]+$/.test(inner) || NOT_DEFAULTS.has(inner) ? '' : quoted))
      .replace(/cdk8s(-plus(-27)?)?/g, 'cdk');
    expect(text.match(/.{0,30}\d.{0,30}/g) ?? []).toEqual([]);
  });
});

describe('other figures the README states', () => {
  test("the Node.js versions are the ones the type-check asks for", () => {
    const script = readFileSync(join(root, 'scripts', 'typecheck.js'), 'utf8');
    const [, oldest, newer] = /from (\d+\.\d+) \(and (\d+\.\d+)\) on/.exec(script) ?? [];
    expect(script).toContain(`use Node.js ${oldest} or later`);
    const stated = `Node.js ${oldest} or later (${newer} or later on Node.js ${newer.split('.')[0]})`;
    expect(readme.split(stated).length - 1).toBe(2);
    expect(readme.match(/Node\.js \d[\d.]*/g)?.filter((mention) => !stated.includes(mention))).toEqual([]);
  });

  test("package.json's engines admit exactly those Node.js versions, and every installed package runs on them (no EBADENGINE from npm ci)", () => {
    const script = readFileSync(join(root, 'scripts', 'typecheck.js'), 'utf8');
    const [, oldest, newer] = /from (\d+\.\d+) \(and (\d+\.\d+)\) on/.exec(script) ?? [];
    const own = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
    expect(own.engines.node).toBe(`^${oldest}.0 || >=${newer}.0`);
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; engines?: { node?: string } }> };
    const refusing = Object.entries(lock.packages)
      .filter(([path, entry]) => path !== '' && entry.engines?.node !== undefined)
      .flatMap(([path, entry]) => [`${oldest}.0`, `${newer}.0`].filter((node) => !semver.satisfies(node, entry.engines!.node!)).map((node) => `${path}@${entry.version} (node ${entry.engines!.node}) refuses ${node}`));
    expect(refusing).toEqual([]);
  });

  test('every package with an install script is approved or denied in allowScripts (npm 11 lists the others after npm ci)', () => {
    const own = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { allowScripts: Record<string, boolean> };
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean }> };
    const scripted = Object.entries(lock.packages).filter(([, entry]) => entry.hasInstallScript).map(([path]) => path.split('node_modules/').pop()!);
    expect(scripted.length).toBeGreaterThan(0);
    expect(scripted.filter((name) => !(name in own.allowScripts))).toEqual([]);
  });

  test("the preview folder of the example branch is the one its name gives", () => {
    expect(readme).toContain(`npx shipshape synth --preview feature/Login_Page      # → .shipshape/previews/${PreviewName.of('feature/Login_Page').environment}/`);
  });
});
