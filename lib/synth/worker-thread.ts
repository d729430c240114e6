import { join } from 'node:path';
import { Worker, WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread on a module next to the caller: TypeScript in this repository
 * (registered through tsx, as the CLI does), JavaScript in the compiled package.
 *
 * @param folder the folder of the module (the caller's `__dirname`)
 * @param name the module's file name without extension
 * @param caller the caller's `__filename`, which tells which of the two it is
 */
export function startWorkerThread(folder: string, name: string, caller: string, options: WorkerOptions = {}): Worker {
  const extension = caller.endsWith('.ts') ? '.ts' : '.js';
  const script = join(folder, `${name}${extension}`);
  if (extension === '.js') return new Worker(script, options);
  const tsx = require.resolve('tsx/cjs/api');
  // Like bin/shipshape.js: no source maps unless debugging, since Node would index every compiled file.
  const bootstrap = `require(${JSON.stringify(tsx)}).register(); if (!process.env.SHIPSHAPE_DEBUG) process.setSourceMapsEnabled(false); require(${JSON.stringify(script)});`;
  return new Worker(bootstrap, { ...options, eval: true });
}
