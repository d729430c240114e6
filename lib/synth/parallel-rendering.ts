import { cpus } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { RenderJob, RenderOutcome, RenderTask, runRenderTask } from './render-job';
import type { RenderAnswer, RenderRequest } from './render-worker';
import { startWorkerThread } from './worker-thread';

/**
 * Below this many objects, starting worker threads costs more than it saves
 * (a worker takes ~100 ms to start and load the validators; an object costs ~150 µs to validate and write).
 */
export const PARALLEL_THRESHOLD = 3000;

/** About how many objects a service renders (ServiceAccount, ConfigMap, Deployment, Service, HPA, PDB, NetworkPolicy): to size a workload before building it. */
export const OBJECTS_PER_SERVICE = 7;

/**
 * Validates and writes environments on worker threads while the main thread builds the next
 * environment: a worker per core beside the main thread's. With one worker, it validates and writes
 * each job; with more, one validates (the only one to load the schema validators) and the others
 * write the YAML, since validating an object costs about what writing it does. The outcome is what
 * `runRenderTask` gives on one thread, byte for byte and finding for finding.
 */
export class RenderPool {
  /**
   * A pool when `objects` is enough to pay for a worker and the machine has a core to spare; otherwise none.
   * @param threshold how many objects are enough
   * @param workers how many worker threads (tests choose); by default one per core beside the main thread's, at most 3
   */
  public static forWorkload(objects: number, threshold = PARALLEL_THRESHOLD, workers = Math.min(cpus().length - 1, 3)): RenderPool | undefined {
    return objects >= threshold && workers >= 1 ? new RenderPool(workers) : undefined;
  }

  private readonly workers: Worker[];
  private readonly waiting = new Map<number, { resolve: (outcome: RenderOutcome) => void; reject: (error: unknown) => void }>();
  private nextId = 0;

  private constructor(workers: number) {
    this.workers = Array.from({ length: workers }, () => {
      const worker = startWorkerThread(__dirname, 'render-worker', __filename);
      worker.on('message', (answer: RenderAnswer) => {
        const pending = this.waiting.get(answer.id);
        this.waiting.delete(answer.id);
        if ('crash' in answer) pending?.reject(new Error(`validating and writing manifests failed on a worker thread:\n${answer.crash}`));
        else pending?.resolve(answer.outcome);
      });
      worker.on('error', (error) => {
        for (const pending of this.waiting.values()) pending.reject(error);
        this.waiting.clear();
      });
      return worker;
    });
  }

  /**
   * Validates the job's objects (when `validation` is given) and renders all its files.
   * @param validation the options to validate with; undefined to skip validation
   * @param renderHere the calling thread has nothing else to do (the last job): it writes a share
   *   of the YAML itself while the workers run
   */
  public async run(job: RenderJob, validation: RenderTask['validation'], renderHere = false): Promise<RenderOutcome> {
    const validator = validation ? this.workers[0] : undefined;
    const writers: Array<Worker | 'here'> = validator ? this.workers.slice(1) : [...this.workers];
    if (renderHere) writers.push('here');
    // A single worker validates and writes, unless this thread writes.
    const validatorWrites = validator !== undefined && writers.length === 0;
    if (validatorWrites) writers.push(validator);
    const parts = validatorWrites ? [job] : splitEvenly(job, writers.length);
    const written = writers.map((writer, index) => {
      const render = { from: 0, to: parts[index].files.length };
      if (writer === 'here') return undefined;
      // Each writer gets only its files' objects, renumbered (parsing JSON is a good part of a worker's work);
      // the validator gets the whole job, so findings point at the job's own indexes.
      return writer === validator ? this.send(writer, JSON.stringify(job), { validation, render }) : this.send(writer, JSON.stringify(parts[index]), { render });
    });
    const validated = validator && !validatorWrites ? this.send(validator, JSON.stringify(job), { validation }) : undefined;
    const here = renderHere ? runRenderTask(parts[parts.length - 1], { render: { from: 0, to: parts[parts.length - 1].files.length } }) : undefined;
    const outcomes = await Promise.all(written.map((outcome) => outcome ?? here!));
    const checked = validatorWrites ? outcomes[0] : await validated;
    return { findings: checked?.findings ?? [], flagged: checked?.flagged ?? [], texts: outcomes.flatMap((outcome) => outcome.texts) };
  }

  /** Stops the workers. */
  public async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private send(worker: Worker, job: string, task: RenderTask): Promise<RenderOutcome> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      const request: RenderRequest = { id, job, task };
      worker.postMessage(request);
    });
  }
}

/** The job in consecutive parts, each with its files' objects only and about the same number of them. */
function splitEvenly(job: RenderJob, parts: number): RenderJob[] {
  const total = job.objects.length;
  const split: RenderJob[] = [];
  let next = 0;
  let objects = 0;
  for (let part = 1; part <= parts; part++) {
    const files: Array<{ name: string; objects: number[] }> = [];
    const partObjects: RenderJob['objects'][number][] = [];
    while (next < job.files.length && (part === parts || objects < (total * part) / parts)) {
      const file = job.files[next++];
      files.push({ name: file.name, objects: file.objects.map((index) => partObjects.push(job.objects[index]) - 1) });
      objects += file.objects.length;
    }
    split.push({ objects: partObjects, files, header: job.header });
  }
  return split;
}
