import { Command } from 'commander';
import type { CommandContext } from './command-context';
import { newEnvironmentCommand } from './new-environment-command';
import { newServiceCommand } from './new-service-command';

/** `shipshape new service|environment <name>`: a service or an environment from a template, one file each. */
export function newCommand(context: CommandContext): Command {
  return new Command('new').description('add a service or an environment to this platform repository').addCommand(newServiceCommand(context)).addCommand(newEnvironmentCommand(context));
}
