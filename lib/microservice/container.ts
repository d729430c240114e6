import * as kplus from 'cdk8s-plus-27';
import { ShipshapeError } from '../errors';
import type { FieldList } from '../field-provenance';
import type { ObjectPath } from '../validation/object-path';
import { envVarNameProblem } from '../validation/names';
import type { Image } from './image';
import type { ServicePort } from './ports';
import { containerProbes, ServiceProbes } from './probes';
import type { ContainerResources } from './resources';
import type { Rollout } from './rollout';
import type { PodSecurity } from './security';

/** What the service's one container is made of, checked and resolved. */
export interface ContainerInputs {
  /** The container name: the service name. */
  readonly name: string;
  readonly image: Image;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly ports: readonly ServicePort[];
  /** The ConfigMap loaded whole as environment variables, if the service has config. */
  readonly configMap?: kplus.ConfigMap;
  /** The Secret each declared secret key is read from. */
  readonly secret: kplus.ISecret;
  readonly secretKeys: readonly string[];
  readonly probes: ServiceProbes;
  readonly resources: ContainerResources;
  readonly rollout: Rollout;
  readonly security: PodSecurity;
}

/** The container's cdk8s-plus-27 props. */
export function containerProps(inputs: ContainerInputs): kplus.ContainerProps {
  const { ports, security } = inputs;
  return {
    name: inputs.name,
    image: inputs.image.reference,
    // Cheap with a pinned tag, and every start proves the node may still pull the image.
    imagePullPolicy: kplus.ImagePullPolicy.ALWAYS,
    command: inputs.command ? [...inputs.command] : undefined,
    args: inputs.args ? [...inputs.args] : undefined,
    ports: ports.map((port) => ({ name: port.name, number: port.port, protocol: port.protocol === 'UDP' ? kplus.Protocol.UDP : kplus.Protocol.TCP })),
    envFrom: inputs.configMap ? [kplus.Env.fromConfigMap(inputs.configMap)] : undefined,
    envVariables: Object.fromEntries(inputs.secretKeys.map((key) => [key, kplus.EnvValue.fromSecretValue({ secret: inputs.secret, key })])),
    resources: inputs.resources.cpuAndMemory,
    ...containerProbes(inputs.probes, ports),
    lifecycle: { preStop: inputs.rollout.preStop },
    securityContext: security.container,
    volumeMounts: security.writableMounts.map(({ path, volume }) => ({ path, volume })),
  };
}

/** Where the parts of every service's container come from in the definition, by rendered path below the container. */
export const CONTAINER_FIELDS: FieldList = [
  [['image'], 'image'],
  [['imagePullPolicy'], 'image'],
  [['command'], 'command'],
  [['args'], 'args'],
  [['envFrom'], 'config'],
  [['env'], 'secrets'],
  [['resources'], 'resources'],
  ...(['cpu', 'memory', 'ephemeral-storage'] as const).flatMap((rendered) => {
    const resource = rendered === 'ephemeral-storage' ? 'ephemeralStorage' : rendered;
    return [[['resources', 'requests', rendered], `resources.${resource}.request`], [['resources', 'limits', rendered], `resources.${resource}.limit`]] as const;
  }),
  [['lifecycle'], 'rollout.preStopCommand'],
  [['securityContext'], 'security'],
  [['securityContext', 'capabilities'], 'security.addCapabilities'],
  [['securityContext', 'readOnlyRootFilesystem'], 'security.readOnlyRootFilesystem'],
  [['securityContext', 'runAsUser'], 'security.runAsUser'],
  [['securityContext', 'runAsGroup'], 'security.runAsGroup'],
  [['volumeMounts'], 'security.writablePaths'],
];

/** Where the parts of this service's container that vary between services (its ports, its probes) come from. */
export function containerFieldsOf(inputs: ContainerInputs): FieldList {
  const fields: Array<readonly [ObjectPath, string]> = [];
  inputs.ports.forEach((_, index) => {
    fields.push([['ports', index], `ports[${index}]`], [['ports', index, 'name'], `ports[${index}].name`], [['ports', index, 'containerPort'], `ports[${index}].port`]);
  });
  const { readiness, liveness, startup } = inputs.probes;
  if (readiness) fields.push([['readinessProbe'], readiness.field]);
  if (liveness) fields.push([['livenessProbe'], liveness.field]);
  if (startup) fields.push([['startupProbe'], startup.field]);
  return fields;
}

/** Checks the secret keys a service requires: valid environment variable names, each once. */
export function validateSecretKeys(keys: readonly string[]): void {
  const seen = new Set<string>();
  keys.forEach((key, index) => {
    const field = `secrets[${index}]`;
    const problem = envVarNameProblem(key);
    if (problem) throw new ShipshapeError({ field }, `the key ${problem}`, 'rename it, e.g. "DATABASE_URL"');
    if (seen.has(key)) throw new ShipshapeError({ field }, `"${key}" is listed twice`, 'list each secret key once');
    seen.add(key);
  });
}
