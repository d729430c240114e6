import { Command } from 'commander';
import type { CommandContext } from './command-context';
import { secretsEditCommand } from './secrets-edit-command';
import { secretsGetCommand } from './secrets-get-command';
import { secretsKeygenCommand } from './secrets-keygen-command';
import { secretsListCommand } from './secrets-list-command';
import { secretsMergeCommand } from './secrets-merge-command';
import { secretsRenderCommand } from './secrets-render-command';
import { secretsRmCommand } from './secrets-rm-command';
import { secretsRotateCommand } from './secrets-rotate-command';
import { secretsSetCommand } from './secrets-set-command';
import { secretsVerifyCommand } from './secrets-verify-command';

/** Every `shipshape secrets` command, one file each. */
const SECRETS_COMMANDS: ReadonlyArray<(context: CommandContext) => Command> = [
  secretsKeygenCommand,
  secretsSetCommand,
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
  const command = new Command('secrets').description('encrypted secrets in environments/<env>/secrets.json: keygen, set, get, list, edit, rm, rotate, verify, render');
  for (const subcommand of SECRETS_COMMANDS) command.addCommand(subcommand(context));
  // Subcommands report and exit the way main() configured this command (added after this returns).
  command.hook('preSubcommand', (parent, subcommand) => {
    subcommand.copyInheritedSettings(parent);
  });
  return command;
}
