import { Command } from 'commander';
import { relative } from 'node:path';
import { writeManifestFolder } from '../synth/manifest-folder';
import { EnvironmentManifests, synthesizeEnvironments } from '../synth/synthesize';
import { loadEnvironments, Project } from './project';
import type { CommandContext } from './command-context';
import type { Terminal } from './terminal';

/** Options of `shipshape synth`. */
export interface SynthOptions {
  /** Only these environments; all when empty. */
  readonly env: readonly string[];
  /** Where to write; `manifests/` by default. */
  readonly out?: string;
}

/** `shipshape synth`. */
export function synthCommand(context: CommandContext): Command {
  return new Command('synth')
    .description('synthesize every environment into manifests/<env>/')
    .option('-e, --env <names...>', 'only these environments', [])
    .option('-o, --out <folder>', 'write here instead of manifests/')
    .action((options: SynthOptions) => synth(context.project, options, context.terminal));
}

/** Every environment into `manifests/<env>/`, replacing each folder whole. */
export function synth(project: Project, options: SynthOptions, terminal: Terminal): void {
  const started = performance.now();
  const environments = synthesizeEnvironments(loadEnvironments(project, options.env));
  const folder = options.out ?? project.manifestsFolder;
  writeManifestFolder(folder, environments, options.env.length === 0);
  printSummary(environments, relative(project.root, folder) || '.', terminal);
  terminal.out(`synthesized ${environments.length} environment${environments.length === 1 ? '' : 's'} in ${((performance.now() - started) / 1000).toFixed(2)} s`);
}

function printSummary(environments: readonly EnvironmentManifests[], folder: string, terminal: Terminal): void {
  const width = Math.max(...environments.map((m) => m.environment.length));
  for (const m of environments) {
    terminal.out(`${m.environment.padEnd(width)}  ${m.serviceCount} services  ${m.objectCount} objects  ${m.files.size} files  → ${folder}/${m.environment}`);
    for (const warning of m.warnings) terminal.err(`warning: ${warning}`);
    for (const waiver of m.waivers) terminal.out(`waived: ${waiver}`);
  }
}
