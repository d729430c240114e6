import { parentPort, workerData } from 'node:worker_threads';
import { StagedFolder, writeStagedFile } from '../synth/manifest-folder';
import { renderManifestFile } from '../synth/manifest-yaml';
import type { ErrorLocation } from '../errors';
import type { KeyId } from '../secrets/encryption-key';
import type { SecretEntry } from '../secrets/secrets-file';
import type { KubeObject } from '../validation/kube-object';
import type { Finding } from '../validation/rule';
import type { ObjectsValidation, ValidationOptions } from '../validation/validate-objects';

/** A chunk of an environment's files, sent to every worker as soon as its objects are JSON. */
export interface ChunkRequest {
  readonly kind: 'chunk';
  /** The environment's job. */
  readonly job: number;
  /** The chunk's index in the job. */
  readonly chunk: number;
  /** One flag per chunk of the job: the thread that sets a chunk's flag first renders it. */
  readonly claims: SharedArrayBuffer;
  /** The comment every file starts with. */
  readonly header: string;
  /** Where to write the files. */
  readonly folder?: StagedFolder;
  /** Per file, the indexes of its objects in the environment: where the validating worker puts them. */
  readonly indexes: ReadonlyArray<readonly number[]>;
  /** The files and their objects, as JSON: one string is far cheaper to pass than a structured clone of hundreds of objects. */
  readonly files: string;
  /**
   * How the job is validated: the validating worker checks each object on its own as its chunk comes, and
   * the rules that look across objects once all have come.
   * @default - the job is not validated
   */
  readonly validation?: ValidationOptions;
}

/** Sent once every chunk of a job is: answer with what this worker did with the job. */
export interface CompleteRequest {
  readonly kind: 'complete';
  /** Matches the answer to the request. */
  readonly id: number;
  readonly job: number;
  /** How many chunks and objects the job has. */
  readonly chunks: number;
  readonly objects: number;
  /** Whether this worker answers with the job's validation. */
  readonly validates: boolean;
}

/**
 * An environment's stored secret values, to check for what shows without a key (`firstStoredValueProblem`):
 * sent as soon as the environment is loaded, so a worker checks them while the main thread builds.
 */
export interface StoredValuesRequest {
  readonly kind: 'stored-values';
  /** Matches the answer to the request. */
  readonly id: number;
  readonly environment: string;
  readonly values: readonly SecretEntry[];
  readonly listedKeyIds: readonly KeyId[];
}

/** A user mistake as plain data, to cross a thread boundary (a `ShipshapeError` does not). */
export interface TransferredMistake {
  readonly location: ErrorLocation;
  readonly problem: string;
  readonly fix: string;
}

/** A validation finding as plain data, to cross a thread boundary. */
export interface TransferredFinding extends Omit<Finding, 'rule'> {
  /** The id of the rule that found it. */
  readonly ruleId: string;
}

/** What a worker did with a job. */
export interface RenderShare {
  /** What validation found; empty when this worker did not validate. */
  readonly findings: readonly TransferredFinding[];
  /** The objects the findings are about, by index in the job. */
  readonly flagged: ReadonlyArray<readonly [number, KubeObject]>;
  /** The custom resources validation passed through; empty when this worker did not validate. */
  readonly unvalidated: readonly KubeObject[];
  /** The chunks this worker claimed: each chunk's index and its files' texts. */
  readonly chunks: ReadonlyArray<readonly [number, readonly string[]]>;
}

/** A worker's answer to a `complete` request (its share) or a `stored-values` request (the first problem, or null). */
export type WorkerAnswer = { readonly id: number } & ({ readonly share: RenderShare } | { readonly storedValues: TransferredMistake | null } | { readonly crash: string });

/** A file of a chunk and its objects, as a chunk's JSON holds them. */
export interface ChunkFile {
  readonly name: string;
  readonly objects: readonly KubeObject[];
}

/** What this worker holds of a job until it answers. */
interface HeldJob {
  /** The job's objects, by index: collected only by the validating worker. */
  readonly objects: KubeObject[];
  readonly rendered: Array<readonly [number, readonly string[]]>;
  /** The job's validation so far, on the validating worker. */
  validation?: ObjectsValidation;
}

const validates = (workerData as { validates: boolean }).validates;
const held = new Map<number, HeldJob>();

function jobOf(id: number): HeldJob {
  let job = held.get(id);
  if (!job) {
    job = { objects: [], rendered: [] };
    held.set(id, job);
  }
  return job;
}

/** Renders the chunk if no other thread claimed it first; keeps its objects if this worker validates. */
function takeChunk(request: ChunkRequest): void {
  const job = jobOf(request.job);
  const claimed = Atomics.compareExchange(new Int32Array(request.claims), request.chunk, 0, 1) === 0;
  if (!claimed && !validates) return;
  const files = JSON.parse(request.files) as ChunkFile[];
  if (validates && request.validation) {
    files.forEach((file, index) => file.objects.forEach((object, position) => (job.objects[request.indexes[index][position]] = object)));
    job.validation ??= new (validationModule().ObjectsValidation)(request.validation);
    job.validation.add(files.flatMap((file) => file.objects), request.indexes.flat());
  }
  if (!claimed) return;
  job.rendered.push([request.chunk, files.map((file) => {
    const text = renderManifestFile(request.header, file.objects);
    if (request.folder) writeStagedFile(request.folder, file.name, text);
    return text;
  })]);
}

/** Validates the job if asked, and answers with everything this worker did with it. */
function completeJob(request: CompleteRequest): RenderShare {
  const job = jobOf(request.job);
  held.delete(request.job);
  if (!request.validates || !job.validation) return { findings: [], flagged: [], unvalidated: [], chunks: job.rendered };
  const validation = validationModule();
  const findings = job.validation.finish(job.objects).map(({ rule, ...finding }) => ({ ...finding, ruleId: rule.id }));
  const flagged = [...new Set(findings.map((finding) => finding.objectIndex))].map((index) => [index, job.objects[index]] as const);
  return { findings, flagged, unvalidated: job.objects.filter(validation.isCustomResource), chunks: job.rendered };
}

// Loaded on first use: a worker that only writes YAML never loads the validators.
function validationModule(): typeof import('../validation/validate-objects') {
  return require('../validation/validate-objects');
}

// The validating worker loads the validators at once, while the main thread is still building the first environment.
if (validates) (require('../validation/schema-rules') as typeof import('../validation/schema-rules')).servedKindsOf127();

/** The first problem among the values, as plain data. */
function checkStoredValues(request: StoredValuesRequest): TransferredMistake | null {
  const { firstStoredValueProblem } = require('../secrets/stored-value-check') as typeof import('../secrets/stored-value-check');
  const problem = firstStoredValueProblem(request.values, { environment: request.environment, listedKeyIds: request.listedKeyIds });
  return problem ? { location: problem.location, problem: problem.problem, fix: problem.fix } : null;
}

parentPort!.on('message', (request: ChunkRequest | CompleteRequest | StoredValuesRequest) => {
  if (request.kind === 'chunk') {
    takeChunk(request);
    return;
  }
  try {
    if (request.kind === 'stored-values') parentPort!.postMessage({ id: request.id, storedValues: checkStoredValues(request) } satisfies WorkerAnswer);
    else parentPort!.postMessage({ id: request.id, share: completeJob(request) } satisfies WorkerAnswer);
  } catch (error) {
    parentPort!.postMessage({ id: request.id, crash: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies WorkerAnswer);
  }
});
