import { cpus } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { renderManifestFile } from './manifest-yaml';
import { startWorkerThread } from './worker-thread';
import type { RenderRequest } from './yaml-worker';

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
 * Renders files to YAML on worker threads, so the main thread can build and
 * validate the next environment meanwhile. The texts are the same bytes
 * `renderManifestFile` gives, in the same order.
 */
export class YamlRenderPool {
  /** A pool when `objects` is enough to pay for the workers and the machine has cores to spare; otherwise none. */
  public static forWorkload(objects: number): YamlRenderPool | undefined {
    const threads = Math.min(cpus().length, 4);
    return objects >= PARALLEL_THRESHOLD && threads >= 2 ? new YamlRenderPool(threads) : undefined;
  }

  private readonly workers: Worker[];
  private readonly waiting = new Map<number, { resolve: (texts: string[]) => void; reject: (error: unknown) => void }>();
  private nextId = 0;

  private constructor(threads: number) {
    this.workers = Array.from({ length: threads }, () => {
      const worker = startWorkerThread(__dirname, 'yaml-worker', __filename);
      worker.on('message', ({ id, texts }: { id: number; texts: string[] }) => {
        this.waiting.get(id)?.resolve(texts);
        this.waiting.delete(id);
      });
      worker.on('error', (error) => {
        for (const pending of this.waiting.values()) pending.reject(error);
        this.waiting.clear();
      });
      return worker;
    });
  }

  /** Renders the files, split evenly over the workers. */
  public async render(files: readonly UnrenderedFile[]): Promise<string[]> {
    const batches = splitEvenly(files, this.workers.length);
    const rendered = await Promise.all(batches.map((batch, index) => this.send(this.workers[index], batch)));
    return rendered.flat();
  }

  /** Stops the workers. */
  public async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private send(worker: Worker, batch: readonly UnrenderedFile[]): Promise<string[]> {
    if (batch.length === 0) return Promise.resolve([]);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      const request: RenderRequest = { id, batch: JSON.stringify(batch) };
      worker.postMessage(request);
    });
  }
}

/** Renders files to YAML on this thread. */
export function renderFilesHere(files: readonly UnrenderedFile[]): string[] {
  return files.map((file) => renderManifestFile(file.header, file.documents));
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
