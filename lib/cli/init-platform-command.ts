import { Command } from 'commander';
import { existsSync, readdirSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { ShipshapeError } from '../errors';
import { EncryptionKey } from '../secrets/encryption-key';
import { SecretsFile } from '../secrets/secrets-file';
import { hostProblem } from '../validation/names';
import type { CommandContext } from './command-context';
import { KeyPlan, planEnvironmentKeys } from './environment-keys';
import { projectAt } from './project';
import { writeFileSet } from './scaffold/file-set';
import { dependencySpec, ownPackage } from './scaffold/own-package';
import { platformFiles } from './scaffold/platform-template';
import { secretsFilePath } from './secrets/file-store';

/** Options of `shipshape init platform`. */
export interface InitPlatformOptions {
  /** How the repository's package.json asks for shipshape; `^<this version>` when not given. */
  readonly shipshape?: string;
  /** Production's domain; staging's is `staging.<domain>`. */
  readonly domain: string;
}

/** `shipshape init platform <dir>`. */
export function initPlatformCommand(context: CommandContext): Command {
  return new Command('platform')
    .description('create a platform repository that installs shipshape: staging and production with keys of their own (outside the repository), tests, CI pipelines and a README')
    .argument('<dir>', 'the folder to create (must not exist, or be empty)')
    .option('--domain <domain>', "production's domain; staging's is staging.<domain>", 'example.com')
    .option('--shipshape <spec>', 'how package.json asks for shipshape: a version range, or a path to a packed tarball (default: ^<this version>)')
    .action((dir: string, options: InitPlatformOptions) => initPlatform(context, dir, options));
}

/** Writes a platform repository into `dir` as one change, then makes its environments' keys; a refusal writes nothing. */
export function initPlatform(context: CommandContext, dir: string, options: InitPlatformOptions): void {
  const { terminal } = context;
  const folder = resolve(context.project.root, dir);
  const name = basename(folder);
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(name) || name.length > 214) {
    throw new ShipshapeError({ field: '<dir>' }, `"${name}" is not an npm package name (lowercase letters, digits, ".", "_" and "-")`, 'name the folder like a package, e.g. "platform"');
  }
  if (existsSync(folder) && readdirSync(folder).length > 0) throw new ShipshapeError({ field: '<dir>' }, `${dir} already exists and is not empty`, 'choose a new folder');
  const problem = hostProblem(options.domain);
  if (problem) throw new ShipshapeError({ field: '--domain' }, `the domain ${problem}`, 'pass a domain such as example.com');

  const environments = [
    { name: 'staging', domain: `staging.${options.domain}`, purpose: 'every merge to main is applied here first' },
    { name: 'production', domain: options.domain, purpose: 'applied from main once staging is' },
  ];
  const own = ownPackage();
  const files = platformFiles({
    name,
    environments,
    shipshapeSpec: dependencySpec(options.shipshape ?? `^${own.version}`, context.project.root),
    node: own.engines.node,
    versions: { ...own.dependencies, ...own.devDependencies },
  });
  // The keys belong to the new repository: its environments, and a keys folder outside it.
  const platform = { ...context, project: projectAt(folder) };
  for (const environment of environments) files.set(relative(folder, secretsFilePath(platform.project, environment.name)), SecretsFile.empty(environment.name).render());
  const keys: KeyPlan[] = environments.map((environment) => planEnvironmentKeys(platform, environment.name, [EncryptionKey.aes('team')]));

  writeFileSet([...files].map(([path, content]) => ({ path: join(folder, path), content })));
  const shown = relative(context.project.root, folder) || '.';
  for (const path of files.keys()) terminal.out(`created ${shown}/${path}`);
  for (const plan of keys) {
    for (const create of plan.create) create();
    for (const line of plan.report) terminal.out(line);
  }
  terminal.out(`next: cd ${shown} && npm install && npm run synth && npm test, then commit everything, package-lock.json and manifests/ too`);
}
