import { App } from 'cdk8s';
import { cpus } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { Environment, EnvironmentProps } from '../environment/environment';
import { ShipshapeError } from '../errors';
import type { KeyId } from '../secrets/encryption-key';
import type { SecretEntry } from '../secrets/secrets-file';
import { buildEnvironment, EnvironmentBuild } from '../synth/environment-build';
import { checkPolicySettings } from '../synth/environment-validation';
import { InvalidManifestsError } from '../synth/invalid-manifests-error';
import { StagedFolder, writeStagedFile } from '../synth/manifest-folder';
import { renderManifestFile } from '../synth/manifest-yaml';
import { checkedManifests, EnvironmentFindings, EnvironmentManifests, SynthesizeOptions, synthesizeEnvironments, validationOptions, withFiles } from '../synth/synthesize';
import type { KubeObject } from '../validation/kube-object';
import type { RuleInfo } from '../validation/rule';
import type { ValidationOptions } from '../validation/validate-objects';
import { findRule } from '../validation/validate-objects';
import type { ChunkFile, ChunkRequest, CompleteRequest, RenderShare, StoredValuesRequest, TransferredMistake, WorkerAnswer } from './render-worker';
import { PendingRequests, startWorkerThread } from './worker-thread';

/**
 * Synthesis on two threads or more: the same output as `synthesizeEnvironments`, byte for byte and
 * problem for problem, in less wall time on a large platform. A speed technique, kept here apart from
 * the domain code because `npm run bench` shows it pays (see bench/README.md, "Speed techniques").
 *
 * The main thread builds each environment's cdk8s constructs and renders their objects to JSON a
 * chunk of files at a time; each chunk goes to the worker threads as soon as it is JSON, and whichever
 * thread claims it first (a flag per chunk in shared memory) writes its YAML files. One worker also
 * validates each environment once all of its chunks have arrived. When the main thread has built the
 * last environment it renders the chunks no worker has claimed yet, newest first.
 */

/**
 * Below this many objects, starting a worker costs more than it saves (a worker takes ~100 ms to start and
 * load the validators; an object costs ~150 µs to validate and write).
 */
export const PARALLEL_THRESHOLD = 1500;

/** About how many objects a service renders (ServiceAccount, ConfigMap, Deployment, Service, HPA, PDB, NetworkPolicy): to size a workload before building it. */
export const OBJECTS_PER_SERVICE = 7;

/**
 * About how many objects a chunk holds: small, so that the first chunk of an environment reaches a worker
 * soon after the environment is built and the threads finish together; large enough that a message per
 * chunk costs nothing (an object takes ~0.1 ms to render and write).
 */
export const OBJECTS_PER_CHUNK = 200;

/**
 * A render worker's young generation, MB: half of V8's default, which keeps the process's peak memory
 * lower at 500 × 3 with no measurable cost in time; the main thread's can only be set on node's command line.
 */
const WORKER_YOUNG_GENERATION_MB = 24;

/** How `synthesizeEnvironmentsInParallel` runs. */
export interface ParallelSynthesis {
  /**
   * How many objects make worker threads worth starting (tests lower it).
   * @default PARALLEL_THRESHOLD
   */
  readonly parallelFrom?: number;
  /**
   * How many worker threads.
   * @default - one per core beside the main thread's, at most 3
   */
  readonly workers?: number;
  /**
   * About how many objects a chunk holds (tests make it small, so that threads share an environment's files).
   * @default OBJECTS_PER_CHUNK
   */
  readonly objectsPerChunk?: number;
  /**
   * Worker threads started earlier, e.g. before the definitions were loaded, so that their start-up
   * overlaps with it (`RenderPool.forWorkload`); closed when synthesis ends.
   * @default - started here when the workload is large enough
   */
  readonly pool?: RenderPool;
  /**
   * Where to write each environment's files as they are rendered, by whichever thread renders them:
   * the caller swaps the folders in once synthesis succeeds, or discards them when it throws.
   * @default - files are only returned
   */
  readonly folderFor?: (environment: string) => StagedFolder;
}

