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
    if (this.patched) return super.toJson();
    const { apiVersion, kind, metadata: _metadata, ...rest } = this.manifest;
    // Name first, as kubectl and people write it; cdk8s's metadata comes back with sorted keys.
    const { name, namespace, labels, annotations, ...otherMetadata } = this.metadata.toJson();
    return withoutUndefined({ apiVersion, kind, metadata: { name, namespace, labels, annotations, ...otherMetadata }, ...rest });
  }
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
