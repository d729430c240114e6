import { Command } from 'commander';
import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { EnvironmentProps } from '../environment/environment';
import { OBJECTS_PER_SERVICE, RenderPool, synthesizeEnvironmentsInParallel } from '../performance/parallel-synthesis';
import { synthesizeGitOps } from '../synth/gitops-manifests';
import { ManifestFolderWriter, StagedFolder } from '../synth/manifest-folder';
import type { EnvironmentManifests } from '../synth/synthesize';
import { optimizeOnlyWhatStaysHot } from '../performance/optimization-budget';
import { loadEnvironments, StoredValuesCheck } from './environment-loading';
import { environmentNames, Project } from './project';
import type { CommandContext } from './command-context';
import { SpeedTechnique, techniquesTurnedOff } from './speed-techniques';
import type { Terminal } from './terminal';
import { PreviewSynthOptions, synthPreview, withPreviewOptions } from './preview-command';

/** Options of `shipshape synth`. */
export interface SynthOptions {
  /** Only these environments; all when empty. */
  readonly env: readonly string[];
  /** Where to write; `manifests/` by default. */
  readonly out?: string;
}

/** `shipshape synth`. */
export function synthCommand(context: CommandContext): Command {
  return withPreviewOptions(new Command('synth'))
    .description('synthesize every environment into manifests/<env>/')
    .option('-e, --env <names...>', 'only these environments', [])
    .option('-o, --out <folder>', 'write here instead of manifests/ (with --preview, "-" writes to stdout)')
    .action((options: SynthOptions & Partial<PreviewSynthOptions>) =>
      options.preview !== undefined
        ? synthPreview(context.project, { ...options, preview: options.preview }, context.terminal, new Date())
        : synth(context.project, options, context.terminal, techniquesTurnedOff(context.variables)));
}

/**
 * Every environment into `manifests/<env>/`, replacing each folder whole.
 * @param without speed techniques not to use (to measure them)
 */
export async function synth(project: Project, options: SynthOptions, terminal: Terminal, without: ReadonlySet<SpeedTechnique> = new Set()): Promise<void> {
  const started = performance.now();
  // Relative to the project, as everything the CLI reads and writes (in-process runs have another working directory).
  const folder = options.out ? resolve(project.root, options.out) : project.manifestsFolder;
  const writer = new ManifestFolderWriter(folder);
  let environments: EnvironmentManifests[];
  // The GitOps folder describes every environment, so only a full synth rewrites it.
  let gitops: ReturnType<typeof synthesizeGitOps> | undefined;
  try {
    // Each environment's files are written beside its folder as they are rendered; all are swapped in once all are valid.
    const synthesized = await synthesizeProject(project, options.env, without, (environment) => writer.open(environment));
    environments = synthesized.environments;
    gitops = options.env.length === 0 ? synthesizeGitOps(synthesized.definitions) : undefined;
    if (gitops) writer.stage(gitops);
  } catch (error) {
    writer.discard();
    throw error;
  }
  writer.commit(options.env.length === 0);
  printSummary(environments, relative(project.root, folder) || '.', terminal);
  if (gitops) terminal.out(`${gitops.environment}  ${gitops.environmentCount} environments handed to Argo CD / Flux  ${gitops.files.size} files  → ${relative(project.root, folder) || '.'}/${gitops.environment}`);
  terminal.out(`synthesized ${environments.length} environment${environments.length === 1 ? '' : 's'} in ${((performance.now() - started) / 1000).toFixed(2)} s`);
}

/**
 * Loads the environments and synthesizes them, on worker threads too when the platform is large enough. A stored
 * secret value changed by hand is reported before anything else, as when it is checked on loading.
 * @param only environment names; all when empty
 * @param folderFor where to write each environment's files as they are rendered
 */
export async function synthesizeProject(
  project: Project,
  only: readonly string[],
  without: ReadonlySet<SpeedTechnique>,
  folderFor?: (environment: string) => StagedFolder,
): Promise<{ definitions: EnvironmentProps[]; environments: EnvironmentManifests[] }> {
  const { definitions, pool } = await loadWithRenderPool(project, only, without);
  let environments: EnvironmentManifests[];
  try {
    environments = await synthesizeEnvironmentsInParallel(definitions, {}, { pool, parallelFrom: parallelFrom(without), folderFor });
  } catch (error) {
    throw (await pool?.storedValuesProblem()) ?? error;
  }
  const problem = await pool?.storedValuesProblem();
  if (problem) throw problem;
  return { definitions, environments };
}

/**
 * Loads the environments. On a platform large enough to pay for render workers, they start first, so that
 * they start while the definitions load, and V8 is told to optimize only what stays hot, as both cores will be busy.
 * @param only environment names to load; all when empty
 * @param without speed techniques not to use (to measure them)
 * @returns the definitions, and the workers to synthesize them with, if any
 */
async function loadWithRenderPool(project: Project, only: readonly string[], without: ReadonlySet<SpeedTechnique> = new Set()): Promise<{ definitions: EnvironmentProps[]; pool?: RenderPool }> {
  const pool = without.has('parallel-synthesis') ? undefined : RenderPool.forWorkload(estimatedObjects(project, only));
  if (pool && !without.has('optimization-budget')) optimizeOnlyWhatStaysHot();
  try {
    // With workers, one of them checks the stored secret values while this thread builds.
    const checkStoredValues: StoredValuesCheck | undefined = pool && ((environment, values, listedKeyIds) => pool.checkStoredValues(environment, values, listedKeyIds));
    return { definitions: loadEnvironments(project, only, { checkStoredValues }), pool };
  } catch (error) {
    await pool?.close();
    throw (await pool?.storedValuesProblem()) ?? error;
  }
}

function printSummary(environments: readonly EnvironmentManifests[], folder: string, terminal: Terminal): void {
  const width = Math.max(...environments.map((m) => m.environment.length));
  for (const m of environments) {
    terminal.out(`${m.environment.padEnd(width)}  ${m.serviceCount} services  ${m.objectCount} objects  ${m.files.size} files  → ${folder}/${m.environment}`);
    for (const warning of m.warnings) terminal.err(`warning: ${warning}`);
    for (const waiver of m.waivers) terminal.out(`waived: ${waiver}`);
    for (const note of m.unvalidated) terminal.out(`note: ${note}`);
  }
}

/** What `synthesizeEnvironmentsInParallel` takes as its threshold: never parallel when that technique is off. */
function parallelFrom(without: ReadonlySet<SpeedTechnique>): number | undefined {
  return without.has('parallel-synthesis') ? Infinity : undefined;
}

/** About how many objects synth will make, before loading anything: a service's worth per service file in each environment. */
function estimatedObjects(project: Project, only: readonly string[]): number {
  const environments = only.length > 0 ? only.length : environmentNames(project).length;
  try {
    return readdirSync(join(project.root, 'services')).filter((file) => file.endsWith('.ts')).length * environments * OBJECTS_PER_SERVICE;
  } catch {
    return 0;
  }
}