/**
 * `synthesizeEnvironments` for large platforms (the CLI's path), with worker threads when the
 * workload pays for them; the same manifests and the same problems either way.
 */
export async function synthesizeEnvironmentsInParallel(environments: readonly EnvironmentProps[], options: SynthesizeOptions = {}, run: ParallelSynthesis = {}): Promise<EnvironmentManifests[]> {
  const objects = environments.reduce((count, environment) => count + environment.services.length * OBJECTS_PER_SERVICE, 0);
  const pool = run.pool ?? RenderPool.forWorkload(objects, run.parallelFrom, run.workers, run.objectsPerChunk);
  if (!pool) {
    const manifests = synthesizeEnvironments(environments, options);
    for (const environment of manifests) {
      const folder = run.folderFor?.(environment.environment);
      if (folder) for (const [name, text] of environment.files) writeStagedFile(folder, name, text);
    }
    return manifests;
  }
  try {
    const validate = options.validate ?? true;
    if (validate) environments.forEach(checkPolicySettings);
    const started = environments.map((props) => {
      const build = buildEnvironment(new Environment(new App(), props));
      const job = pool.submit(build, validate ? props : undefined, run.folderFor?.(build.environment));
      // Awaited below; handled here too, in case building a later environment throws first.
      job.outcome.catch(() => undefined);
      return { build: withoutObjects(build), props, job };
    });
    pool.helpUntilDone();
    const problems: ShipshapeError[] = [];
    const results: EnvironmentManifests[] = [];
    for (const { build, props, job } of started) {
      const outcome = await job.outcome;
      const checked = checkedManifests(build, validate ? props : undefined, outcome.found);
      problems.push(...checked.problems);
      results.push(withFiles(build, checked.manifests, outcome.texts));
    }
    if (problems.length > 0) throw new InvalidManifestsError(problems);
    return results;
  } finally {
    await pool.close();
  }
}

/**
 * The build once its objects are JSON: the construct tree goes, and with it most of the memory.
 * Only the object count is still read.
 */
function withoutObjects(build: EnvironmentBuild): EnvironmentBuild {
  return { ...build, objects: new Array(build.objects.length) };
}

/** One environment handed to the pool: its chunks as this thread holds them, and what the workers will answer. */
interface SubmittedJob {
  readonly header: string;
  readonly folder?: StagedFolder;
  /**
   * Per chunk, its files and their objects as the JSON text sent to the workers, until this thread claims nothing
   * more of the job: one string holds far less for the garbage collector to go through than the objects would.
   */
  chunks?: string[];
  /** One flag per chunk, set by the thread that claims it. */
  readonly claims: Int32Array;
  /** The chunks this thread rendered: index and texts. */
  readonly rendered: Array<readonly [number, readonly string[]]>;
}

/**
 * Worker threads that write the YAML of environments' chunks and validate environments, while the
 * main thread builds the next: a worker per core beside the main thread's, the first of which validates.
 */
export class RenderPool {
  /**
   * A pool when `objects` is enough to pay for a worker and the machine has a core to spare; otherwise none.
   * @param threshold how many objects are enough
   * @param workers how many worker threads; by default one per core beside the main thread's, at most 3
   * @param objectsPerChunk about how many objects a chunk holds
   */
  public static forWorkload(objects: number, threshold = PARALLEL_THRESHOLD, workers = Math.min(cpus().length - 1, 3), objectsPerChunk = OBJECTS_PER_CHUNK): RenderPool | undefined {
    return objects >= threshold && workers >= 1 ? new RenderPool(workers, objectsPerChunk) : undefined;
  }

  private readonly workers: Worker[];
  private readonly requests = new PendingRequests<RenderShare | TransferredMistake | null>();
  /** The stored-values checks asked for, in the order the environments were loaded. */
  private readonly storedValueChecks: Promise<TransferredMistake | null>[] = [];
  /** Jobs whose chunks this thread may still claim, oldest first. */
  private readonly open: SubmittedJob[] = [];
  private nextJob = 0;

