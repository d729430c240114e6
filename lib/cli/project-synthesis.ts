import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EnvironmentProps } from '../environment/environment';
import { ShipshapeError } from '../errors';
import { InvalidManifestsError } from '../synth/invalid-manifests-error';
import { EnvironmentManifests, synthesizeEnvironments, synthesizeEnvironmentsInParallel } from '../synth/synthesize';
import { startWorkerThread } from '../synth/worker-thread';
import type { Project } from './project';
import type { SynthWorkerAnswer, SynthWorkerRequest } from './synth-worker';

/**
 * From this many service files on, a second thread synthesizes half of the environments:
 * it loads the definitions again (they cannot be sent), which pays off only for large platforms.
 */
export const PARALLEL_ENVIRONMENTS_THRESHOLD = 200;

/**
 * Synthesizes a project's environments, on two threads when the platform is large
 * and has several environments: the main thread takes the first, a worker the rest.
 * Same bytes, same errors, in the same order as one thread would give.
 *
 * @param definitions every environment to synthesize, already loaded (the main thread needs them anyway)
 * @param parallelFrom how many service files make a platform large
 */
export async function synthesizeProject(project: Project, definitions: readonly EnvironmentProps[], parallelFrom = PARALLEL_ENVIRONMENTS_THRESHOLD): Promise<EnvironmentManifests[]> {
  if (definitions.length < 2 || serviceFileCount(project) < parallelFrom) return synthesizeEnvironmentsInParallel(definitions);
  const [first, ...rest] = definitions;
  const request: SynthWorkerRequest = { root: project.root, environments: rest.map((definition) => definition.name) };
  const worker = startWorkerThread(__dirname, 'synth-worker', __filename, { workerData: request });
  const answered = new Promise<SynthWorkerAnswer>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  let mine: EnvironmentManifests[] = [];
  const mistakes: ShipshapeError[] = [];
  let answer: SynthWorkerAnswer;
  try {
    try {
      mine = synthesizeEnvironments([first]);
    } catch (error) {
      // A mistake here still waits for the worker, so its environments' mistakes are reported too.
      if (error instanceof InvalidManifestsError) mistakes.push(...error.problems);
      else if (error instanceof ShipshapeError) mistakes.push(error);
      else throw error;
    }
    answer = await answered;
  } finally {
    await worker.terminate();
  }
  if ('crash' in answer) throw new Error(`synthesizing ${request.environments.join(', ')} failed on a worker thread:\n${answer.crash}`);
  if ('mistakes' in answer) mistakes.push(...answer.mistakes.map((m) => new ShipshapeError(m.location, m.problem, m.fix)));
  if (mistakes.length === 1) throw mistakes[0];
  if (mistakes.length > 1) throw new InvalidManifestsError(mistakes);
  const theirs = 'manifests' in answer ? answer.manifests.map((m) => ({ ...m, files: new Map(m.files) })) : [];
  return [...mine, ...theirs];
}

function serviceFileCount(project: Project): number {
  try {
    return readdirSync(join(project.root, 'services')).filter((file) => file.endsWith('.ts')).length;
  } catch {
    return 0;
  }
}
