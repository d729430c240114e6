import { Command, CommanderError } from 'commander';
import { ShipshapeError } from '../errors';
import { checkCommand } from './check-command';
import type { CommandContext, CommandInputs } from './command-context';
import { diffCommand } from './diff-command';
import { graphCommand } from './graph-command';
import { previewCommand } from './preview-command';
import { initCommand } from './init-command';
import { newServiceCommand } from './new-service-command';
import { projectAt } from './project';
import { releaseCommand } from './release-command';
import { secretsCommand } from './secrets-command';
import { synthCommand } from './synth-command';
import { processTerminal, Terminal } from './terminal';
import { validateCommand } from './validate-command';

/** This package's version: package.json is two folders up from lib/cli/ in a checkout and from build/cli/ in the package. */
const VERSION: string = (require('../../package.json') as { version: string }).version;

/** Every `shipshape` command, one file each. */
const COMMANDS: ReadonlyArray<(context: CommandContext) => Command> = [
  synthCommand,
  checkCommand,
  releaseCommand,
  previewCommand,
  diffCommand,
  graphCommand,
  newServiceCommand,
  initCommand,
  secretsCommand,
  validateCommand,
];

/**
 * The `shipshape` command line. The only place that reads argv, the working directory, the
 * environment variables and stdin; everything below it gets plain values. Tests run it
 * in-process with a recorder, a folder, and chosen variables and input.
 *
 * @returns the exit code (asynchronously: some commands encrypt, decrypt or read stdin)
 */
export async function main(
  argv: readonly string[],
  terminal: Terminal = processTerminal,
  cwd: string = process.cwd(),
  inputs: CommandInputs = { variables: process.env, stdin: process.stdin },
): Promise<number> {
  const context: CommandContext = { project: projectAt(cwd), terminal, variables: inputs.variables, stdin: inputs.stdin, exitCode: 0 };
  const output = { writeOut: (text: string) => terminal.out(text.trimEnd()), writeErr: (text: string) => terminal.err(text.trimEnd()) };
  const program = new Command('shipshape')
    .description('Typed microservices on Kubernetes: synthesize, check and release manifests.')
    .version(VERSION, '-V, --version', "print shipshape's version")
    .exitOverride()
    .configureOutput(output);
  // Subcommands too (`new service`), so every usage error comes back here instead of exiting the process.
  const configure = (command: Command): Command => {
    command.exitOverride().configureOutput(output).commands.forEach(configure);
    return command;
  };
  for (const command of COMMANDS) program.addCommand(configure(command(context)));
  try {
    await program.parseAsync(argv);
  } catch (error) {
    return reportError(error, terminal);
  }
  return context.exitCode;
}

/** A user mistake is one line; anything else is a shipshape bug and keeps its stack. */
function reportError(error: unknown, terminal: Terminal): number {
  if (error instanceof CommanderError) return error.exitCode;
  if (error instanceof ShipshapeError) {
    terminal.err(`error: ${error.message}`);
    return 1;
  }
  terminal.err(`shipshape failed unexpectedly (a bug; please report it with this output):\n${error instanceof Error ? error.stack : String(error)}`);
  return 2;
}
