import { parentPort } from 'node:worker_threads';
import { RenderJob, RenderOutcome, RenderTask, runRenderTask } from './render-job';

/** A task for a render worker. */
export interface RenderRequest {
  /** Matches the answer to the request. */
  readonly id: number;
  /** The job as JSON: one string is far cheaper to pass than a structured clone of thousands of objects. */
  readonly job: string;
  readonly task: RenderTask;
}

/** A render worker's answer. */
export type RenderAnswer = { readonly id: number } & ({ readonly outcome: RenderOutcome } | { readonly crash: string });

// Stays up for the next request until the pool closes it.
parentPort!.on('message', (request: RenderRequest) => {
  let answer: RenderAnswer;
  try {
    answer = { id: request.id, outcome: runRenderTask(JSON.parse(request.job) as RenderJob, request.task) };
  } catch (error) {
    answer = { id: request.id, crash: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  parentPort!.postMessage(answer);
});
