import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import type { ObjectMeta } from './api';

/** A Kubernetes object as plain JSON: what every shipshape construct renders. */
export interface ManifestObjectProps {
  /** The API version, e.g. `apps/v1`. */
  readonly apiVersion: string;
  /** The kind, e.g. `Deployment`. */
  readonly kind: string;
  /** Name, namespace, labels and annotations. */
  readonly metadata: ObjectMeta;
  /** The rest of the object (`spec`, `data`, …), already in Kubernetes' JSON form. */
  readonly [field: string]: unknown;
}

const MANIFEST_OBJECT = Symbol('shipshape ManifestObject');

/**
 * A cdk8s ApiObject whose props are plain Kubernetes JSON with no tokens.
 *
 * cdk8s resolves every value of every object for tokens and sorts its keys;
 * shipshape never produces tokens, so `toJson()` skips that walk (the largest
 * cost of synth after YAML) and keeps keys in the order written, which reads
 * better (a container's name and image come first). Metadata added through
 * `metadata.addLabel()` and JSON patches added through `addJsonPatch()` —
 * cdk8s's escape hatches — still apply.
 */
export class ManifestObject extends ApiObject {
  /**
   * True for a ManifestObject. (`instanceof ManifestObject` is true for every cdk8s ApiObject:
   * ApiObject defines `Symbol.hasInstance` for itself and its subclasses alike.)
   */
  public static isManifestObject(value: unknown): value is ManifestObject {
    return typeof value === 'object' && value !== null && MANIFEST_OBJECT in value;
  }

  protected readonly [MANIFEST_OBJECT] = true;
  private readonly manifest: ManifestObjectProps;
  private patched = false;

  public constructor(scope: Construct, id: string, props: ManifestObjectProps) {
    super(scope, id, props);
    this.manifest = props;
  }

  public addJsonPatch(...ops: JsonPatch[]): void {
    this.patched = true;
    super.addJsonPatch(...ops);
  }

  public toJson(): any {
    return this.patched ? super.toJson() : withoutUndefined(this.toLooseJson());
  }

  /**
   * What `toJson()` gives, with `undefined` fields left in rather than dropped by a deep copy: for a
   * caller that only serializes it, since `JSON.stringify` and js-yaml leave such fields out too.
   */
  public toLooseJson(): any {
    if (this.patched) return super.toJson();
    const { apiVersion, kind, metadata: _metadata, ...rest } = this.manifest;
    // Name first, as kubectl and people write it; cdk8s's metadata comes back with sorted keys.
    const { name, namespace, labels, annotations, ...otherMetadata } = plainMetadata(this.metadata) ?? this.metadata.toJson();
    return { apiVersion, kind, metadata: { name, namespace, labels, annotations, ...otherMetadata }, ...rest };
  }
}

/**
 * What cdk8s's `metadata.toJson()` gives (keys sorted at every level, empty lists and maps and
 * missing values dropped) without its token resolution, which visits every value: undefined when
 * some value is not plain JSON (a cdk8s Lazy or token someone added), so cdk8s resolves it.
 */
function plainMetadata(metadata: ApiObject['metadata']): Record<string, unknown> | undefined {
  // cdk8s keeps these private; reading them is what lets every object skip the resolver.
  const fields = metadata as unknown as Record<string, any>;
  const common = commonMetadata(fields);
  if (common) return common;
  const sorted = sortedPlain({
    ...fields._additionalAttributes,
    name: fields.name,
    namespace: fields.namespace,
    annotations: fields.annotations,
    finalizers: fields.finalizers,
    ownerReferences: fields.ownerReferences,
    labels: fields.labels,
  });
  return sorted === NOT_PLAIN ? undefined : (sorted as Record<string, unknown> | undefined) ?? {};
}

/** The metadata fields cdk8s keeps apart from the rest (which stay in `_additionalAttributes`, with copies of these). */
const OWN_FIELDS = new Set(['name', 'namespace', 'labels', 'annotations', 'finalizers', 'ownerReferences']);

/**
 * `plainMetadata` for what every shipshape object has: a string name and namespace, string labels and
 * annotations, and nothing else. A tenth of the generic walk's cost; undefined for anything else.
 */
function commonMetadata(fields: Record<string, any>): Record<string, unknown> | undefined {
  const { name, namespace, finalizers, ownerReferences, _additionalAttributes: additional } = fields;
  if ((name !== undefined && typeof name !== 'string') || (namespace !== undefined && typeof namespace !== 'string')) return undefined;
  if (finalizers.length > 0 || ownerReferences.length > 0) return undefined;
  for (const key in additional) if (!OWN_FIELDS.has(key)) return undefined;
  const labels = sortedStrings(fields.labels);
  const annotations = sortedStrings(fields.annotations);
  if (labels === NOT_PLAIN || annotations === NOT_PLAIN) return undefined;
  return { name, namespace, labels, annotations };
}

/** A map of strings with its keys sorted; undefined when empty; NOT_PLAIN when some value is not a string. */
function sortedStrings(map: Record<string, unknown>): Record<string, string> | undefined | typeof NOT_PLAIN {
  if (Object.getPrototypeOf(map) !== Object.prototype) return NOT_PLAIN;
  const keys = Object.keys(map);
  if (keys.length === 0) return undefined;
  const result: Record<string, string> = {};
  for (const key of keys.sort()) {
    const value = map[key];
    if (typeof value !== 'string') return NOT_PLAIN;
    result[key] = value;
  }
  return result;
}

const NOT_PLAIN = Symbol('not plain JSON');

/** cdk8s's `sanitizeValue` with empty lists and maps filtered, or NOT_PLAIN for anything it would have to resolve. */
function sortedPlain(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined;
    const items = value.map(sortedPlain);
    return items.includes(NOT_PLAIN) ? NOT_PLAIN : items;
  }
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return NOT_PLAIN;
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const field = sortedPlain((value as Record<string, unknown>)[key]);
    if (field === NOT_PLAIN) return NOT_PLAIN;
    if (field !== undefined) result[key] = field;
  }
  return Object.keys(result).length === 0 ? undefined : result;
}

/** Drops `undefined` fields, as cdk8s does, so optional props can be written inline. */
function withoutUndefined(value: any): any {
  if (Array.isArray(value)) return value.map(withoutUndefined);
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const field = value[key];
    if (field !== undefined) result[key] = withoutUndefined(field);
  }
  return result;
}
