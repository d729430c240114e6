import type { EnvironmentProps } from '../environment/environment';
import { synthesizeEnvironments } from '../synth/synthesize';
import { findObject, KubeObject, parseObjects } from './kube-object';

/** One environment as `shipshape synth` renders it, in memory. */
export interface SynthesizedEnvironment {
  /** The environment name. */
  readonly name: string;
  /** File name → YAML, exactly as `shipshape synth` writes them into `manifests/<name>/`. */
  readonly files: ReadonlyMap<string, string>;
  /** Every object of every file, parsed back from the YAML, files in name order. */
  readonly objects: readonly KubeObject[];
  /** What synth reported without failing. */
  readonly warnings: readonly string[];
  /**
   * The one object of a kind (and name); throws, listing the objects there are, when there is none or several.
   * @param kind e.g. `Deployment`
   * @param name the object's name; any name when left out
   */
  object(kind: string, name?: string): KubeObject;
}

/**
 * Synthesizes a whole environment the way `shipshape synth` does (same checks, same files), without touching the disk.
 * A mistake in a definition throws its `ShipshapeError`.
 */
export function synthesizeEnvironment(props: EnvironmentProps): SynthesizedEnvironment {
  const [manifests] = synthesizeEnvironments([props]);
  const objects = [...manifests.files.values()].flatMap(parseObjects);
  return {
    name: manifests.environment,
    files: manifests.files,
    objects,
    warnings: manifests.warnings,
    object: (kind, name) => findObject(objects, kind, name, `environment ${manifests.environment}`),
  };
}
