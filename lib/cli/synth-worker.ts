import { parentPort, workerData } from 'node:worker_threads';
import { ShipshapeError } from '../errors';
import { InvalidManifestsError } from '../synth/invalid-manifests-error';
import { synthesizeEnvironments } from '../synth/synthesize';
import { loadEnvironments, projectAt } from './project';

/** What the main thread asks of a synth worker: some environments of a project. */
export interface SynthWorkerRequest {
  /** The project root. */
  readonly root: string;
  /** The environments this worker synthesizes. */
  readonly environments: readonly string[];
}

/** A user mistake as plain data, to cross the thread boundary. */
export interface TransferredMistake {
  readonly location: ShipshapeError['location'];
  readonly problem: string;
  readonly fix: string;
}

/** What a synth worker answers: the manifests, or the mistakes, or a crash. */
export type SynthWorkerAnswer =
  | { readonly manifests: ReadonlyArray<{ environment: string; files: [string, string][]; objectCount: number; serviceCount: number; warnings: readonly string[]; waivers: readonly string[] }> }
  | { readonly mistakes: readonly TransferredMistake[] }
  | { readonly crash: string };

// Loads the project's definitions itself (they hold functions and classes, which cannot be sent),
// synthesizes its environments with validation, and answers once.
const request = workerData as SynthWorkerRequest;
const transfer = (error: ShipshapeError): TransferredMistake => ({ location: error.location, problem: error.problem, fix: error.fix });
let answer: SynthWorkerAnswer;
try {
  const manifests = synthesizeEnvironments(loadEnvironments(projectAt(request.root), request.environments));
  answer = { manifests: manifests.map((m) => ({ ...m, files: [...m.files] })) };
} catch (error) {
  if (error instanceof InvalidManifestsError) answer = { mistakes: error.problems.map(transfer) };
  else if (error instanceof ShipshapeError) answer = { mistakes: [transfer(error)] };
  else answer = { crash: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}
parentPort!.postMessage(answer);
