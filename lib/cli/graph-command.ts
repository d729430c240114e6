import { Command } from 'commander';
import { environmentGraph } from '../environment/environment-graph';
import type { CommandContext } from './command-context';
import { loadEnvironments } from './environment-loading';
import type { Project } from './project';
import type { Terminal } from './terminal';

/** `shipshape graph --env <env>`. */
export function graphCommand(context: CommandContext): Command {
  return new Command('graph')
    .description('print an environment as a Mermaid diagram: ingress hosts → services → declared dependencies')
    .requiredOption('-e, --env <name>', 'the environment to draw')
    .option('--markdown', 'wrap the diagram in a ```mermaid block, ready to paste into a README or pull request')
    .action((options: { env: string; markdown?: boolean }) => graph(context.project, options, context.terminal));
}

/** Prints the Mermaid source of one environment. */
export function graph(project: Project, options: { env: string; markdown?: boolean }, terminal: Terminal): void {
  const [environment] = loadEnvironments(project, [options.env]);
  const diagram = environmentGraph(environment).trimEnd();
  terminal.out(options.markdown ? `\`\`\`mermaid\n${diagram}\n\`\`\`` : diagram);
}
