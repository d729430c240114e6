import type { SynthesizedEnvironment } from './synthesize-environment';

/**
 * What the policy gate has to say about a synthesized environment that synth did not refuse.
 *
 * The gate runs inside synth: every check it enforces as an error makes synthesis throw, which is
 * how `passesPolicyGate()` sees it. What synth only warns about is returned here, so a test fails on
 * it too. This is the one place to call a gate that is not part of synth.
 */
export function policyGateProblems(environment: SynthesizedEnvironment): readonly string[] {
  return environment.warnings;
}
