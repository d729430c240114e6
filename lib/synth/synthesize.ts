import { App } from 'cdk8s';
import { Environment, EnvironmentProps } from '../environment/environment';
import type { ShipshapeError } from '../errors';
import { describeObject, KubeObject } from '../validation/kube-object';
import type { Finding } from '../validation/rule';
import { isCustomResource, validateObjects, ValidationOptions } from '../validation/validate-objects';
import { buildEnvironment, EnvironmentBuild } from './environment-build';
import { checkPolicySettings, placeFindings } from './environment-validation';
import { InvalidManifestsError } from './invalid-manifests-error';
import { renderManifestFile } from './manifest-yaml';

export { ENVIRONMENT_FILE } from './environment-build';

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
 * Synthesizes environments in memory: one YAML file per service, one per construct an environment's
 * `extend` hook adds, and one for the environment's shared objects. Pure: reads nothing and writes
 * nothing, so a mistake anywhere leaves every file on disk as it was.
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
    const build = buildEnvironment(new Environment(new App(), props));
    const objects = build.objects.map((object) => object.toJson() as KubeObject);
    const checked = checkedManifests(build, validate ? props : undefined, validate ? findingsOf(objects, validationOptions(props)) : undefined);
    problems.push(...checked.problems);
    // Once anything is wrong nothing will be written, so rendering stops; building goes on to report every problem.
    if (problems.length === 0) results.push(withFiles(build, checked.manifests, renderFiles(build, objects)));
  }
  if (problems.length > 0) throw new InvalidManifestsError(problems);
  return results;
}

/** Renders one environment chart (built by the caller, e.g. a preview) into its files, without validating them. */
export function toManifests(environment: Environment): EnvironmentManifests {
  const build = buildEnvironment(environment);
  const objects = build.objects.map((object) => object.toJson() as KubeObject);
  return withFiles(build, checkedManifests(build, undefined, undefined).manifests, renderFiles(build, objects));
}

/** What validating an environment's objects found, before it is placed in the definitions. */
export interface EnvironmentFindings {
  /** Every finding, in object order. */
  readonly findings: readonly Finding[];
  /** The objects the findings are about, by their index in the environment (the others may be missing). */
  readonly objects: readonly KubeObject[];
  /** The custom resources validation passed through unchecked. */
  readonly unvalidated: readonly KubeObject[];
}

/** Validates an environment's rendered objects, with the environment's policy settings. */
export function findingsOf(objects: readonly KubeObject[], options: ValidationOptions): EnvironmentFindings {
  return { findings: validateObjects(objects, options), objects, unvalidated: objects.filter(isCustomResource) };
}

/**
 * Places what validation found in the definitions (when `props` is given) and describes the
 * environment's manifests, before their texts are added.
 */
export function checkedManifests(build: EnvironmentBuild, props: EnvironmentProps | undefined, found: EnvironmentFindings | undefined): { manifests: Omit<EnvironmentManifests, 'files'>; problems: readonly ShipshapeError[] } {
  const validation = props && found ? placeFindings(props, found.objects, build.origins, found.findings) : { problems: [], warnings: [], waivers: [] };
  return {
    manifests: {
      environment: build.environment,
      objectCount: build.objects.length,
      serviceCount: build.serviceCount,
      warnings: [...build.warnings, ...validation.warnings],
      waivers: validation.waivers,
      unvalidated: (found?.unvalidated ?? []).map((object) => `environment ${build.environment}: ${describeObject(object)} is a custom resource, written without validation (no schema for it offline)`),
    },
    problems: validation.problems,
  };
}

/** Each file's YAML, in the build's file order. */
export function renderFiles(build: EnvironmentBuild, objects: readonly KubeObject[]): string[] {
  return build.files.map((file) => renderManifestFile(build.header, file.objects.map((index) => objects[index])));
}

/** The manifests with each file's text, in the build's file order. */
export function withFiles(build: EnvironmentBuild, manifests: Omit<EnvironmentManifests, 'files'>, texts: readonly string[]): EnvironmentManifests {
  return { ...manifests, files: new Map(build.files.map((file, index) => [file.name, texts[index]])) };
}

/** The policy settings an environment validates with. */
export function validationOptions(props: EnvironmentProps): ValidationOptions {
  return { severities: props.policy?.severities };
}
