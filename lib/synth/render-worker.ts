import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { KubeObject } from '../validation/kube-object';
import type { ValidationOptions } from '../validation/validate-objects';
import { loadValidation, RenderJob, runRenderTask, SharedChunks, TransferredFinding } from './render-job';

/** A job for a render worker: it validates the job when asked, and renders the chunks of files it claims. */
export interface RenderRequest {
  /** Matches the answer to the request. */
  readonly id: number;
  /** The job as JSON: one string is far cheaper to pass than a structured clone of thousands of objects. */
  readonly job: string;
  /**
   * Validate every object with these options.
   * @default - this worker does not validate the job
   */
  readonly validation?: ValidationOptions;
  /** The chunks of the job's files, [from, to), that every thread claims from. */
  readonly ranges: ReadonlyArray<readonly [number, number]>;
  /** The chunks' shared claim counter. */
  readonly claims: SharedArrayBuffer;
}

/** What a worker did with a job. */
export interface RenderShare {
  /** What validation found; empty when this worker did not validate. */
  readonly findings: readonly TransferredFinding[];
  /** The objects the findings are about, by index in the job. */
  readonly flagged: ReadonlyArray<readonly [number, KubeObject]>;
  /** The chunks this worker claimed: each chunk's index and its files' texts. */
  readonly chunks: ReadonlyArray<readonly [number, readonly string[]]>;
  /** The custom resources validation passed through; empty when this worker did not validate. */
  readonly unvalidated: readonly KubeObject[];
}

/** What a render worker is told when it starts. */
export interface RenderWorkerSetup {
  /** It will validate: it loads the validators at once, while the main thread is still building the first job. */
  readonly validates: boolean;
}

/** A render worker's answer, sent once it has validated the job (if asked) and every chunk is claimed. */
export type RenderAnswer = { readonly id: number } & ({ readonly share: RenderShare } | { readonly crash: string });

/** A job this worker holds until it has answered. */
class HeldJob {
  public readonly id: number;
  public readonly chunks: SharedChunks;
  public readonly rendered: Array<readonly [number, readonly string[]]> = [];
  public findings: readonly TransferredFinding[] = [];
  public flagged: ReadonlyArray<readonly [number, KubeObject]> = [];
  public unvalidated: readonly KubeObject[] = [];
  /** The validation still to do, if any. */
  public validation?: ValidationOptions;
  private text?: string;
  private parsed?: RenderJob;

  public constructor(request: RenderRequest) {
    this.id = request.id;
    this.chunks = new SharedChunks(request.ranges, request.claims);
    this.validation = request.validation;
    this.text = request.job;
  }

  /** Parsed on first use, so a job the other threads render whole is never parsed here; the text goes then. */
  public get job(): RenderJob {
    if (!this.parsed) {
      this.parsed = JSON.parse(this.text!) as RenderJob;
      this.text = undefined;
    }
    return this.parsed;
  }
}

const held: HeldJob[] = [];

/**
 * Works until nothing is left: validations first (only a worker validates, so they must not wait behind
 * files another thread could render), then chunks of the oldest job. Jobs that arrive meanwhile are taken
 * in between steps, without going back to the event loop.
 */
function work(): void {
  for (;;) {
    for (let message = receiveMessageOnPort(parentPort!); message; message = receiveMessageOnPort(parentPort!)) held.push(new HeldJob(message.message as RenderRequest));
    const job = held.find((candidate) => candidate.validation !== undefined) ?? held[0];
    if (!job) return;
    try {
      if (job.validation) {
        const outcome = runRenderTask(job.job, { validation: job.validation });
        job.findings = outcome.findings;
        job.flagged = outcome.flagged;
        job.unvalidated = outcome.unvalidated;
        job.validation = undefined;
        continue;
      }
      const chunk = job.chunks.claim();
      if (chunk !== undefined) {
        job.rendered.push([chunk, job.chunks.render(job.job, chunk)]);
        continue;
      }
      held.splice(held.indexOf(job), 1);
      parentPort!.postMessage({ id: job.id, share: { findings: job.findings, flagged: job.flagged, chunks: job.rendered, unvalidated: job.unvalidated } } satisfies RenderAnswer);
    } catch (error) {
      held.splice(held.indexOf(job), 1);
      parentPort!.postMessage({ id: job.id, crash: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies RenderAnswer);
    }
  }
}

if ((workerData as RenderWorkerSetup).validates) loadValidation();

// Stays up for the next job until the pool closes it.
parentPort!.on('message', (request: RenderRequest) => {
  held.push(new HeldJob(request));
  work();
});
