/** Wall times of repeated rounds of one step, milliseconds. */
export interface Timing {
  /** The first round: what a command pays, in a fresh process, before the JIT warms up. */
  readonly first: number;
  readonly best: number;
  readonly median: number;
}

/** The median of some samples. */
export function median(samples: readonly number[]): number {
  return [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];
}

/** A timing from samples in the order they were taken. */
export function timingOf(samples: readonly number[]): Timing {
  return { first: samples[0], best: Math.min(...samples), median: median(samples) };
}

/** Times `rounds` rounds of a step. */
export async function time(rounds: number, step: () => Promise<unknown> | unknown): Promise<Timing> {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    await step();
    samples.push(performance.now() - started);
  }
  return timingOf(samples);
}
