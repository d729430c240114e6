import { setFlagsFromString } from 'node:v8';

/** V8's default interrupt budget in Node.js 20: how much bytecode a function runs before V8 considers optimizing it. */
const DEFAULT_INTERRUPT_BUDGET = 67_584;

/**
 * Makes V8 optimize only the functions that stay hot, for a process that keeps both cores busy: a large synth,
 * with a render worker beside the main thread. V8 compiles optimized code on background threads, which then take
 * CPU from the work itself. At 500 services × 3 environments, its default budget had TurboFan compile 328 functions
 * in about 3.8 s of compile jobs (0.43 s for the Microservice constructor alone, which runs 1,500 times); eight
 * times the budget compiles 92 in 0.43 s, and synth takes 0.82–0.91 of the time (medians of 10 alternated runs).
 * On a small synth, single-threaded, the compiles run on the free core and the default budget is faster, so only
 * synths with render workers change it.
 * The setting is process-wide: the CLI makes it, never the library.
 */
export function optimizeOnlyWhatStaysHot(): void {
  // Measured with V8 11.3 (Node.js 20); later V8s tier up differently (through Maglev) and keep their defaults.
  if (!process.versions.v8.startsWith('11.')) return;
  setFlagsFromString(`--interrupt-budget=${8 * DEFAULT_INTERRUPT_BUDGET}`);
}
