import type { EnvironmentDefinition } from '../environment/environment-definition';
import type { ServiceDefinition } from '../microservice/microservice-props';
import { asArray, asRecord, kindOf, KubeObject } from '../validation/kube-object';
import { formatPath, ObjectPath } from '../validation/object-path';

/** Where in the TypeScript definitions a problem in a rendered object comes from. */
export interface DefinitionLocation {
  /** The service whose definition holds the field, when it is one service's. */
  readonly service?: string;
  /** The field as the user writes it, e.g. `resources.memory.limit` or `overrides.api.replicas`. */
  readonly field?: string;
}

type FieldOf = (match: RegExpExecArray, object: KubeObject, definition: ServiceDefinition | undefined) => string | undefined;

const CONTAINER = String.raw`^spec\.template\.spec\.containers\[0\]`;
const RESOURCE_NAMES: Readonly<Record<string, string>> = { cpu: 'cpu', memory: 'memory', 'ephemeral-storage': 'ephemeralStorage' };

/**
 * Rendered paths of a service's objects and the definition fields they come
 * from, first match wins. Paths are written as `formatPath` prints them.
 */
const SERVICE_FIELDS: readonly [string, RegExp, string | FieldOf][] = [
  ['*', /^metadata\.name$/, 'name'],
  ['*', /labels\["app\.kubernetes\.io\/version"\]$/, 'image'],
  ['*', /labels\["app\.kubernetes\.io\/component"\]$/, 'component'],
  ['*', /annotations\["shipshape\.dev\/description"\]$/, 'description'],
  ['Deployment', /^spec\.replicas$/, 'replicas'],
  ['Deployment', /^spec\.strategy\.rollingUpdate\.maxSurge$/, 'rollout.maxSurge'],
  ['Deployment', /^spec\.(minReadySeconds|revisionHistoryLimit)$/, (m) => `rollout.${m[1]}`],
  ['Deployment', /^spec\.(strategy|progressDeadlineSeconds)/, 'rollout'],
  ['Deployment', /^spec\.template\.metadata\.annotations\["prometheus\.io/, 'metrics'],
  ['Deployment', /^spec\.template\.spec\.terminationGracePeriodSeconds$/, 'rollout.terminationGracePeriodSeconds'],
  ['Deployment', /^spec\.template\.spec\.topologySpreadConstraints/, 'spread'],
  ['Deployment', /^spec\.template\.spec\.securityContext\.(runAsUser|runAsGroup|fsGroup)$/, (m) => `security.${m[1] === 'fsGroup' ? 'runAsGroup' : m[1]}`],
  ['Deployment', /^spec\.template\.spec\.securityContext/, 'security'],
  ['Deployment', /^spec\.template\.spec\.automountServiceAccountToken$/, 'security.automountServiceAccountToken'],
  ['Deployment', /^spec\.template\.spec\.volumes/, 'security.writablePaths'],
  ['Deployment', new RegExp(`${CONTAINER}\\.(image|imagePullPolicy)$`), 'image'],
  ['Deployment', new RegExp(`${CONTAINER}\\.(command|args)`), (m) => m[1]],
  ['Deployment', new RegExp(`${CONTAINER}\\.ports\\[(\\d+)\\]\\.(name|containerPort)$`), (m) => `ports[${m[1]}].${m[2] === 'name' ? 'name' : 'port'}`],
  ['Deployment', new RegExp(`${CONTAINER}\\.ports\\[(\\d+)\\]`), (m) => `ports[${m[1]}]`],
  ['Deployment', new RegExp(`${CONTAINER}\\.env\\[(\\d+)\\]`), (m) => `secrets[${m[1]}]`],
  ['Deployment', new RegExp(`${CONTAINER}\\.envFrom`), 'config'],
  ['Deployment', new RegExp(`${CONTAINER}\\.resources\\.(requests|limits)\\.([a-z-]+)$`), (m) => (RESOURCE_NAMES[m[2]] ? `resources.${RESOURCE_NAMES[m[2]]}.${m[1] === 'requests' ? 'request' : 'limit'}` : 'resources')],
  ['Deployment', new RegExp(`${CONTAINER}\\.resources`), 'resources'],
  ['Deployment', new RegExp(`${CONTAINER}\\.readinessProbe`), (_, __, d) => (d?.readiness || !d?.health ? 'readiness' : 'health.path')],
  ['Deployment', new RegExp(`${CONTAINER}\\.livenessProbe`), (_, __, d) => (d?.liveness || !d?.health ? 'liveness' : d.health.livenessPath ? 'health.livenessPath' : 'health')],
  ['Deployment', new RegExp(`${CONTAINER}\\.startupProbe`), (_, __, d) => (d?.startup !== undefined || !d?.health ? 'startup' : 'health.path')],
  ['Deployment', new RegExp(`${CONTAINER}\\.lifecycle`), 'rollout.preStopCommand'],
  ['Deployment', new RegExp(`${CONTAINER}\\.securityContext\\.(readOnlyRootFilesystem|runAsUser|runAsGroup)$`), (m) => `security.${m[1]}`],
  ['Deployment', new RegExp(`${CONTAINER}\\.securityContext\\.capabilities`), 'security.addCapabilities'],
  ['Deployment', new RegExp(`${CONTAINER}\\.securityContext`), 'security'],
  ['Deployment', new RegExp(`${CONTAINER}\\.volumeMounts`), 'security.writablePaths'],
  ['ConfigMap', /^data/, 'config'],
  ['Service', /^spec\.ports\[(\d+)\]\.name$/, (m) => `ports[${m[1]}].name`],
  ['Service', /^spec\.ports\[(\d+)\]/, (m) => `ports[${m[1]}].port`],
  ['Service', /^spec\.ports/, 'ports'],
  ['HorizontalPodAutoscaler', /^spec\.(minReplicas|maxReplicas)$/, (m) => `autoscaling.${m[1]}`],
  ['HorizontalPodAutoscaler', /^spec\.metrics\[(\d+)\]/, (m, object) => `autoscaling.${asRecord(asArray(object.spec?.metrics)[Number(m[1])])?.resource?.name === 'memory' ? 'memoryUtilization' : 'cpuUtilization'}`],
  ['HorizontalPodAutoscaler', /^spec/, 'autoscaling'],
  ['PodDisruptionBudget', /^spec\.maxUnavailable$/, 'disruptionBudget.maxUnavailable'],
  ['PodDisruptionBudget', /^spec/, 'disruptionBudget'],
  ['NetworkPolicy', /^spec\.egress\[(\d+)\]/, (m, object) => (asRecord(asArray(object.spec?.egress)[Number(m[1])])?.to?.[0]?.ipBlock ? 'egress' : 'dependsOn')],
  ['ServiceAccount', /^automountServiceAccountToken$/, 'security.automountServiceAccountToken'],
];

/** Rules whose finding belongs to another field than the one its path names. */
const RULE_FIELDS: Readonly<Record<string, string>> = {
  'pdb-for-replicas': 'disruptionBudget',
  'spread-across-nodes': 'spread',
};

/**
 * Maps a problem in a rendered object back to the definitions: which service
 * and which field, and whether the value comes from the environment's
 * `overrides` or `defaults` rather than the service file.
 *
 * @param owner the service that rendered the object, if any
 */
export function definitionLocation(object: KubeObject, path: ObjectPath, rule: string, owner: string | undefined, environment: EnvironmentDefinition): DefinitionLocation {
  // The part-of label comes from the environment, whichever object carries it.
  if (/labels\["app\.kubernetes\.io\/part-of"\]$/.test(formatPath(path))) return { field: 'partOf' };
  if (owner === undefined) return environmentObjectLocation(object, path, environment);
  const definition = environment.services.find((service) => service.name === owner);
  const field = RULE_FIELDS[rule] ?? serviceField(object, path, definition);
  return { service: owner, field: field === undefined ? undefined : whereWritten(field, owner, definition, environment) };
}

function serviceField(object: KubeObject, path: ObjectPath, definition: ServiceDefinition | undefined): string | undefined {
  const kind = kindOf(object);
  // A ConfigMap key is a config key as written, whatever characters it has.
  if (kind === 'ConfigMap' && path[0] === 'data' && path.length > 1) return `config.${path[1]}`;
  const text = formatPath(path);
  for (const [forKind, pattern, field] of SERVICE_FIELDS) {
    if (forKind !== '*' && forKind !== kind) continue;
    const match = pattern.exec(text);
    if (match) return typeof field === 'string' ? field : field(match, object, definition);
  }
  return undefined;
}

/** Objects the environment renders itself: the Namespace, the baseline policies and the Ingress (whose rules belong to services). */
function environmentObjectLocation(object: KubeObject, path: ObjectPath, environment: EnvironmentDefinition): DefinitionLocation {
  const text = formatPath(path);
  // The environment's own objects are labelled after partOf (name, instance, part-of) and the environment name.
  if (path[0] === 'metadata' && path[1] === 'labels') return { field: path[2] === 'shipshape.dev/environment' ? 'name' : 'partOf' };
  switch (kindOf(object)) {
    case 'Namespace':
      return { field: environment.namespace !== undefined ? 'namespace' : 'name' };
    case 'Ingress': {
      const rule = /^spec\.rules\[(\d+)\](\.http\.paths\[(\d+)\])?/.exec(text);
      if (rule) {
        const entry = asRecord(asArray(object.spec?.rules)[Number(rule[1])]) ?? {};
        const paths = asArray(asRecord(entry.http)?.paths);
        const service = asRecord(asRecord(asRecord(paths[Number(rule[3] ?? 0)])?.backend)?.service)?.name;
        const definition = environment.services.find((candidate) => candidate.name === service);
        const ingress = definition?.ingress || undefined;
        const field = /\.path$/.test(text) ? 'ingress.paths' : /backend/.test(text) ? 'ingress.port' : ingress?.hosts ? 'ingress.hosts' : 'ingress.subdomain';
        return typeof service === 'string' ? { service, field: whereWritten(field, service, definition, environment) } : {};
      }
      if (/^spec\.tls/.test(text)) return { field: 'ingress.clusterIssuer' };
      if (/^spec\.ingressClassName/.test(text)) return { field: 'ingress.className' };
      if (/^metadata\.annotations/.test(text)) return { field: 'ingress.annotations' };
      return { field: 'ingress' };
    }
    default:
      return {};
  }
}

/** The field as written: in the environment's overrides or defaults when the value comes from there. */
function whereWritten(field: string, service: string, definition: ServiceDefinition | undefined, environment: EnvironmentDefinition): string {
  if (hasField(environment.overrides?.[service], field)) return `overrides.${service}.${field}`;
  if (hasField(environment.defaults, field) && !hasField(definition, field)) return `defaults.${field}`;
  return field;
}

function hasField(source: unknown, field: string): boolean {
  let current: unknown = source;
  for (const key of field.replace(/\[\d+\]/g, '').split('.')) {
    const record = asRecord(current);
    if (!record || record[key] === undefined) return false;
    current = record[key];
  }
  return true;
}
