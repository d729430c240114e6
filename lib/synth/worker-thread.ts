import { join } from 'node:path';
import { Worker, WorkerOptions } from 'node:worker_threads';

/** How to start a worker thread. */
export interface WorkerThreadOptions extends WorkerOptions {
  /**
   * Plain JavaScript packages the worker loads first, before tsx registers: tsx's hooks would
   * otherwise make each of their modules load about half again slower.
   * @default - none
   */
  readonly preload?: readonly string[];
}

/**
 * Starts a worker thread on a module next to the caller: TypeScript in this repository
 * (registered through tsx, as the CLI does), JavaScript in the compiled package.
 *
 * @param folder the folder of the module (the caller's `__dirname`)
 * @param name the module's file name without extension
 * @param caller the caller's `__filename`, which tells which of the two it is
 */
export function startWorkerThread(folder: string, name: string, caller: string, options: WorkerThreadOptions = {}): Worker {
  const { preload = [], ...workerOptions } = options;
  const extension = caller.endsWith('.ts') ? '.ts' : '.js';
  const script = join(folder, `${name}${extension}`);
  if (extension === '.js' && preload.length === 0) return new Worker(script, workerOptions);
  const preloading = preload.map((id) => `require(${JSON.stringify(require.resolve(id))});`).join(' ');
  const tsx = require.resolve('tsx/cjs/api');
  // Like bin/shipshape.js: no source maps unless debugging, since Node would index every compiled file.
  const registering = extension === '.ts' ? `require(${JSON.stringify(tsx)}).register(); if (!process.env.SHIPSHAPE_DEBUG) process.setSourceMapsEnabled(false);` : '';
  return new Worker(`${preloading} ${registering} require(${JSON.stringify(script)});`, { ...workerOptions, eval: true });
}
