import { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { EnvironmentProps } from '../environment/environment';
import { missingSecrets } from '../environment/missing-secrets';
import { VERSIONS_FILE } from '../environment/release-versions';
import { ShipshapeError } from '../errors';
import { EncryptionKey } from '../secrets/encryption-key';
import { SecretsFile } from '../secrets/secrets-file';
import { GITOPS_FOLDER } from '../synth/gitops-manifests';
import { dnsLabelProblem, hostProblem } from '../validation/names';
import type { CommandContext } from './command-context';
import { planEnvironmentKeys } from './environment-keys';
import { loadEnvironments } from './environment-loading';
import { ENVIRONMENT_ENTRY, environmentNames, Project } from './project';
import { copiedEnvironmentSource } from './scaffold/environment-copy';
import { environmentSource } from './scaffold/environment-template';
import { FileWrite, writeFileSet } from './scaffold/file-set';
import { exportedServices, importSpecifier, libraryModule } from './scaffold/source-edits';
import { secretsFilePath } from './secrets/file-store';
import { synth } from './synth-command';

/** Options of `shipshape new environment`. */
export interface NewEnvironmentOptions {
  /** The environment whose definition (and released versions) to copy; shipshape's template when not given. */
  readonly from?: string;
  /** The domain of the new environment's hosts; from the copied environment's when not given, required otherwise. */
  readonly domain?: string;
}

/** `shipshape new environment <name>`. */
export function newEnvironmentCommand(context: CommandContext): Command {
  return new Command('environment')
    .description("add environments/<name>/ with its own keys (outside the repository) and secrets file, say which secrets it needs, and synthesize it")
    .argument('<name>', 'the environment name: its namespace and manifests/<name>/, e.g. qa')
    .option('--from <environment>', "copy this environment's definition and released versions (default: a definition that runs every service)")
    .option('--domain <domain>', "the domain its hosts go under (default with --from: the copied one's, with its first label renamed or the name put in front)")
    .action((name: string, options: NewEnvironmentOptions) => newEnvironment(context, name, options));
}

/**
 * Writes `environments/<name>/environment.ts` (a copy of another environment's, or from the template), an empty
 * `secrets.json` and the copied `versions.json` as one change; makes the keys its secrets are encrypted for,
 * outside the repository; then synthesizes every environment, or, when its services declare secrets, names them
 * all with the one command that stores them. Every check happens before the first write.
 */
export async function newEnvironment(context: CommandContext, name: string, options: NewEnvironmentOptions): Promise<void> {
  const { project, terminal } = context;
  const problem = dnsLabelProblem(name);
  if (problem) throw new ShipshapeError({ environment: name, field: 'name' }, `the environment name ${problem}`, 'use a short lowercase name such as "qa"');
  if (name === GITOPS_FOLDER) throw new ShipshapeError({ environment: name, field: 'name' }, `"${name}" is the folder manifests/${GITOPS_FOLDER}/ of the GitOps objects`, 'give the environment another name');
  const existing = environmentNames(project);
  const folder = join(project.environmentsFolder, name);
  if (existsSync(folder)) throw new ShipshapeError({ environment: name }, `environments/${name}/ already exists`, 'choose another name, or edit that environment');

  const source = options.from === undefined ? undefined : copiedEnvironment(project, options.from, existing);
  const domain = options.domain ?? (source ? derivedDomain(source.definition, name) : undefined);
  if (domain === undefined) {
    throw new ShipshapeError({ environment: name, field: '--domain' }, 'is needed for an environment made from the template', `pass the domain its hosts go under, e.g. --domain ${name}.example.com, or copy an environment with --from ${existing[0] ?? '<environment>'}`);
  }
  const domainProblem = hostProblem(domain);
  if (domainProblem) throw new ShipshapeError({ environment: name, field: '--domain' }, `the domain ${domainProblem}`, 'pass a domain such as qa.example.com');

  const shown = `environments/${name}/${ENVIRONMENT_ENTRY}`;
  const definitionSource = source
    ? copiedEnvironmentSource(source.text, { from: source.definition.name, fromDomain: source.definition.domain, name, domain }, `environments/${source.definition.name}/${ENVIRONMENT_ENTRY}`)
    : templateSource(project, name, domain);
  const keys = source ? source.definition.encryptionKeys ?? [] : [EncryptionKey.aes('team')];
  const keyPlan = planEnvironmentKeys(context, name, keys);

  const writes: FileWrite[] = [
    { path: join(folder, ENVIRONMENT_ENTRY), content: definitionSource },
    { path: secretsFilePath(project, name), content: SecretsFile.empty(name).render() },
    ...keyPlan.publicKeys,
  ];
  const versions = source && join(project.environmentsFolder, source.definition.name, VERSIONS_FILE);
  if (versions && existsSync(versions)) writes.push({ path: join(folder, VERSIONS_FILE), content: readFileSync(versions, 'utf8') });
  writeFileSet(writes);
  for (const write of writes) terminal.out(`created ${relative(project.root, write.path)}`);
  for (const create of keyPlan.create) create();
  for (const line of keyPlan.report) terminal.out(line);

  const [definition] = loadEnvironments(project, [name]);
  const missing = missingSecrets(definition.services, definition.secrets!);
  if (missing.length === 0) {
    await synth(project, { env: [] }, terminal);
    terminal.out(`next: review ${shown} and commit environments/${name}/ with manifests/`);
    return;
  }
  terminal.out(`${name} needs ${missing.length === 1 ? 'a secret value' : `${missing.length} secret values`} before it synthesizes: ${missing.map(({ service, key }) => `${service} ${key}`).join(', ')}`);
  terminal.out(`next: store ${missing.length === 1 ? 'it' : 'them all'} with \`shipshape secrets set-all ${name}\` (one \`SERVICE KEY=value\` line each on stdin, or typed at hidden prompts), which then synthesizes; review ${shown} and commit environments/${name}/ with manifests/`);
}

/** The environment to copy: its definition as synth loads it, and its file's text. */
function copiedEnvironment(project: Project, from: string, existing: readonly string[]): { definition: EnvironmentProps; text: string } {
  if (!existing.includes(from)) {
    throw new ShipshapeError({ environment: from, field: '--from' }, `there is no environments/${from}/${ENVIRONMENT_ENTRY}`, `choose one of ${existing.join(', ')}`);
  }
  const [definition] = loadEnvironments(project, [from]);
  return { definition, text: readFileSync(join(project.environmentsFolder, from, ENVIRONMENT_ENTRY), 'utf8') };
}

/** `staging.flowline.dev` → `qa.flowline.dev` (the environment's own label renamed); `flowline.io` → `qa.flowline.io`. */
function derivedDomain(from: EnvironmentProps, name: string): string {
  const [first, ...rest] = from.domain.split('.');
  return first === from.name && rest.length > 0 ? [name, ...rest].join('.') : `${name}.${from.domain}`;
}

/** A definition that runs every service `services/index.ts` exports, importing shipshape as the other definitions do. */
function templateSource(project: Project, name: string, domain: string): string {
  const folder = join(project.environmentsFolder, name);
  const servicesFolder = join(project.root, 'services');
  const index = join(servicesFolder, 'index.ts');
  const services = existsSync(index) ? exportedServices(readFileSync(index, 'utf8')) : [];
  const definitions = environmentNames(project).map((environment) => join(project.environmentsFolder, environment, ENVIRONMENT_ENTRY));
  const library = definitions.map((path) => libraryModule(readFileSync(path, 'utf8'), path)).find((found) => found !== undefined) ?? 'shipshape';
  return environmentSource({ name, domain, services, library: importSpecifier(folder, library), servicesModule: importSpecifier(folder, servicesFolder) });
}
