import { ApiObject, App } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Environment, EnvironmentProps } from '../environment/environment';
import { ShipshapeError } from '../errors';
import { FieldProvenance } from '../field-provenance';
import { Microservice } from '../microservice/microservice';
import { describeObject, KubeObject } from '../validation/kube-object';
import type { ValidationOptions } from '../validation/validate-objects';
import { annotateWaivers, checkPolicySettings, ObjectOrigin, placeFindings, RenderedObject } from './environment-validation';
import { InvalidManifestsError } from './invalid-manifests-error';
import { StagedFolder, writeStagedFile } from './manifest-folder';
import { OBJECTS_PER_SERVICE, RenderPool } from './parallel-rendering';
import { RenderJob, RenderOutcome, RenderTask, runRenderTask, toFinding } from './render-job';

/** The file that holds an environment's shared objects; the "00-" makes `kubectl apply -f <dir>` create the Namespace first. */
export const ENVIRONMENT_FILE = '00-environment.yaml';

/** The synthesized manifests of one environment, ready to write or compare. */
export interface EnvironmentManifests {
  /** The environment name, also its folder under `manifests/`. */
  readonly environment: string;
  /** File name → YAML text, sorted by file name. */
  readonly files: ReadonlyMap<string, string>;
  /** How many Kubernetes objects the files hold. */
  readonly objectCount: number;
  /** How many services run in the environment. */
  readonly serviceCount: number;
  /** Things worth a look that did not stop synth. */
  readonly warnings: readonly string[];
  /** Policy rules that services waive here, one line each with the written reason. */
  readonly waivers: readonly string[];
  /** Custom resources written without validation (no schema is known offline), one line each. */
  readonly unvalidated: readonly string[];
}

/** Options of `synthesizeEnvironments`. */
export interface SynthesizeOptions {
  /**
   * Validate every object against the Kubernetes 1.27 schema, the API server's rules,
   * the cross-object checks and the best-practice policy, and fail on any error.
   * Turned off only to measure what validation costs.
   * @default true
   */
  readonly validate?: boolean;
}

/**
 * Synthesizes environments in memory: one YAML file per service plus one for
 * the environment's shared objects. Pure: reads nothing and writes nothing, so
 * a mistake anywhere leaves every file on disk as it was.
 *
 * @throws ShipshapeError for a mistake in a definition, InvalidManifestsError
 *   listing every problem validation finds in every environment
 */
export function synthesizeEnvironments(environments: readonly EnvironmentProps[], options: SynthesizeOptions = {}): EnvironmentManifests[] {
  const validate = options.validate ?? true;
  if (validate) environments.forEach(checkPolicySettings);
  const problems: ShipshapeError[] = [];
  const results: EnvironmentManifests[] = [];
  for (const props of environments) {
    // An app per environment: once its objects are JSON, its construct tree can be garbage-collected.
    const { built, job } = build(new Environment(new App(), props), props);
    const checked = finish(built, validate ? props : undefined, runRenderTask(job, { validation: validate ? validationOptions(props) : undefined }));
    problems.push(...checked.problems);
    // Once anything is wrong nothing will be written, so rendering stops; building goes on to report every problem.
    if (problems.length === 0) results.push(withTexts(built, checked.manifests, runRenderTask(job, { render: allFiles(job) }).texts));
  }
  if (problems.length > 0) throw new InvalidManifestsError(problems);
  return results;
}

/**
 * The same as `synthesizeEnvironments`, byte for byte and problem for problem, for large
 * platforms (the CLI's path): while the main thread builds the next environment, worker
 * threads validate the ones before it and render and write their files; once all are built,
 * the main thread renders and writes whatever the workers have not got to.
 */
export async function synthesizeEnvironmentsInParallel(environments: readonly EnvironmentProps[], options: SynthesizeOptions = {}, run: ParallelSynthesis = {}): Promise<EnvironmentManifests[]> {
  // Enough to decide whether workers pay for themselves.
  const pool = run.pool ?? RenderPool.forWorkload(environments.reduce((count, environment) => count + environment.services.length * OBJECTS_PER_SERVICE, 0), run.parallelFrom, run.workers, run.objectsPerChunk);
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
      const { built, job } = build(new Environment(new App(), props), props);
      const outcome = pool.submit({ ...job, folder: run.folderFor?.(built.environment) }, validate ? validationOptions(props) : undefined);
      // Awaited below; handled here too, in case building a later environment throws first.
      outcome.catch(() => undefined);
      return { built, props, outcome };
    });
    // Everything is built: this thread renders what the workers have not got to yet.
    pool.helpUntilDone();
    const problems: ShipshapeError[] = [];
    const results: EnvironmentManifests[] = [];
    for (const { built, props, outcome } of started) {
      const rendered = await outcome;
      const checked = finish(built, validate ? props : undefined, rendered);
      problems.push(...checked.problems);
      results.push(withTexts(built, checked.manifests, rendered.texts));
    }
    if (problems.length > 0) throw new InvalidManifestsError(problems);
    return results;
  } finally {
    await pool.close();
  }
}

/** How `synthesizeEnvironmentsInParallel` runs. */
export interface ParallelSynthesis {
  /**
   * How many objects make worker threads worth starting (tests lower it).
   * @default PARALLEL_THRESHOLD
   */
  readonly parallelFrom?: number;
  /**
   * How many worker threads (tests choose, to run both ways of sharing the work on any machine).
   * @default - one per core beside the main thread's, at most 3
   */
  readonly workers?: number;
  /**
   * About how many objects a thread renders at a time (tests make it small, so that threads share an environment's files).
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
   * Where to write each environment's files as they are rendered, by whichever thread renders them,
   * while others may still be validating: the caller swaps the folders in once synthesis succeeds, or
   * discards them when it throws (by then no thread writes any more).
   * @default - files are only returned
   */
  readonly folderFor?: (environment: string) => StagedFolder;
}

