import { cpus } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { renderManifestFile } from './manifest-yaml';

/** A file's header and objects, before YAML. */
export interface UnrenderedFile {
  readonly header: string;
  readonly documents: readonly unknown[];
}

/**
 * Below this many objects, starting worker threads costs more than it saves
 * (measured: a worker takes ~60 ms to start; YAML costs ~40 µs an object).
 */
export const PARALLEL_THRESHOLD = 3000;

/**
 * Renders files to YAML, on worker threads when there are enough objects to pay
 * for them. The result is the same bytes either way, in the same order.
 */
export async function renderFiles(files: readonly UnrenderedFile[]): Promise<string[]> {
  const objects = files.reduce((count, file) => count + file.documents.length, 0);
  const threads = Math.min(cpus().length, 4);
  if (objects < PARALLEL_THRESHOLD || threads < 2) return files.map((file) => renderManifestFile(file.header, file.documents));
  const batches = splitEvenly(files, threads);
  const rendered = await Promise.all(batches.map(renderOnWorker));
  return rendered.flat();
}

/** Consecutive slices with about the same number of objects each. */
function splitEvenly(files: readonly UnrenderedFile[], parts: number): UnrenderedFile[][] {
  const total = files.reduce((count, file) => count + file.documents.length, 0);
  const batches: UnrenderedFile[][] = [[]];
  let inBatch = 0;
  for (const file of files) {
    if (inBatch >= total / parts && batches.length < parts) {
      batches.push([]);
      inBatch = 0;
    }
    batches[batches.length - 1].push(file);
    inBatch += file.documents.length;
  }
  return batches;
}

function renderOnWorker(batch: readonly UnrenderedFile[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const worker = startWorker();
    worker.once('message', (texts: string[]) => {
      resolve(texts);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.postMessage({ batch: JSON.stringify(batch) });
  });
}

/** The worker is TypeScript in this repository (run through tsx) and JavaScript in the package. */
function startWorker(): Worker {
  const extension = __filename.endsWith('.ts') ? '.ts' : '.js';
  const script = join(__dirname, `yaml-worker${extension}`);
  if (extension === '.js') return new Worker(script);
  const tsx = require.resolve('tsx/cjs/api');
  return new Worker(`require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(script)});`, { eval: true });
}
