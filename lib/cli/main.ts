import { Command, CommanderError } from 'commander';
import { ShipshapeError } from '../errors';
import { checkCommand } from './check-command';
import { projectAt } from './project';
import { synthCommand } from './synth-command';
import { processTerminal, Terminal } from './terminal';

/**
 * The `shipshape` command line. The only place that reads argv, the working
 * directory and the environment; everything below it gets plain values.
 *
 * @returns the exit code
 */
export function main(argv: readonly string[], terminal: Terminal = processTerminal, cwd: string = process.cwd()): number {
  const project = projectAt(cwd);
  let exitCode = 0;
  const program = new Command('shipshape')
    .description('Typed microservices on Kubernetes: synthesize, check and release manifests.')
    .exitOverride()
    .configureOutput({ writeOut: (text) => terminal.out(text.trimEnd()), writeErr: (text) => terminal.err(text.trimEnd()) });

  program
    .command('synth')
    .description('synthesize every environment into manifests/<env>/')
    .option('-e, --env <names...>', 'only these environments', [])
    .option('-o, --out <folder>', 'write here instead of manifests/')
    .action((options: { env: string[]; out?: string }) => synthCommand(project, options, terminal));

  program
    .command('check')
    .description('fail when manifests/ is not exactly what synth produces')
    .action(() => {
      exitCode = checkCommand(project, terminal);
    });

  try {
    program.parse(argv);
  } catch (error) {
    return reportError(error, terminal);
  }
  return exitCode;
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
