/** What the generated service definition and its test are made of. */
export interface ServiceTemplate {
  /** The service name, e.g. `billing-worker`. */
  readonly name: string;
  /** The exported constant, e.g. `billingWorker`. */
  readonly identifier: string;
  /** The pinned image, e.g. `ghcr.io/flowline/billing-worker:0.1.0`. */
  readonly image: string;
}

/**
 * A service definition with the recommended defaults, and comments that teach what each one is for.
 * @param library the module to import `defineService` from, e.g. `'shipshape'` or `'../lib'`
 */
export function serviceSource(service: ServiceTemplate, library: string): string {
  const { name, identifier, image } = service;
  return `import { defineService } from '${library}';

/**
 * ${name}: say in one line what it does (and set \`description\` below, which lands in the manifests).
 *
 * Every field has a JSDoc line and a default: hover it in your editor. An environment changes what
 * differs there (image release, replicas, autoscaling bounds, config values, hosts) in its \`overrides\`.
 */
export const ${identifier} = defineService({
  name: '${name}',
  // A pinned release, by tag or digest; "latest" is refused because it changes under a running Deployment.
  image: '${image}',
  // Named ports: the ClusterIP Service "${name}" exposes each under its name; probes and ingress refer to it.
  ports: [{ name: 'http', port: 8080 }],
  // Readiness gates traffic and may check dependencies; liveness restarts the container, so it checks only that
  // the process answers. Two paths keep a slow database from restarting every pod at once.
  health: { path: '/readyz', livenessPath: '/livez' },
  // Plain settings, as environment variables from the ${name}-config ConfigMap; a change rolls the pods.
  config: { LOG_LEVEL: 'info' },
  // Scales on CPU between 2 and 4 pods; two or more keep it up while a node drains.
  autoscaling: { minReplicas: 2, maxReplicas: 4 },

  // Uncomment what ${name} needs:
${optional(name)}
});
`;
}

/** Commented-out fields with what each does, aligned so the comments read as a column. */
function optional(name: string): string {
  const fields: [string, string][] = [
    [`description: 'What ${name} does, in one line',`, 'an annotation on its objects'],
    [`ingress: { subdomain: '${name}' },`, `route https://${name}.<environment domain> to the http port`],
    [`dependsOn: ['api'],`, 'services it calls; NetworkPolicies allow exactly these'],
    [`secrets: ['DATABASE_URL'],`, `from the ${name}-secrets Secret, stored encrypted per environment`],
    [`metrics: { port: 'http', path: '/metrics' },`, 'let Prometheus scrape it'],
    [`resources: { cpu: { request: '250m', limit: '1' }, memory: { request: '256Mi', limit: '512Mi' } },`, ''],
  ];
  const width = Math.max(...fields.filter(([, why]) => why).map(([field]) => field.length));
  return fields.map(([field, why]) => (why ? `  // ${field.padEnd(width)}  // ${why}` : `  // ${field}`)).join('\n');
}

/**
 * A test of the service on its own: a snapshot of its manifest in each kind of environment, and the assertions that matter.
 * @param testing the module to import the testing API from, e.g. `'shipshape/testing'`
 * @param definition the module that exports the service, e.g. `'../src/service'`
 */
export function serviceTestSource(service: ServiceTemplate, testing: string, definition: string): string {
  const { name, identifier } = service;
  return `import { assertService, ENVIRONMENT_KINDS, synthesizeService } from '${testing}';
import { ${identifier} } from '${definition}';

// What ${name} gets in each kind of environment. A change to its definition shows up here as a snapshot
// diff to review; accept an intended one with \`npx jest -u\`. Services it calls are stood in for; pass
// \`dependencies: [...]\` to synthesizeService to use their real definitions.
describe.each(ENVIRONMENT_KINDS)('${name} in a %s-like environment', (kind) => {
  const synthesized = synthesizeService(${identifier}, { environment: kind });

  test('matches its snapshot', () => {
    expect(synthesized.yaml).toMatchSnapshot();
  });

  test('takes traffic only when ready, and rolls out without downtime', () => {
    assertService(synthesized).hasReadinessProbe().hasLivenessProbe().hasZeroDowntimeRollout().runsRestricted().rollsOnConfigChange();
  });
});

test('${name} survives a node drain and passes the policy gate in production', () => {
  assertService(synthesizeService(${identifier}, { environment: 'production' })).survivesNodeDrain().passesPolicyGate();
});
`;
}
