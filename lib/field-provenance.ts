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

interface Recorded extends DefinitionField {
  readonly path: ObjectPath;
}

const recorded = new WeakMap<IConstruct, Recorded[]>();

/**
 * Which definition field each rendered value comes from, recorded by the constructs while they build
 * their objects, where that knowledge is: so that a problem validation finds in a rendered object is
 * reported against the field the user wrote, with no guessing from the rendered paths.
 */
export class FieldProvenance {
  /**
   * Records that the value at `path` of an object, and everything below it, comes from a definition field.
   * A deeper record under the same path wins for what is below it.
   * @param object the cdk8s ApiObject (or the construct whose default child it is)
   * @param path where the value is in the rendered object, e.g. `['spec', 'replicas']`
   */
  public static record(object: IConstruct, path: ObjectPath, field: string, service?: string): void {
    let entries = recorded.get(object);
    if (!entries) {
      entries = [];
      recorded.set(object, entries);
    }
    entries.push({ path, field, service });
  }

  /**
   * What was recorded for an object, as plain data that outlives the construct tree: synth turns the
   * tree into JSON, lets it go, and places validation findings (maybe from another thread) afterwards.
   */
  public static of(object: IConstruct): FieldProvenance {
    return new FieldProvenance(recorded.get(object) ?? []);
  }

  private constructor(private readonly entries: readonly Recorded[]) {}

  /** The definition field of the value at `path`: the deepest recorded path that holds it; undefined when none does. */
  public at(path: ObjectPath): DefinitionField | undefined {
    let best: Recorded | undefined;
    for (const entry of this.entries) {
      if (entry.path.length <= path.length && (best === undefined || entry.path.length >= best.path.length) && entry.path.every((segment, index) => segment === path[index])) {
        best = entry;
      }
    }
    return best && { field: best.field, service: best.service };
  }
}
