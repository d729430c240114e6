import { ShipshapeError } from '../errors';
import type { EnvironmentVariables } from './command-context';

/**
 * The speed techniques of lib/performance/ that synth can do without, by name. `npm run bench` turns each
 * off in turn (`SHIPSHAPE_WITHOUT=parallel-synthesis`) to measure what it buys: a technique stays only while it pays.
 */
export const SPEED_TECHNIQUES = ['parallel-synthesis', 'optimization-budget'] as const;

/** One of `SPEED_TECHNIQUES`. */
export type SpeedTechnique = (typeof SPEED_TECHNIQUES)[number];

/** The techniques `SHIPSHAPE_WITHOUT` (comma-separated names) turns off; none when it is unset. */
export function techniquesTurnedOff(variables: EnvironmentVariables): ReadonlySet<SpeedTechnique> {
  const names = (variables.SHIPSHAPE_WITHOUT ?? '').split(',').map((name) => name.trim()).filter((name) => name.length > 0);
  for (const name of names) {
    if (!(SPEED_TECHNIQUES as readonly string[]).includes(name)) {
      throw new ShipshapeError({ field: 'SHIPSHAPE_WITHOUT' }, `"${name}" is not a speed technique synth can turn off`, `name ${SPEED_TECHNIQUES.join(' or ')}, or unset it`);
    }
  }
  return new Set(names as SpeedTechnique[]);
}
