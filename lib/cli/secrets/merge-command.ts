import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ShipshapeError } from '../../errors';
import { SecretsFile } from '../../secrets/secrets-file';
import { mergeSecretsFiles, renderWithConflicts } from '../../secrets/secrets-merge';
import type { CommandContext } from '../command-context';
import { writeFileAtomically } from '../atomic-write';

/** `shipshape secrets merge <base> <ours> <theirs>`: a git merge driver. */
export function secretsMergeCommand(context: CommandContext): Command {
  return new Command('merge')
    .description('git merge driver for secrets.json: merges key by key, so only a key changed differently on both sides conflicts (see README)')
    .argument('<base>', "git's %O: the common ancestor")
    .argument('<ours>', "git's %A: our version, replaced by the result")
    .argument('<theirs>', "git's %B: their version")
    .action((base: string, ours: string, theirs: string) => {
      context.exitCode = merge(context, base, ours, theirs);
    });
}

/**
 * Three-way merges secrets files key by key and writes the result over `ours`, as git expects.
 * @returns 0 when merged cleanly, 1 when some key changed differently on both sides (left with conflict markers)
 */
export function merge(context: CommandContext, base: string, ours: string, theirs: string): number {
  // git passes paths relative to the repository root, where it runs the driver: the CLI's working directory.
  const at = (path: string) => resolve(context.project.root, path);
  const oursText = readFileSync(at(ours), 'utf8');
  let environment: unknown;
  try {
    environment = JSON.parse(oursText).environment;
  } catch {
    environment = undefined;
  }
  if (typeof environment !== 'string') {
    throw new ShipshapeError({ field: 'secrets.json' }, 'our side of the merge is not a secrets file', 'merge it by hand');
  }
  const read = (path: string, text = readFileSync(at(path), 'utf8')) => (text.trim() === '' ? SecretsFile.empty(environment as string) : SecretsFile.parse(text, environment as string, `secrets.json (${path})`));
  const result = mergeSecretsFiles(read(base), read(ours, oursText), read(theirs));
  writeFileAtomically(at(ours), renderWithConflicts(result));
  if (result.conflicts.length === 0) return 0;
  for (const conflict of result.conflicts) {
    context.terminal.err(`environment ${environment}, service ${conflict.service}, field ${conflict.key}: changed differently on both sides; keep one side between the conflict markers`);
  }
  return 1;
}
