import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { App } from 'cdk8s';
import { Command } from 'commander';
import type { EnvironmentProps } from '../environment/environment';
import { PREVIEW_WAIVERS, PreviewEnvironment } from '../environment/preview-environment';
import { parseTime, previewExpiry } from '../environment/preview-expiry';
import { PreviewName } from '../environment/preview-name';
import { PREVIEW_TTL } from '../environment/preview-options';
import { ShipshapeError } from '../errors';
import { writeManifestFolder } from '../synth/manifest-folder';
import { toManifests } from '../synth/synthesize';
import type { CommandContext } from './command-context';
import { loadEnvironments } from './environment-loading';
import { environmentNames, Project } from './project';
import type { Terminal } from './terminal';

/** Where preview manifests go unless `--out` says otherwise: gitignored, since previews are throwaway. */
export const PREVIEWS_FOLDER = join('.shipshape', 'previews');

/** The preview options of `shipshape synth`. */
export interface PreviewSynthOptions {
  /** The branch to preview. */
  readonly preview: string;
  /** The environment the preview copies; the one with `preview` set when left out. */
  readonly base?: string;
  /** How long the preview lives from now, e.g. `72h`. */
  readonly ttl?: string;
  /** The exact expiry (ISO 8601); wins over `ttl`, and makes the output independent of the clock. */
  readonly expires?: string;
  /** `service=reference` images built from the branch. */
  readonly image?: readonly string[];
  /** Parent folder to write into, or `-` for stdout. */
  readonly out?: string;
  /** Environments named for a normal synth; refused together with `preview`. */
  readonly env?: readonly string[];
}

/** Adds `--preview <branch>` and its options to `shipshape synth`. */
export function withPreviewOptions(command: Command): Command {
  return command
    .option('-p, --preview <branch>', 'synthesize a standalone preview environment for a branch instead (into .shipshape/previews/)')
    .option('--base <env>', 'with --preview: the environment to copy (default: the one whose definition sets preview)')
    .option('--ttl <duration>', 'with --preview: how long the preview lives from now, e.g. 72h or 7d (default: the base environment\'s preview.ttl, else 72h)')
    .option('--expires <time>', 'with --preview: the exact expiry, ISO 8601 (for byte-identical output)')
    .option('--image <service=reference...>', 'with --preview: an image built from the branch, e.g. api=pr-42 or api=sha256:…');
}

/**
 * `shipshape synth --preview <branch>`: a complete environment for the branch, written to
 * `.shipshape/previews/preview-<slug>/` (or `--out`), or to stdout with `--out -`.
 *
 * @param now the current time, which `--ttl` counts from
 */
export function synthPreview(project: Project, options: PreviewSynthOptions, terminal: Terminal, now: Date): void {
  const started = performance.now();
  if (options.env && options.env.length > 0) {
    throw new ShipshapeError({ field: '--env' }, 'cannot be combined with --preview', 'name the environment the preview copies with --base');
  }
  const base = previewBase(project, options.base);
  const ttl = options.ttl ?? base.preview?.ttl ?? PREVIEW_TTL;
  const expiresAt = options.expires !== undefined ? parseTime(options.expires, '--expires') : previewExpiry(now, ttl, options.ttl ? '--ttl' : `environments/${base.name} preview.ttl`);
  const environment = new PreviewEnvironment(new App(), { base, branch: options.preview, expiresAt, images: parseImages(options.image ?? []) });
  const manifests = toManifests(environment);

  const toStdout = options.out === '-';
  const report = toStdout ? terminal.err : terminal.out;
  let destination = 'stdout';
  if (toStdout) {
    terminal.out([...manifests.files.values()].join('---\n').trimEnd());
  } else {
    const folder = resolve(project.root, options.out ?? PREVIEWS_FOLDER);
    writeManifestFolder(folder, [manifests], false);
    destination = relative(project.root, join(folder, manifests.environment));
  }
  report(`${manifests.environment}  copy of ${base.name}  ${manifests.serviceCount} services  ${manifests.objectCount} objects  → ${destination}`);
  for (const [service, host] of environment.hosts) report(`  ${service}: https://${host}`);
  for (const warning of manifests.warnings) terminal.err(`warning: ${warning}`);
  // What the preview leaves out by design (one replica, no disruption budget), as its objects record it.
  for (const waiver of PREVIEW_WAIVERS) report(`waived: ${waiver.rule} for every Deployment of the preview (${waiver.reason})`);
  report(`expires ${expiresAt.toISOString().replace(/\.000Z$/, 'Z')}; remove it sooner with: shipshape preview delete ${shellQuote(options.preview)}`);
  report(`synthesized preview in ${((performance.now() - started) / 1000).toFixed(2)} s`);
}

