import { ShipshapeError } from '../errors';

/**
 * Synth rendered objects that the API server would reject or that break the
 * policy; nothing was written. One problem reads like any other mistake; several
 * are listed one per line.
 */
export class InvalidManifestsError extends ShipshapeError {
  /** @param problems each problem, placed in its environment, service and field */
  public constructor(public readonly problems: readonly ShipshapeError[]) {
    super(problems[0].location, problems[0].problem, problems[0].fix);
    this.name = 'InvalidManifestsError';
    if (problems.length > 1) {
      this.message = `${problems.length} problems in the manifests, so nothing was written:\n${problems.map((problem) => `  ${problem.message}`).join('\n')}`;
    }
  }
}
