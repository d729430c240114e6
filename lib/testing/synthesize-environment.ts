import type { EnvironmentProps } from '../environment/environment';
import type { SynthesizeOptions } from '../synth/synthesize';
import { synthesizeEnvironments } from '../synth/synthesize';
import { findObject, parseObjects, SynthesizedObject } from './synthesized-object';

/** One environment as `shipshape synth` renders it, in memory. */
export interface SynthesizedEnvironment {
  /** The environment name. */
  readonly name: string;
  /** What it was synthesized from, so the policy gate can check it again. */
  readonly props: EnvironmentProps;
  /** File name → YAML, exactly as `shipshape synth` writes them into `manifests/<name>/`. */
  readonly files: ReadonlyMap<string, string>;
  /** Every object of every file, parsed back from the YAML, files in name order. */
  readonly objects: readonly SynthesizedObject[];
  /** What synth reported without failing. */
  readonly warnings: readonly string[];
  /**
   * The one object of a kind (and name); throws, listing the objects there are, when there is none or several.
   * @param kind e.g. `Deployment`
   * @param name the object's name; any name when left out
   */
  object(kind: string, name?: string): SynthesizedObject;
}

/**
 * Synthesizes a whole environment the way `shipshape synth` does (same files), without touching the disk.
 * A mistake in a definition throws its `ShipshapeError`; so does a validation error, unless `validate: false`
 * (what the service assertions use, so they can describe a broken service instead of stopping at the gate).
 */
export function synthesizeEnvironment(props: EnvironmentProps, options: SynthesizeOptions = {}): SynthesizedEnvironment {
  const [manifests] = synthesizeEnvironments([props], options);
  const objects = [...manifests.files.values()].flatMap(parseObjects);
  return {
    name: manifests.environment,
    props,
    files: manifests.files,
    objects,
    warnings: manifests.warnings,
    object: (kind, name) => findObject(objects, kind, name, `environment ${manifests.environment}`),
  };
}
