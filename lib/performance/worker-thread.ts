import { join } from 'node:path';
import { Worker, WorkerOptions } from 'node:worker_threads';

/** The TypeScript loader, beside lib/synth/ in lib/loader/ (a checkout) and beside build/synth/ in build/loader/ (the package). */
const TYPESCRIPT_LOADER = join(__dirname, '..', 'loader', 'typescript-loader.js');

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

/**
 * The requests sent to worker threads that have not been answered yet: each gets an id, which its
 * answer carries back.
 */
export class PendingRequests<Answer> {
  private readonly waiting = new Map<number, { resolve: (answer: Answer) => void; reject: (error: unknown) => void }>();
  private nextId = 0;

  /**
   * Sends a request and waits for its answer.
   * @param post posts the request with the id its answer will carry
   */
  public send(post: (id: number) => void): Promise<Answer> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      post(id);
    });
  }

  /** Settles the request with this id with its answer. */
  public answer(id: number, answer: Answer): void {
    this.waiting.get(id)?.resolve(answer);
    this.waiting.delete(id);
  }

  /** Rejects the request with this id. */
  public fail(id: number, error: unknown): void {
    this.waiting.get(id)?.reject(error);
    this.waiting.delete(id);
  }

  /** Rejects every request still waiting, e.g. when a worker fails. */
  public failAll(error: unknown): void {
    for (const pending of this.waiting.values()) pending.reject(error);
    this.waiting.clear();
  }

  /** Forgets every request still waiting, leaving it unsettled: its worker is being stopped on purpose. */
  public forget(): void {
    this.waiting.clear();
  }
}
