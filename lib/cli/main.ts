import { Command, CommanderError } from 'commander';
import { ShipshapeError } from '../errors';
import type { CommandContext, CommandInputs } from './command-context';
import { sweepLeftovers } from './leftover-sweep';
import { projectAt } from './project';
import { processTerminal, Terminal } from './terminal';

/** This package's version: package.json is two folders up from lib/cli/ in a checkout and from build/cli/ in the package. */
const VERSION: string = (require('../../package.json') as { version: string }).version;

type CommandFactory = (context: CommandContext) => Command;

/**
 * Every `shipshape` command by name, one file each, loaded when used: a run loads the command it runs
 * (for `synth`, some 40 modules fewer), and help or a mistyped name loads them all.
 */
const COMMANDS: Readonly<Record<string, () => CommandFactory>> = {
  synth: () => (require('./synth-command') as typeof import('./synth-command')).synthCommand,
  check: () => (require('./check-command') as typeof import('./check-command')).checkCommand,
  release: () => (require('./release-command') as typeof import('./release-command')).releaseCommand,
  preview: () => (require('./preview-command') as typeof import('./preview-command')).previewCommand,
  diff: () => (require('./diff-command') as typeof import('./diff-command')).diffCommand,
  graph: () => (require('./graph-command') as typeof import('./graph-command')).graphCommand,
  new: () => (require('./new-command') as typeof import('./new-command')).newCommand,
  init: () => (require('./init-command') as typeof import('./init-command')).initCommand,
  secrets: () => (require('./secrets/command') as typeof import('./secrets/command')).secretsCommand,
  validate: () => (require('./validate-command') as typeof import('./validate-command')).validateCommand,
  'cdk8s-app': () => (require('./cdk8s-app-command') as typeof import('./cdk8s-app-command')).cdk8sAppCommand,
};

/** The commands a run needs: the one named first in its arguments, or all of them (help, a version, a typo). */
function commandsFor(argv: readonly string[]): CommandFactory[] {
  const named = argv.slice(2).find((argument) => !argument.startsWith('-'));
  const names = named !== undefined && Object.hasOwn(COMMANDS, named) ? [named] : Object.keys(COMMANDS);
  return names.map((name) => COMMANDS[name]());
}

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
  for (const command of commandsFor(argv)) program.addCommand(configure(command(context)));
  // What a command killed before it could clean up left behind: decrypted values of `secrets edit`, temporary files, locks.
  sweepLeftovers(context.project);
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
