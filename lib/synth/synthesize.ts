import { ApiObject, App } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Environment, EnvironmentProps } from '../environment/environment';
import { ShipshapeError } from '../errors';
import { Microservice } from '../microservice/microservice';
import { annotateWaivers, checkPolicySettings, RenderedObject, validateEnvironment } from './environment-validation';
import { InvalidManifestsError } from './invalid-manifests-error';
import { renderFilesHere, UnrenderedFile, YamlRenderPool } from './parallel-rendering';

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
  return collectEnvironments(environments, options, (collected) => withTexts(collected, renderFilesHere(collected.files)));
}

/**
 * The same as `synthesizeEnvironments`, byte for byte, for large platforms (the CLI's path):
 * while the main thread builds and validates the next environment, worker threads write the
 * YAML of the ones before it.
 */
export async function synthesizeEnvironmentsInParallel(environments: readonly EnvironmentProps[], options: SynthesizeOptions = {}): Promise<EnvironmentManifests[]> {
  // About seven objects a service: enough to decide whether workers pay for themselves.
  const pool = YamlRenderPool.forWorkload(environments.reduce((count, environment) => count + environment.services.length * 7, 0));
  if (!pool) return synthesizeEnvironments(environments, options);
  try {
    const rendering = collectEnvironments(environments, options, (collected) => {
      const rendered = pool.render(collected.files).then((texts) => withTexts(collected, texts));
      // Handled here too: if a later environment turns out invalid, this promise is never awaited.
      rendered.catch(() => undefined);
      return rendered;
    });
    return await Promise.all(rendering);
  } finally {
    await pool.close();
  }
}

/** Renders one environment chart (built by the caller, e.g. a preview) into its files, without validating them. */
export function toManifests(environment: Environment): EnvironmentManifests {
  const { collected } = collect(environment, undefined, false);
  return withTexts(collected, renderFilesHere(collected.files));
}

/** An environment's objects grouped into files, validated, before YAML. */
interface CollectedEnvironment extends Omit<EnvironmentManifests, 'files'> {
  readonly files: ReadonlyArray<UnrenderedFile & { readonly name: string }>;
}

/**
 * Builds and validates every environment, handing each to `render` as soon as it is valid;
 * throws every problem of every environment at once, before any result is used.
 */
function collectEnvironments<T>(environments: readonly EnvironmentProps[], options: SynthesizeOptions, render: (collected: CollectedEnvironment) => T): T[] {
  const validate = options.validate ?? true;
  if (validate) environments.forEach(checkPolicySettings);
  const app = new App();
  const problems: ShipshapeError[] = [];
  const results: T[] = [];
  for (const props of environments) {
    const result = collect(new Environment(app, props), props, validate);
    problems.push(...result.problems);
    // Once anything is wrong nothing will be written, so rendering stops; collecting goes on to report every problem.
    if (problems.length === 0) results.push(render(result.collected));
  }
  if (problems.length > 0) throw new InvalidManifestsError(problems);
  return results;
}

/** Renders one environment's objects to JSON once, validates them, and groups them by file: one per service, one for the shared objects. */
function collect(environment: Environment, props: EnvironmentProps | undefined, validate: boolean): { collected: CollectedEnvironment; problems: readonly ShipshapeError[] } {
  const objects: RenderedObject[] = environment.node
    .findAll()
    .filter((construct): construct is ApiObject => construct instanceof ApiObject)
    .map((construct) => ({ construct, service: owningService(construct)?.name }));
  // Waivers are part of the output whether or not this run validates, so the bytes never depend on it.
  if (props) annotateWaivers(props, objects);
  const json = objects.map(({ construct }) => construct.toJson());
  const validation = validate && props ? validateEnvironment(props, json, objects.map(({ service }) => service)) : { problems: [], warnings: [], waivers: [] };

  const documents = new Map<string, unknown[]>();
  objects.forEach(({ service }, index) => {
    const file = service ? `${service}.yaml` : ENVIRONMENT_FILE;
    const inFile = documents.get(file);
    if (inFile) inFile.push(json[index]);
    else documents.set(file, [json[index]]);
  });
  const header = `# Generated by shipshape synth for environment ${environment.name}. Do not edit: change the TypeScript definition and run npm run synth.\n`;
  return {
    collected: {
      environment: environment.name,
      files: [...documents.keys()].sort().map((name) => ({ name, header, documents: documents.get(name)! })),
      objectCount: objects.length,
      serviceCount: environment.microservices.length,
      warnings: [...environment.warnings, ...validation.warnings],
      waivers: validation.waivers,
    },
    problems: validation.problems,
  };
}

function withTexts(collected: CollectedEnvironment, texts: readonly string[]): EnvironmentManifests {
  return { ...collected, files: new Map(collected.files.map((file, index) => [file.name, texts[index]])) };
}

function owningService(construct: IConstruct): Microservice | undefined {
  return construct.node.scopes.find((scope): scope is Microservice => scope instanceof Microservice);
}
