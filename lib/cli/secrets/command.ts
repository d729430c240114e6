import { Command } from 'commander';
import type { CommandContext } from '../command-context';
import { secretsEditCommand } from './edit-command';
import { secretsGetCommand } from './get-command';
import { secretsKeygenCommand } from './keygen-command';
import { secretsListCommand } from './list-command';
import { secretsMergeCommand } from './merge-command';
import { secretsRenderCommand } from './render-command';
import { secretsRmCommand } from './rm-command';
import { secretsRotateCommand } from './rotate-command';
import { secretsSetAllCommand } from './set-all-command';
import { secretsSetCommand } from './set-command';
import { secretsVerifyCommand } from './verify-command';

/** Every `shipshape secrets` command, one file each. */
const SECRETS_COMMANDS: ReadonlyArray<(context: CommandContext) => Command> = [
  secretsKeygenCommand,
  secretsSetCommand,
  secretsSetAllCommand,
  secretsGetCommand,
  secretsListCommand,
  secretsEditCommand,
  secretsRmCommand,
  secretsRotateCommand,
  secretsVerifyCommand,
  secretsRenderCommand,
  secretsMergeCommand,
];

/** `shipshape secrets <command>`: the encrypted values in `environments/<env>/secrets.json`. */
export function secretsCommand(context: CommandContext): Command {
  const command = new Command('secrets').description('encrypted secrets in environments/<env>/secrets.json: keygen, set, set-all, get, list, edit, rm, rotate, verify, render');
  for (const subcommand of SECRETS_COMMANDS) command.addCommand(subcommand(context));
  // Subcommands report and exit the way main() configured this command (added after this returns).
  command.hook('preSubcommand', (parent, subcommand) => {
    subcommand.copyInheritedSettings(parent);
  });
  return command;
}
