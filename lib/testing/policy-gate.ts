import { ShipshapeError } from '../errors';
import { InvalidManifestsError } from '../synth/invalid-manifests-error';
import { synthesizeEnvironments } from '../synth/synthesize';
import type { SynthesizedEnvironment } from './synthesize-environment';

/**
 * What the policy gate — synth's validation: the 1.27 schema, the API server's rules, the
 * cross-object checks and the best-practice policy — has to say about a synthesized environment:
 * every error that would stop `shipshape synth`, then every warning. Empty when it passes.
 */
export function policyGateProblems(environment: SynthesizedEnvironment): readonly string[] {
  try {
    const [checked] = synthesizeEnvironments([environment.props], { validate: true });
    return checked.warnings;
  } catch (error) {
    if (error instanceof InvalidManifestsError) return error.problems.map((problem) => problem.message);
    if (error instanceof ShipshapeError) return [error.message];
    throw error;
  }
}
