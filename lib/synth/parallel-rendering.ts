import { cpus } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { ValidationOptions } from '../validation/validate-objects';
import { RenderJob, RenderOutcome, SharedChunks } from './render-job';
import type { RenderAnswer, RenderRequest, RenderShare, RenderWorkerSetup } from './render-worker';
import { PendingRequests, startWorkerThread } from './worker-thread';

/**
 * Below this many objects, starting worker threads costs more than it saves (a worker takes ~100 ms to start
 * and load the validators; an object costs ~150 µs to validate and write). Measured with the CLI's smaller
 * optimization budget for parallel synths, wall time with a worker against without (medians of 10–14 alternated
 * runs): 1.09 at 525 objects (25 services × 3), 0.93 at 1,050, 0.86–0.89 at 2,112, for 15–20 % more CPU.
 */
export const PARALLEL_THRESHOLD = 1500;

/** About how many objects a service renders (ServiceAccount, ConfigMap, Deployment, Service, HPA, PDB, NetworkPolicy): to size a workload before building it. */
export const OBJECTS_PER_SERVICE = 7;

/**
 * A render worker's young generation, MB: half of V8's default. At 500 × 3 it kept the process's peak
 * memory at 223–235 MB instead of 239–275 MB, within the noise in time (6 paired runs); the main
 * thread's can only be set on node's command line.
 */
const WORKER_YOUNG_GENERATION_MB = 24;

/**
 * About how many objects a thread renders per claim: small enough that the threads finish together,
 * large enough that claiming costs nothing (an object takes ~0.1 ms to render and write).
 */
export const OBJECTS_PER_CHUNK = 200;

/**
 * Validates and writes environments on worker threads while the main thread builds the next
 * environment: a worker per core beside the main thread's. The first worker validates each job; it
 * is the only one to load the schema validators, which it does at once, while the first job is
 * being built. The files are cut into chunks that every thread claims one at a time, rendering and
 * writing each; the main thread joins in once it has built the last environment, newest job first,
 * while the workers go oldest first. So no thread sits idle while another has files left, whichever
 * part is slow on the day (writing files here varies fivefold). The outcome is what `runRenderTask`
 * gives on one thread, byte for byte and finding for finding.
 */
export class RenderPool {
  /**
   * A pool when `objects` is enough to pay for a worker and the machine has a core to spare; otherwise none.
   * @param threshold how many objects are enough
   * @param workers how many worker threads (tests choose); by default one per core beside the main thread's, at most 3
   * @param objectsPerChunk about how many objects a thread renders per claim (tests make it small, to share an environment)
   */
  public static forWorkload(objects: number, threshold = PARALLEL_THRESHOLD, workers = Math.min(cpus().length - 1, 3), objectsPerChunk = OBJECTS_PER_CHUNK): RenderPool | undefined {
    return objects >= threshold && workers >= 1 ? new RenderPool(workers, objectsPerChunk) : undefined;
  }

  private readonly workers: Worker[];
  private readonly requests = new PendingRequests<RenderShare>();
  /** Jobs whose chunks this thread may still claim, oldest first. */
  private readonly open: SubmittedJob[] = [];

  private constructor(
    workers: number,
    private readonly objectsPerChunk: number,
  ) {
    this.workers = Array.from({ length: workers }, (_, index) => {
      const setup: RenderWorkerSetup = { validates: index === 0 };
      const worker = startWorkerThread(__dirname, 'render-worker', __filename, { workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
      worker.on('message', (answer: RenderAnswer) => {
        if ('crash' in answer) this.requests.fail(answer.id, new Error(`validating and writing manifests failed on a worker thread:\n${answer.crash}`));
        else this.requests.answer(answer.id, answer.share);
      });
      worker.on('error', (error) => this.requests.failAll(error));
      // Only `close` stops a worker on purpose, once nothing waits on it; any other exit must not leave synth waiting.
      worker.once('exit', (code) => this.requests.failAll(new Error(`a render worker thread stopped early (exit code ${code})`)));
      return worker;
    });
  }

  /**
   * Hands a job to the workers: the first validates it (when `validation` is given), and they render
   * its files chunk by chunk until every chunk is claimed, by them or by `helpUntilDone` here.
   * @param validation the options to validate with; undefined to skip validation
   */
  public submit(job: RenderJob, validation: ValidationOptions | undefined): Promise<RenderOutcome> {
    const chunks = SharedChunks.cut(job, this.objectsPerChunk);
    const text = JSON.stringify(job);
    const submitted: SubmittedJob = { job, chunks, rendered: [] };
    this.open.push(submitted);
    const shares = this.workers.map((worker, index) => this.send(worker, { job: text, validation: index === 0 ? validation : undefined, ranges: chunks.ranges, claims: chunks.claims }));
    return Promise.all(shares).then((answers) => {
      // Every chunk is claimed by now, and those this thread claimed are rendered: it claims only synchronously.
      this.release(submitted);
      const texts: Array<readonly string[] | undefined> = [];
      for (const [chunk, rendered] of [...submitted.rendered, ...answers.flatMap((answer) => answer.chunks)]) texts[chunk] = rendered;
      const missing = chunks.ranges.findIndex((_, chunk) => texts[chunk] === undefined);
      if (missing >= 0) throw new Error(`chunk ${missing} of the manifests was claimed but never rendered`);
      return {
        findings: answers.flatMap((answer) => answer.findings),
        flagged: answers.flatMap((answer) => answer.flagged),
        texts: texts.flatMap((rendered) => rendered!),
        unvalidated: answers.flatMap((answer) => answer.unvalidated),
      };
    });
  }

  /**
   * Renders here the chunks no worker has claimed yet, newest job first, until every chunk of every
   * submitted job is claimed. For when this thread has nothing else to do.
   */
  public helpUntilDone(): void {
    for (const submitted of [...this.open].reverse()) {
      for (let chunk = submitted.chunks.claim(); chunk !== undefined; chunk = submitted.chunks.claim()) {
        submitted.rendered.push([chunk, submitted.chunks.render(submitted.job!, chunk)]);
      }
      this.release(submitted);
    }
  }

  /** Stops the workers. */
  public async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  /** This thread claims nothing more from the job: its objects can be garbage-collected before the workers answer. */
  private release(submitted: SubmittedJob): void {
    const index = this.open.indexOf(submitted);
    if (index >= 0) this.open.splice(index, 1);
    submitted.job = undefined;
  }

  private send(worker: Worker, request: Omit<RenderRequest, 'id'>): Promise<RenderShare> {
    return this.requests.send((id) => worker.postMessage({ id, ...request } satisfies RenderRequest));
  }
}

/** A job handed to the pool, as this thread holds it until every chunk is claimed. */
interface SubmittedJob {
  /** Until this thread claims nothing more from it. */
  job?: RenderJob;
  readonly chunks: SharedChunks;
  /** The chunks this thread rendered: index and texts. */
  readonly rendered: Array<readonly [number, readonly string[]]>;
}
