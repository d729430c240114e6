import { Command } from 'commander';
import { resolve } from 'node:path';
import { renderDiffReport } from '../diff/diff-report';
import { diffEnvironmentFiles, diffManifestTrees, EnvironmentDiff } from '../diff/manifest-diff';
import { ManifestTree, manifestTreeOf, readManifestTree, readManifestTreeAtRef } from '../diff/manifest-tree';
import { ShipshapeError } from '../errors';
import { synthesizeGitOps } from '../synth/gitops-manifests';
import { synthesizeEnvironments } from '../synth/synthesize';
import type { CommandContext } from './command-context';
import { loadEnvironments } from './environment-loading';
import type { Project } from './project';
import type { Terminal } from './terminal';

/** Options of `shipshape diff`. */
export interface DiffOptions {
  /** Only these environments; all when empty. */
  readonly env: readonly string[];
  /** The git ref whose committed manifests/ is the "before" side. */
  readonly ref: string;
  /** A manifests folder on disk to compare with instead of a git ref. */
  readonly folder?: string;
  /** Compare `env` (exactly one) with this environment instead, both as the working tree synthesizes them. */
  readonly against?: string;
}

/** `shipshape diff`. */
export function diffCommand(context: CommandContext): Command {
  return new Command('diff')
    .description('summarize what the working tree would change in the committed manifests: environment → service → object → fields (exit 1 when different)')
    .option('-e, --env <names...>', 'only these environments', [])
    .option('--ref <git-ref>', 'compare with manifests/ as committed at this ref, e.g. origin/main', 'HEAD')
    .option('--folder <path>', 'compare with a manifests folder on disk instead of git')
    .option('--against <env>', 'compare the one --env environment with this environment instead')
    .action((options: DiffOptions) => {
      context.exitCode = diff(context.project, options, context.terminal);
    });
}

/**
 * Prints the differences and returns the exit code: 0 when equal, 1 when different.
 * Nothing is written; the working tree's definitions are synthesized in memory.
 */
export function diff(project: Project, options: DiffOptions, terminal: Terminal): number {
  const diffs = options.against !== undefined ? diffTwoEnvironments(project, options) : diffWithCommitted(project, options);
  for (const line of renderDiffReport(diffs)) terminal.out(line);
  return diffs.every((d) => d.change === 'unchanged') ? 0 : 1;
}

function diffWithCommitted(project: Project, options: DiffOptions): EnvironmentDiff[] {
  const definitions = loadEnvironments(project, options.env);
  const environments = synthesizeEnvironments(definitions);
  const gitops = options.env.length === 0 ? synthesizeGitOps(definitions) : undefined;
  const after = manifestTreeOf(gitops ? [...environments, gitops] : environments);
  const committed = options.folder !== undefined
    ? readManifestTree(resolve(project.root, options.folder))
    : readManifestTreeAtRef(project.root, project.manifestsFolder, options.ref);
  // With --env, only those folders are compared; otherwise a folder synth no longer makes shows as removed.
  const before: ManifestTree = options.env.length === 0 ? committed : new Map([...committed].filter(([name]) => options.env.includes(name)));
  return diffManifestTrees(before, after);
}

function diffTwoEnvironments(project: Project, options: DiffOptions): EnvironmentDiff[] {
  const against = options.against!;
  if (options.env.length !== 1) {
    throw new ShipshapeError({ field: '--against' }, `compares one environment with ${against}, but --env names ${options.env.length}`, `name exactly one, e.g. shipshape diff --env production --against ${against}`);
  }
  if (options.env[0] === against) {
    throw new ShipshapeError({ environment: against, field: '--against' }, 'names the same environment as --env', 'compare two different environments, e.g. --env production --against staging');
  }
  const loaded = loadEnvironments(project, [against, options.env[0]]);
  const before = loaded.find((environment) => environment.name === against)!;
  const after = loaded.find((environment) => environment.name === options.env[0])!;
  const [beforeFiles, afterFiles] = synthesizeEnvironments([before, after]);
  const identity = (props: { name: string; namespace?: string }) => [props.name, ...(props.namespace ? [props.namespace] : [])];
  return [diffEnvironmentFiles(`${before.name} → ${after.name}`, beforeFiles.files, afterFiles.files, { before: identity(before), after: identity(after) })];
}
