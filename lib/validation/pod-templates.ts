import { asArray, asRecord, asStringMap, kindOf, KubeObject } from './kube-object';
import type { ObjectPath } from './object-path';

/** The pod an object runs or creates: its metadata and spec, and where they are in the object. */
export interface PodTemplate {
  /** Path of the template (where `metadata` and `spec` are), `[]` for a Pod itself. */
  readonly path: ObjectPath;
  /** The pod labels. */
  readonly labels: Readonly<Record<string, string>>;
  /** The pod spec (possibly empty when the object is malformed). */
  readonly spec: Record<string, any>;
}

/** A container of a pod and where it is. */
export interface PodContainer {
  /** Path of the container, e.g. `spec.template.spec.containers[0]`. */
  readonly path: ObjectPath;
  /** The container. */
  readonly container: Record<string, any>;
  /** Which list it is in. */
  readonly list: 'containers' | 'initContainers' | 'ephemeralContainers';
}

const TEMPLATE_PATHS: Readonly<Record<string, ObjectPath>> = {
  Pod: [],
  PodTemplate: ['template'],
  Deployment: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/** Kinds whose pods keep running and serve (probes, disruption budgets and spreading apply to them). */
export const LONG_RUNNING_KINDS: readonly string[] = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController'];

/** Every kind that runs pods. */
export const POD_KINDS: readonly string[] = Object.keys(TEMPLATE_PATHS);

// Most rules look at the pod template and its containers: work each out once per object.
const templates = new WeakMap<KubeObject, PodTemplate | null>();
const containers = new WeakMap<PodTemplate, readonly PodContainer[]>();

/** The pod template of a workload, or undefined for kinds that run no pods. */
export function podTemplateOf(object: KubeObject): PodTemplate | undefined {
  let template = templates.get(object);
  if (template === undefined) {
    template = findPodTemplate(object) ?? null;
    templates.set(object, template);
  }
  return template ?? undefined;
}

function findPodTemplate(object: KubeObject): PodTemplate | undefined {
  const path = TEMPLATE_PATHS[kindOf(object)];
  if (!path) return undefined;
  let template: unknown = object;
  for (const key of path) template = asRecord(template)?.[key as string];
  const record = asRecord(template) ?? {};
  return { path, labels: asStringMap(asRecord(record.metadata)?.labels), spec: asRecord(record.spec) ?? {} };
}

/** Every container of a pod: regular, init and ephemeral. */
export function containersOf(template: PodTemplate): readonly PodContainer[] {
  let result = containers.get(template);
  if (!result) {
    result = findContainers(template);
    containers.set(template, result);
  }
  return result;
}

function findContainers(template: PodTemplate): PodContainer[] {
  const result: PodContainer[] = [];
  for (const list of ['containers', 'initContainers', 'ephemeralContainers'] as const) {
    asArray(template.spec[list]).forEach((container, index) => {
      const record = asRecord(container);
      if (record) result.push({ path: [...template.path, 'spec', list, index], container: record, list });
    });
  }
  return result;
}
