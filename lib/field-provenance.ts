import type { IConstruct } from 'constructs';
import type { ObjectPath } from './validation/object-path';

/** Where a rendered value was written in the definitions. */
export interface DefinitionField {
  /** The definition field as the user writes it, e.g. `resources.memory.limit` or `ingress.hosts`. */
  readonly field: string;
  /**
   * The service whose definition holds the field.
   * @default - the field is the environment's own (e.g. `partOf`)
   */
  readonly service?: string;
}

/** Rendered paths and the definition fields their values come from: `[['spec', 'replicas'], 'replicas']`. */
export type FieldList = ReadonlyArray<readonly [path: ObjectPath, field: string]>;

/** Fields recorded together: a list is often shared by every object of a kind, so it is kept, not copied. */
interface RecordedFields {
  readonly fields: FieldList;
  readonly service?: string;
}

const recorded = new WeakMap<IConstruct, RecordedFields[]>();

/**
 * Which definition field each rendered value comes from, recorded by the constructs while they build
 * their objects, where that knowledge is: so that a problem validation finds in a rendered object is
 * reported against the field the user wrote, with no guessing from the rendered paths.
 */
export class FieldProvenance {
  /**
   * Records that the value at `path` of an object, and everything below it, comes from a definition field.
   * A deeper record under the same path wins for what is below it.
   * @param object the cdk8s ApiObject
   * @param path where the value is in the rendered object, e.g. `['spec', 'replicas']`
   * @param service the service whose definition holds the field; none for the environment's own fields
   */
  public static record(object: IConstruct, path: ObjectPath, field: string, service?: string): void {
    FieldProvenance.recordAll(object, [[path, field]], service);
  }

  /** `record` for each path and field of a list, which is kept as it is (share one list between objects). */
  public static recordAll(object: IConstruct, fields: FieldList, service?: string): void {
    let entries = recorded.get(object);
    if (!entries) {
      entries = [];
      recorded.set(object, entries);
    }
    entries.push({ fields, service });
  }

  /**
   * What was recorded for an object, as plain data that outlives the construct tree: synth turns the
   * tree into JSON, lets it go, and places validation findings (maybe from another thread) afterwards.
   */
  public static of(object: IConstruct): FieldProvenance {
    return new FieldProvenance(recorded.get(object) ?? []);
  }

  private constructor(private readonly entries: readonly RecordedFields[]) {}

  /** The definition field of the value at `path`: the deepest recorded path that holds it; undefined when none does. */
  public at(path: ObjectPath): DefinitionField | undefined {
    let best: { readonly depth: number; readonly found: DefinitionField } | undefined;
    for (const { fields, service } of this.entries) {
      for (const [recordedPath, field] of fields) {
        if (recordedPath.length <= path.length && (best === undefined || recordedPath.length >= best.depth) && recordedPath.every((segment, index) => segment === path[index])) {
          best = { depth: recordedPath.length, found: { field, service } };
        }
      }
    }
    return best?.found;
  }
}
