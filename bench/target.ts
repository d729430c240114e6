/**
 * The project's target for synth: at 500 services × 3 environments, `shipshape synth` (validation on) takes at most
 * 0.8× the wall time of `helm template` on the same objects (bench/helm-same), with a peak memory of at most 300 MB.
 * A ratio measured run by run against helm, so the same target holds on any machine.
 */
export const TARGET = { services: 500, maxRatioToHelm: 0.8, maxPeakMemoryMB: 300 } as const;

/** The target, and whether this run met it (null where the run did not measure its size). */
export interface TargetCheck {
  readonly services: number;
  readonly maxRatioToHelm: number;
  readonly maxPeakMemoryMB: number;
  readonly measured: {
    /** shipshape / helm at that size, as in the table. */
    readonly ratioToHelm: number;
    /** shipshape's peak memory over its timed runs at that size, MB. */
    readonly peakMemoryMB: number;
    readonly timeMet: boolean;
    readonly memoryMet: boolean;
  } | null;
}

/** Checks the target against one run's figures. */
export function checkTarget(rows: ReadonlyArray<{ readonly services: number; readonly ratioToHelm: number; readonly shipshape: { readonly peakMemoryMB: number } }>): TargetCheck {
  const row = rows.find((r) => r.services === TARGET.services);
  return {
    ...TARGET,
    measured: row
      ? {
          ratioToHelm: row.ratioToHelm,
          peakMemoryMB: row.shipshape.peakMemoryMB,
          timeMet: row.ratioToHelm <= TARGET.maxRatioToHelm,
          memoryMet: row.shipshape.peakMemoryMB <= TARGET.maxPeakMemoryMB,
        }
      : null,
  };
}
