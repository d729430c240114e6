import { App, YamlOutputType } from 'cdk8s';
import { Command } from 'commander';
import { Environment } from '../environment/environment';
import type { CommandContext } from './command-context';
import { loadEnvironments } from './environment-loading';

/**
 * `shipshape cdk8s-app`: what `cdk8s synth` runs (cdk8s.yaml's `app`). Every environment as a chart of one
 * cdk8s App, synthesized by cdk8s's own `app.synth()`: cdk8s's validation, resolution and YAML, one
 * `<environment>.k8s.yaml` per environment in cdk8s's output folder. The objects are those `shipshape synth`
 * writes (without its policy gate, which cdk8s does not run).
 */
export function cdk8sAppCommand(context: CommandContext): Command {
  return new Command('cdk8s-app')
    .description("synthesize every environment with cdk8s's own App.synth(), as `cdk8s synth` runs it")
    .option('-o, --out <folder>', 'where to write (default: $CDK8S_OUTDIR, which `cdk8s synth` sets, else dist/)')
    .action((options: { out?: string }) => {
      const app = new App({ outdir: options.out ?? context.variables.CDK8S_OUTDIR ?? 'dist', yamlOutputType: YamlOutputType.FILE_PER_CHART });
      for (const props of loadEnvironments(context.project)) new Environment(app, props);
      app.synth();
    });
}
