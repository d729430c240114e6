import { Command } from 'commander';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { App } from 'cdk8s';
import { Environment } from '../../environment/environment';
import { ShipshapeError } from '../../errors';
import { dnsLabelProblem } from '../../validation/names';
import { renderSecretManifests, SecretValues } from '../../secrets/secret-manifests';
import type { CommandContext } from '../command-context';
import { SecretsEnvironment } from './environment';
import { writeFileAtomically } from '../atomic-write';
import { isInside } from './key-files';

/** Options of `shipshape secrets render`. */
export interface RenderOptions {
  /** Write `<out>/<environment>/secrets.yaml` instead of printing; must be outside manifests/ and ignored by git. */
  readonly out?: string;
  /** Put the Secrets in this namespace instead of the environment's, e.g. a branch preview copied from it. */
  readonly namespace?: string;
}

/** `shipshape secrets render <environment>`. */
export function secretsRenderCommand(context: CommandContext): Command {
  return new Command('render')
    .description('decrypt and print the Kubernetes Secrets of an environment, for `kubectl apply -f -` (or --out a git-ignored folder such as .shipshape/)')
    .argument('<environment>')
    .option('-o, --out <folder>', 'write <folder>/<environment>/secrets.yaml (mode 0600) instead of printing')
    .option('-n, --namespace <name>', "put the Secrets in this namespace instead of the environment's (e.g. `shipshape preview name <branch>`)")
    .action((environment: string, options: RenderOptions) => render(context, environment, options));
}

/** Renders the `<service>-secrets` Secrets that the committed Deployments reference. */
export async function render(context: CommandContext, environment: string, options: RenderOptions): Promise<void> {
  const { project, terminal } = context;
  const secrets = new SecretsEnvironment(context, environment);
  const target = options.out === undefined ? undefined : join(resolve(project.root, options.out), environment, 'secrets.yaml');
  if (target) refuseCommittedFolder(context, environment, target);
  const namespaceProblem = options.namespace === undefined ? undefined : dnsLabelProblem(options.namespace);
  if (namespaceProblem) throw new ShipshapeError({ environment, field: '--namespace' }, `the namespace ${namespaceProblem}`, 'pass a namespace name such as the one `shipshape preview name <branch>` prints');
  // Synth first: it fails on a required key with no value, and gives the names, namespace and labels.
  const chart = new Environment(new App(), secrets.definition);
  const declared = secrets.definition.services.flatMap((service) => (service.secrets ?? []).map((key) => secrets.entry(service.name, key)));
  const cipher = secrets.cipher();
  secrets.warnAboutDemoKeysForDecryption(cipher);
  const plaintexts = await cipher.decryptAll(declared);
  const values = new Map<string, Record<string, string>>();
  declared.forEach((entry, index) => values.set(entry.service, { ...values.get(entry.service), [entry.key]: plaintexts[index] }));
  const yaml = renderSecretManifests(chart, secrets.definition.services, secrets.definition.secrets!, (service): SecretValues => values.get(service) ?? {}, options.namespace);
  if (!target) {
    terminal.out(yaml.trimEnd());
    return;
  }
  mkdirSync(join(target, '..'), { recursive: true, mode: 0o700 });
  writeFileAtomically(target, yaml, 0o600);
  terminal.err(`wrote ${values.size} Secret${values.size === 1 ? '' : 's'} to ${relative(project.root, target)} (mode 0600); apply with \`kubectl apply -f ${relative(project.root, target)}\` and delete it afterwards`);
}

/** Plaintext must never land where it would be committed: not in manifests/, not in a folder git tracks. */
function refuseCommittedFolder(context: CommandContext, environment: string, target: string): void {
  const { project } = context;
  const location = { environment, field: '--out' };
  if (isInside(project.manifestsFolder, target)) {
    throw new ShipshapeError(location, `${relative(project.root, target)} is inside manifests/, which is committed; rendered Secrets hold plaintext`, 'print to stdout for `kubectl apply -f -`, or use --out .shipshape');
  }
  if (!isInside(project.root, target)) return;
  const shown = relative(project.root, target);
  const ignored = spawnSync('git', ['check-ignore', '-q', '--no-index', shown], { cwd: project.root, env: context.variables });
  // 0: ignored; 1: not ignored; otherwise git cannot tell (no repository), and only .shipshape/ is trusted.
  const safe = ignored.status === 0 || (ignored.status !== 1 && shown.split(/[\\/]/)[0] === '.shipshape');
  if (!safe) {
    throw new ShipshapeError(location, `${relative(project.root, target)} is not ignored by git, so the plaintext Secrets could be committed`, 'use --out .shipshape (ignored), or a folder outside the repository');
  }
}
