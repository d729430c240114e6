import { Worker } from 'node:worker_threads';

/** A fixed amount of integer arithmetic, about a quarter of a second on this machine. */
const SPIN = `let x = 0; for (let i = 0; i < 6e7; i++) x = (x * 31 + i) | 0;`;

function spinHere(): number {
  const started = performance.now();
  new Function(SPIN)();
  return performance.now() - started;
}

function spinOnWorker(): Promise<number> {
  const worker = new Worker(`const started = performance.now(); ${SPIN} require('node:worker_threads').parentPort.postMessage(performance.now() - started);`, { eval: true });
  return new Promise((resolve, reject) => {
    worker.once('message', (ms: number) => void worker.terminate().then(() => resolve(ms)));
    worker.once('error', reject);
  });
}

/**
 * How many cores' worth of CPU two threads actually get right now: 2.0 on an idle 2-core machine,
 * nearer 1.0 when something else is running. The machines here are shared, and synth spreads its
 * work over threads, so its figures mean little without this one beside them.
 */
export async function parallelCapacity(): Promise<number> {
  spinHere(); // warm up the JIT
  const alone = spinHere();
  const [mine, theirs] = await Promise.all([Promise.resolve().then(spinHere), spinOnWorker()]);
  return Number(((2 * alone) / Math.max(mine, theirs)).toFixed(2));
}
