import { join } from 'node:path';
import { Worker, WorkerOptions } from 'node:worker_threads';

/** bin/typescript-loader.js, two folders up from lib/synth/ (a checkout) and from build/synth/ (the package). */
const TYPESCRIPT_LOADER = join(__dirname, '..', '..', 'bin', 'typescript-loader.js');

/**
 * Starts a worker thread on a module next to the caller: TypeScript in this repository
 * (loaded as the CLI loads it), JavaScript in the compiled package.
 *
 * @param folder the folder of the module (the caller's `__dirname`)
 * @param name the module's file name without extension
 * @param caller the caller's `__filename`, which tells which of the two it is
 */
export function startWorkerThread(folder: string, name: string, caller: string, options: WorkerOptions = {}): Worker {
  const extension = caller.endsWith('.ts') ? '.ts' : '.js';
  const script = join(folder, `${name}${extension}`);
  if (extension === '.js') return new Worker(script, options);
  const bootstrap = `require(${JSON.stringify(TYPESCRIPT_LOADER)}).register(); require(${JSON.stringify(script)});`;
  return new Worker(bootstrap, { ...options, eval: true });
}