  private constructor(
    workers: number,
    private readonly objectsPerChunk: number,
  ) {
    this.workers = Array.from({ length: workers }, (_, index) => {
      const worker = startWorkerThread(__dirname, 'render-worker', __filename, { workerData: { validates: index === 0 }, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
      worker.on('message', (answer: WorkerAnswer) => {
        if ('crash' in answer) this.requests.fail(answer.id, new Error(`validating and writing manifests failed on a worker thread:\n${answer.crash}`));
        else this.requests.answer(answer.id, 'share' in answer ? answer.share : answer.storedValues);
      });
      worker.on('error', (error) => this.requests.failAll(error));
      // Only `close` stops a worker on purpose, once nothing waits on it; any other exit must not leave synth waiting.
      worker.once('exit', (code) => this.requests.failAll(new Error(`a render worker thread stopped early (exit code ${code})`)));
      return worker;
    });
  }

  /**
   * Has the last worker (one that does not validate, when there are two or more) check an environment's
   * stored secret values while this thread builds; `storedValuesProblem` tells what it found.
   */
  public checkStoredValues(environment: string, values: readonly SecretEntry[], listedKeyIds: readonly KeyId[]): void {
    const worker = this.workers[this.workers.length - 1];
    const check = this.requests.send((id) => worker.postMessage({ kind: 'stored-values', id, environment, values, listedKeyIds } satisfies StoredValuesRequest));
    // Awaited in storedValuesProblem; handled here too, in case synthesis ends before anyone asks.
    check.catch(() => undefined);
    this.storedValueChecks.push(check as Promise<TransferredMistake | null>);
  }

  /** The first problem the stored-values checks found, in the order the environments were loaded; undefined when none did. */
  public async storedValuesProblem(): Promise<ShipshapeError | undefined> {
    for (const check of this.storedValueChecks) {
      const mistake = await check;
      if (mistake) return new ShipshapeError(mistake.location, mistake.problem, mistake.fix);
    }
    return undefined;
  }

  /**
   * Renders an environment's objects to JSON chunk by chunk, sending each chunk to the workers as soon as
   * it is JSON, then asks for the environment's validation (when `props` is given) and every chunk's texts.
   * @param folder where to write the files as they are rendered
   */
  public submit(build: EnvironmentBuild, props: EnvironmentProps | undefined, folder: StagedFolder | undefined): { readonly outcome: Promise<JobOutcome> } {
    const job = this.nextJob++;
    const submitted = this.sendChunks(job, build, folder, props ? validationOptions(props) : undefined);
    // Nothing waiting for the workers' answers refers to the build: its construct tree can go as soon as it is JSON.
    return { outcome: this.collect(job, submitted, build.objects.length, props) };
  }

  /** Renders an environment's objects to JSON a chunk at a time, each sent to the workers as soon as it is JSON. */
  private sendChunks(job: number, build: EnvironmentBuild, folder: StagedFolder | undefined, validation: ValidationOptions | undefined): SubmittedJob {
    this.forgetClaimedChunks();
    const ranges = chunkRanges(build, this.objectsPerChunk);
    const claims = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * ranges.length);
    const submitted: SubmittedJob = { header: build.header, folder, chunks: [], claims: new Int32Array(claims), rendered: [] };
    this.open.push(submitted);
    ranges.forEach(([from, to], chunk) => {
      const files: ChunkFile[] = build.files.slice(from, to).map((file) => ({ name: file.name, objects: file.objects.map((index) => build.objects[index].toJson() as KubeObject) }));
      const text = JSON.stringify(files);
      submitted.chunks!.push(text);
      const request: ChunkRequest = { kind: 'chunk', job, chunk, claims, header: build.header, folder, indexes: build.files.slice(from, to).map((file) => file.objects), files: text, validation };
      for (const worker of this.workers) worker.postMessage(request);
    });
    return submitted;
  }

  /** Asks the workers for what they did with a job (and the first one to validate it), and puts it together. */
  private collect(job: number, submitted: SubmittedJob, objects: number, props: EnvironmentProps | undefined): Promise<JobOutcome> {
    const chunks = submitted.chunks!.length;
    const shares = this.workers.map((worker, index) =>
      this.requests.send((id) => worker.postMessage({ kind: 'complete', id, job, chunks, objects, validates: index === 0 && props !== undefined } satisfies CompleteRequest)) as Promise<RenderShare>);
    return Promise.all(shares).then((answers): JobOutcome => {
      // Every chunk is claimed by now (each worker tries every chunk before it answers), and those this thread claimed are rendered.
      this.release(submitted);
      const texts: Array<readonly string[] | undefined> = [];
      for (const [chunk, rendered] of [...submitted.rendered, ...answers.flatMap((answer) => answer.chunks)]) texts[chunk] = rendered;
      const missing = texts.length < chunks ? texts.length : texts.findIndex((rendered) => rendered === undefined);
      if (missing >= 0) throw new Error(`chunk ${missing} of the manifests was claimed but never rendered`);
      const validator = answers[0];
      const flagged: KubeObject[] = [];
      for (const [index, object] of validator.flagged) flagged[index] = object;
      const found = props ? { findings: validator.findings.map(({ ruleId, ...finding }) => ({ ...finding, rule: knownRule(ruleId) })), objects: flagged, unvalidated: validator.unvalidated } : undefined;
      return { texts: texts.flatMap((rendered) => rendered!), found };
    });
  }

  /**
   * Renders here the chunks no worker has claimed yet, newest job first (the workers go oldest first),
   * until every chunk of every submitted job is claimed. For when this thread has nothing else to do.
   */
  public helpUntilDone(): void {
    for (const submitted of [...this.open].reverse()) {
      submitted.chunks!.forEach((text, chunk) => {
        if (Atomics.compareExchange(submitted.claims, chunk, 0, 1) !== 0) return;
        submitted.rendered.push([chunk, (JSON.parse(text) as ChunkFile[]).map((file) => {
          const text = renderManifestFile(submitted.header, file.objects);
          if (submitted.folder) writeStagedFile(submitted.folder, file.name, text);
          return text;
        })]);
      });
      this.release(submitted);
    }
  }

  /** Stops the workers, once they have answered every stored-values check (each takes a few milliseconds). */
  public async close(): Promise<void> {
    await Promise.allSettled(this.storedValueChecks);
    this.requests.forget();
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  /** Drops the text of every chunk a worker has claimed: this thread will never render it. */
  private forgetClaimedChunks(): void {
    for (const submitted of this.open) {
      submitted.chunks?.forEach((_, chunk) => {
        if (Atomics.load(submitted.claims, chunk) !== 0) submitted.chunks![chunk] = '';
      });
    }
  }

  /** This thread claims nothing more from the job: its objects can be garbage-collected before the workers answer. */
  private release(submitted: SubmittedJob): void {
    const index = this.open.indexOf(submitted);
    if (index >= 0) this.open.splice(index, 1);
    submitted.chunks = undefined;
  }
}

/** What the pool made of one environment. */
interface JobOutcome {
  /** Every file's text, in the build's file order. */
  readonly texts: readonly string[];
  /** What validation found; undefined when the job was not validated. */
  readonly found?: EnvironmentFindings;
}

/** The build's files in consecutive ranges of about `objectsPerChunk` objects each, [from, to). */
export function chunkRanges(build: EnvironmentBuild, objectsPerChunk: number): Array<readonly [number, number]> {
  const ranges: Array<readonly [number, number]> = [];
  let from = 0;
  let objects = 0;
  build.files.forEach((file, index) => {
    objects += file.objects.length;
    if (objects >= objectsPerChunk || index === build.files.length - 1) {
      ranges.push([from, index + 1]);
      from = index + 1;
      objects = 0;
    }
  });
  return ranges;
}

function knownRule(id: string): RuleInfo {
  const rule = findRule(id);
  if (!rule) throw new Error(`a worker thread reported a finding of rule ${id}, which this thread does not know`);
  return rule;
}