/** `shipshape preview name|delete <branch>`. */
export function previewCommand(context: CommandContext): Command {
  const preview = new Command('preview').description('manage branch preview environments (create them with `shipshape synth --preview <branch>`)');
  preview
    .command('name')
    .description('print the namespace (and environment name) a branch\'s preview gets, for scripts')
    .argument('<branch>', 'the branch')
    .action((branch: string) => context.terminal.out(PreviewName.of(branch).environment));
  preview
    .command('delete')
    .description('print (or, with --run, run) what removes a branch\'s preview environment')
    .argument('<branch>', 'the branch whose preview to remove')
    .option('--run', 'run kubectl instead of printing the command, and remove the local preview folder')
    .option('--context <name>', 'the kubectl context to use')
    .action((branch: string, options: { run?: boolean; context?: string }) => {
      context.exitCode = deletePreview(context.project, branch, options, context.terminal);
    });
  return preview;
}

/**
 * Deleting the namespace removes every object of the preview, since all of them live in it.
 * @returns the exit code
 */
export function deletePreview(project: Project, branch: string, options: { run?: boolean; context?: string }, terminal: Terminal): number {
  const name = PreviewName.of(branch);
  const args = [...(options.context ? ['--context', options.context] : []), 'delete', 'namespace', name.environment, '--ignore-not-found', '--wait=false'];
  if (!options.run) {
    terminal.out(`kubectl ${args.map(shellQuote).join(' ')}`);
    return 0;
  }
  const result = spawnSync('kubectl', args, { encoding: 'utf8' });
  if (result.error) {
    throw new ShipshapeError({ field: '--run' }, `could not run kubectl (${result.error.message})`, 'install kubectl, or run the command `shipshape preview delete` prints without --run');
  }
  for (const line of `${result.stdout}`.split('\n').filter(Boolean)) terminal.out(line);
  for (const line of `${result.stderr}`.split('\n').filter(Boolean)) terminal.err(line);
  if (result.status === 0) rmSync(join(project.root, PREVIEWS_FOLDER, name.environment), { recursive: true, force: true });
  return result.status ?? 1;
}

/** The environment to copy: the one named, or the only one whose definition sets `preview`. */
function previewBase(project: Project, named: string | undefined): EnvironmentProps {
  if (named !== undefined) return loadEnvironments(project, [named])[0];
  const bases = loadEnvironments(project).filter((environment) => environment.preview !== undefined);
  if (bases.length === 1) return bases[0];
  const names = bases.length > 0 ? bases.map((b) => b.name) : environmentNames(project);
  throw new ShipshapeError(
    { field: '--base' },
    bases.length === 0 ? 'is not set and no environment sets preview' : `is not set and ${bases.length} environments set preview (${names.join(', ')})`,
    `pass --base with one of ${names.join(', ')}, or set preview: {} in exactly one environment definition`,
  );
}

function parseImages(values: readonly string[]): Record<string, string> {
  const images: Record<string, string> = {};
  for (const value of values) {
    const equals = value.indexOf('=');
    if (equals <= 0 || equals === value.length - 1) {
      throw new ShipshapeError({ field: '--image' }, `"${value}" is not service=reference`, 'write it like api=pr-42 or api=sha256:…');
    }
    images[value.slice(0, equals)] = value.slice(equals + 1);
  }
  return images;
}

/** Quotes a value for a POSIX shell when it needs it, so a printed command can be pasted as is. */
function shellQuote(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
