import { Command } from 'commander';
import { relative } from 'node:path';
import { synthesizeGitOps } from '../synth/gitops-manifests';
import { compareManifestFolder, describeManifestDifference } from '../synth/manifest-folder';
import { environmentNames, Project } from './project';
import { verify } from './secrets/verify-command';
import { SpeedTechnique, techniquesTurnedOff } from './speed-techniques';
import { synthesizeProject } from './synth-command';
import type { CommandContext } from './command-context';
import type { Terminal } from './terminal';

/** Options of `shipshape check`. */
export interface CheckOptions {
  /** Also decrypt every secret value of these environments (`true`: of all), which needs their keys. */
  readonly verifySecrets?: true | readonly string[];
}

/** `shipshape check`. */
export function checkCommand(context: CommandContext): Command {
  return new Command('check')
    .description('fail when manifests/ is not exactly what synth produces (and, with --verify-secrets, when a secret value does not decrypt)')
    .option('--verify-secrets [environments...]', 'also decrypt every secret value, of these environments or all, as `secrets verify` does (needs their keys, as CI has them)')
    .action(async (options: CheckOptions) => {
      const drift = await check(context.project, context.terminal, techniquesTurnedOff(context.variables));
      let secrets = 0;
      if (options.verifySecrets) {
        const names = options.verifySecrets === true ? environmentNames(context.project) : options.verifySecrets;
        for (const name of names) secrets = Math.max(secrets, await verify(context, name));
      }
      context.exitCode = Math.max(drift, secrets);
    });
}

/**
 * Synthesizes in memory and compares with the committed
 * `manifests/`. Returns the exit code: 0 when they match, 1 naming each file that differs.
 */
export async function check(project: Project, terminal: Terminal, without: ReadonlySet<SpeedTechnique> = new Set()): Promise<number> {
  const { definitions, environments } = await synthesizeProject(project, [], without);
  const gitops = synthesizeGitOps(definitions);
  const differences = compareManifestFolder(project.manifestsFolder, gitops ? [...environments, gitops] : environments, true);
  const folder = relative(project.root, project.manifestsFolder);
  if (differences.length === 0) {
    terminal.out(`${folder}/ is up to date (${environments.length} environments, ${environments.reduce((n, m) => n + m.files.size, gitops?.files.size ?? 0)} files)`);
    return 0;
  }
  for (const difference of differences) terminal.err(describeManifestDifference(difference, folder));
  terminal.err(`${folder}/ is stale: run \`npm run synth\` and commit the result`);
  return 1;
}
