import { CORE_SCHEMA, loadAll } from 'js-yaml';
import { yamlPackage } from '../yaml-package';
import { FieldChange, fieldChanges } from './field-changes';
import type { ManifestTree } from './manifest-tree';
import { ENVIRONMENT_FILE } from '../synth/synthesize';

/** How one Kubernetes object differs. */
export interface ObjectDiff {
  /** The object's kind, e.g. `Deployment`. */
  readonly kind: string;
  /** The object's name. */
  readonly name: string;
  /** `added`, `removed`, or `changed` with the fields below. */
  readonly change: 'added' | 'removed' | 'changed';
  /** The fields that differ, for a changed object. */
  readonly fields: readonly FieldChange[];
}

/** The objects of one service (one file) that differ. */
export interface ServiceDiff {
  /** The service name, or `environment` for the shared objects of `00-environment.yaml` (or the file name in other folders). */
  readonly service: string;
  /** Every object of the service that differs, in file order. */
  readonly objects: readonly ObjectDiff[];
}

/** How one environment's manifests differ. */
export interface EnvironmentDiff {
  /** The environment (or `gitops`), or `staging → production` when two environments are compared. */
  readonly environment: string;
  /** `added` or `removed` when the whole folder is new or gone. */
  readonly change: 'added' | 'removed' | 'changed' | 'unchanged';
  /** Services with a difference, sorted. */
  readonly services: readonly ServiceDiff[];
}

type KubeObject = { kind?: string; metadata?: { name?: string; namespace?: string } } & Record<string, unknown>;

/**
 * Compares two manifest trees object by object. Environments present on either side are
 * listed, sorted; objects are matched by kind, namespace and name, wherever they are in the files.
 */
export function diffManifestTrees(before: ManifestTree, after: ManifestTree): EnvironmentDiff[] {
  const environments = [...new Set([...before.keys(), ...after.keys()])].sort();
  return environments.map((environment) => {
    const diff = diffEnvironmentFiles(environment, before.get(environment), after.get(environment));
    const change = !before.has(environment) ? 'added' : !after.has(environment) ? 'removed' : diff.change;
    return { ...diff, change };
  });
}

/**
 * Compares two versions of one environment's files.
 * @param neutral strings that name each side's environment (its name, its namespace): they are read as the
 *   same placeholder, so comparing staging with production shows what really differs, not every label
 */
export function diffEnvironmentFiles(
  environment: string,
  before: ReadonlyMap<string, string> | undefined,
  after: ReadonlyMap<string, string> | undefined,
  neutral: { before: readonly string[]; after: readonly string[] } = { before: [], after: [] },
): EnvironmentDiff {
  const old = objectsOf(before, neutral.before);
  const current = objectsOf(after, neutral.after);
  const services = new Map<string, ObjectDiff[]>();
  const add = (service: string, diff: ObjectDiff) => services.set(service, [...(services.get(service) ?? []), diff]);
  for (const [key, entry] of current) {
    const previous = old.get(key);
    if (!previous) add(entry.service, { kind: entry.kind, name: entry.name, change: 'added', fields: [] });
    else {
      const fields = fieldChanges(previous.object, entry.object);
      if (fields.length > 0) add(entry.service, { kind: entry.kind, name: entry.name, change: 'changed', fields });
    }
  }
  for (const [key, entry] of old) {
    if (!current.has(key)) add(entry.service, { kind: entry.kind, name: entry.name, change: 'removed', fields: [] });
  }
  const sorted = [...services.entries()]
    .sort(([a], [b]) => (a === 'environment' ? -1 : b === 'environment' ? 1 : a < b ? -1 : 1))
    .map(([service, objects]) => ({ service, objects }));
  return { environment, change: sorted.length > 0 ? 'changed' : 'unchanged', services: sorted };
}

interface PlacedObject {
  readonly service: string;
  readonly kind: string;
  readonly name: string;
  readonly object: unknown;
}

function objectsOf(files: ReadonlyMap<string, string> | undefined, neutral: readonly string[]): Map<string, PlacedObject> {
  const objects = new Map<string, PlacedObject>();
  for (const [file, text] of files ?? []) {
    const service = file === ENVIRONMENT_FILE ? 'environment' : file.replace(/\.yaml$/, '');
    for (const document of documentsOf(text)) {
      const object = neutralized(document, neutral) as KubeObject | null;
      if (!object || typeof object !== 'object') continue;
      const kind = String(object.kind ?? 'unknown');
      const name = String(object.metadata?.name ?? '');
      objects.set(`${kind}/${object.metadata?.namespace ?? ''}/${name}`, { service, kind, name, object });
    }
  }
  return objects;
}

/**
 * The documents of a manifest file: read with js-yaml (YAML 1.2 core schema, as the `yaml` package
 * reads by default), five times faster on synth's output; a file js-yaml refuses (edited by hand)
 * is read by the more forgiving `yaml` package, so diff still shows what it can.
 */
function documentsOf(text: string): unknown[] {
  try {
    return loadAll(text, undefined, { schema: CORE_SCHEMA });
  } catch {
    return yamlPackage()
      .parseAllDocuments(text)
      .map((document) => document.toJS());
  }
}

/** The fields whose value names the environment itself; everything else is compared as written. */
const IDENTITY_KEYS = new Set(['namespace', 'shipshape.dev/environment', 'app.kubernetes.io/instance', 'kubernetes.io/metadata.name', 'priorityClassName']);

/**
 * Replaces an environment's own name where it identifies the environment (namespaces, the
 * environment and instance labels, the Namespace's name, the PriorityClasses' names and the pods' references
 * to them): `staging` → `<env>`, `api-staging` → `api-<env>`, `staging-critical` → `<env>-critical`.
 */
function neutralized(value: unknown, names: readonly string[], key = ''): unknown {
  if (names.length === 0) return value;
  if (typeof value === 'string') {
    if (!IDENTITY_KEYS.has(key)) return value;
    for (const name of names) {
      if (value === name) return '<env>';
      if (value.endsWith(`-${name}`)) return `${value.slice(0, -name.length)}<env>`;
      if (key === 'priorityClassName' && value.startsWith(`${name}-`)) return `<env>${value.slice(name.length)}`;
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((item) => neutralized(item, names, key));
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const entries = Object.entries(record).map(([k, item]) => [k, neutralized(item, names, k)]);
    const result = Object.fromEntries(entries) as Record<string, any>;
    if (record.kind === 'Namespace' && result.metadata) result.metadata = { ...result.metadata, name: neutralized(result.metadata.name, names, 'namespace') };
    if (record.kind === 'PriorityClass' && result.metadata) result.metadata = { ...result.metadata, name: neutralized(result.metadata.name, names, 'priorityClassName') };
    return result;
  }
  return value;
}