/** Renders one environment chart (built by the caller, e.g. a preview) into its files, without validating them. */
export function toManifests(environment: Environment): EnvironmentManifests {
  const { built, job } = build(environment, undefined);
  const { manifests } = finish(built, undefined, { findings: [], flagged: [], texts: [], unvalidated: [] });
  return withTexts(built, manifests, runRenderTask(job, { render: allFiles(job) }).texts);
}

/** An environment's objects rendered to JSON once and grouped into files, before validation and YAML. */
interface BuiltEnvironment {
  readonly environment: string;
  /** The files' names, in the job's order. */
  readonly files: readonly string[];
  readonly objectCount: number;
  /** Who rendered each object of the job, and what it recorded about its fields. */
  readonly origins: readonly ObjectOrigin[];
  readonly serviceCount: number;
  /** What the constructs warned about. */
  readonly warnings: readonly string[];
}

/**
 * Validates an environment's constructs the way cdk8s does (`node.validate()` of each, as `chart.toJson()`
 * and `cdk8s synth` do), renders each ApiObject with its own `toJson()`, and groups the objects by file:
 * one per service, one per construct the `extend` hook added, one for the environment's shared objects.
 */
function build(environment: Environment, props: EnvironmentProps | undefined): { built: BuiltEnvironment; job: RenderJob } {
  checkConstructs(environment);
  const extensions = new Set(environment.extensions);
  const objects: Array<RenderedObject & { readonly file: string }> = environment.node
    .findAll()
    .filter((construct): construct is ApiObject => construct instanceof ApiObject)
    .map((construct) => ({ construct, service: owningService(construct)?.name, file: fileOf(construct, extensions) }));
  // Waivers are part of the output whether or not this run validates, so the bytes never depend on it.
  if (props) annotateWaivers(props, objects);
  const files = new Map<string, number[]>();
  objects.forEach(({ file }, index) => {
    const inFile = files.get(file);
    if (inFile) inFile.push(index);
    else files.set(file, [index]);
  });
  const job: RenderJob = {
    objects: objects.map(({ construct }) => construct.toJson() as KubeObject),
    files: [...files.keys()].sort().map((name) => ({ name, objects: files.get(name)! })),
    header: `# Generated by shipshape synth for environment ${environment.name}. Do not edit: change the TypeScript definition and run npm run synth.\n`,
  };
  const built = {
    environment: environment.name,
    files: job.files.map((file) => file.name),
    objectCount: objects.length,
    origins: objects.map(({ construct, service }) => ({ service, provenance: FieldProvenance.of(construct) })),
    serviceCount: environment.microservices.length,
    warnings: environment.warnings,
  };
  return { built, job };
}

/** What cdk8s checks before it synthesizes: every construct's validations (`node.addValidation`), all reported at once. */
function checkConstructs(environment: Environment): void {
  const problems: ShipshapeError[] = [];
  for (const construct of environment.node.findAll()) {
    for (const error of construct.node.validate()) {
      problems.push(new ShipshapeError(
        { environment: environment.name, service: owningService(construct)?.name },
        `the construct ${construct.node.path} is not valid: ${error}`,
        'fix what its validation names',
      ));
    }
  }
  if (problems.length > 0) throw new InvalidManifestsError(problems);
}

/** The file an object is written to: its service's, its extension's (named after the construct the hook added), or the environment's. */
function fileOf(construct: ApiObject, extensions: ReadonlySet<IConstruct>): string {
  const service = owningService(construct);
  if (service) return `${service.name}.yaml`;
  const extension = construct.node.scopes.find((scope) => extensions.has(scope));
  return extension ? `${extension.node.id}.yaml` : ENVIRONMENT_FILE;
}

/**
 * Places what validation found in the definitions (when `props` is given) and describes the
 * environment's manifests, before their texts are added.
 */
function finish(built: BuiltEnvironment, props: EnvironmentProps | undefined, outcome: RenderOutcome): { manifests: Omit<EnvironmentManifests, 'files'>; problems: readonly ShipshapeError[] } {
  // The objects findings are about, by index; no others are needed to place them.
  const objects: KubeObject[] = [];
  for (const [index, object] of outcome.flagged) objects[index] = object;
  const validation = props ? placeFindings(props, objects, built.origins, outcome.findings.map(toFinding)) : { problems: [], warnings: [], waivers: [] };
  return {
    manifests: {
      environment: built.environment,
      objectCount: built.objectCount,
      serviceCount: built.serviceCount,
      warnings: [...built.warnings, ...validation.warnings],
      waivers: validation.waivers,
      unvalidated: outcome.unvalidated.map((object) => `environment ${built.environment}: ${describeObject(object)} is a custom resource, written without validation (no schema for it offline)`),
    },
    problems: validation.problems,
  };
}

/** The manifests with each file's text, in the job's file order. */
function withTexts(built: BuiltEnvironment, manifests: Omit<EnvironmentManifests, 'files'>, texts: readonly string[]): EnvironmentManifests {
  return { ...manifests, files: new Map(built.files.map((name, index) => [name, texts[index]])) };
}

function allFiles(job: RenderJob): RenderTask['render'] {
  return { from: 0, to: job.files.length };
}

/** The policy settings an environment validates with. */
function validationOptions(props: EnvironmentProps): ValidationOptions {
  return { severities: props.policy?.severities };
}

function owningService(construct: IConstruct): Microservice | undefined {
  return construct.node.scopes.find((scope): scope is Microservice => scope instanceof Microservice);
}
