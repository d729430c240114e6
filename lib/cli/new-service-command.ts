import { Command } from 'commander';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ShipshapeError } from '../errors';
import { Image } from '../microservice/image';
import { serviceNameProblem } from '../validation/names';
import type { CommandContext } from './command-context';
import { ENVIRONMENT_ENTRY, environmentNames, platformTestsFolder, Project } from './project';
import { FileWrite, writeFileSet } from './scaffold/file-set';
import { serviceSource, ServiceTemplate, serviceTestSource } from './scaffold/service-template';
import { addServiceExport, addServiceToEnvironment, importSpecifier, libraryModule, serviceIdentifier } from './scaffold/source-edits';
import { synth } from './synth-command';
import type { Terminal } from './terminal';

/** Options of `shipshape new service`. */
export interface NewServiceOptions {
  /** The environments that run the new service; every environment when empty. */
  readonly env: readonly string[];
  /** The image to pin; `<registry of the other services>/<name>:0.1.0` when not given. */
  readonly image?: string;
}

/** `shipshape new service <name>`. */
export function newServiceCommand(context: CommandContext): Command {
  return new Command('service')
    .description('add services/<name>.ts with the recommended defaults, run it in environments, and add its snapshot test')
    .argument('<name>', 'the service name: lowercase letters, digits and "-", e.g. billing-worker')
    .option('-e, --env <names>', 'only these environments, comma-separated (default: every environment)', (value: string, previous: string[]) => [...previous, ...value.split(',')], [])
    .option('--image <reference>', 'the image to pin (default: <registry of the other services>/<name>:0.1.0)')
    .action((name: string, options: NewServiceOptions) => newService(context.project, name, options, context.terminal));
}

/**
 * Writes `services/<name>.ts` and its test, `services/<name>.test.ts` in the platform's tests folder, adds the service to `services/index.ts`
 * and to each chosen environment, then synthesizes those environments. Every check happens before the
 * first write, and the files are written as one change: a refusal writes nothing.
 */
export async function newService(project: Project, name: string, options: NewServiceOptions, terminal: Terminal): Promise<void> {
  const problem = serviceNameProblem(name);
  if (problem) throw new ShipshapeError({ service: name, field: 'name' }, `the service name ${problem}`, 'use a short lowercase name such as "billing" or "billing-worker"');
  const servicesFolder = join(project.root, 'services');
  if (!existsSync(servicesFolder)) {
    throw new ShipshapeError({ service: name, field: 'services/' }, `there is no services folder in ${project.root}`, 'run shipshape from the root of a platform repository');
  }
  const shown = (path: string) => relative(project.root, path).split('\\').join('/');
  const serviceFile = join(servicesFolder, `${name}.ts`);
  const testFolder = join(platformTestsFolder(project), 'services');
  const testFile = join(testFolder, `${name}.test.ts`);
  for (const file of [serviceFile, testFile]) {
    if (existsSync(file)) throw new ShipshapeError({ service: name }, `${shown(file)} already exists`, 'choose another name, or edit that file');
  }
  const environments = chosenEnvironments(project, name, options.env);
  const identifier = serviceIdentifier(name);

  const edits: FileWrite[] = [];
  const indexFile = join(servicesFolder, 'index.ts');
  if (existsSync(indexFile)) edits.push({ path: indexFile, content: addServiceExport(readFileSync(indexFile, 'utf8'), identifier, name, shown(indexFile)) });
  for (const environment of environments) {
    const path = join(project.environmentsFolder, environment, ENVIRONMENT_ENTRY);
    const file = { environment, path, shown: shown(path), servicesFolder };
    edits.push({ path, content: addServiceToEnvironment(readFileSync(path, 'utf8'), identifier, name, file) });
  }

  const sources = definitionFiles(project, servicesFolder);
  const library = sources.map(([path, source]) => libraryModule(source, path)).find((found) => found !== undefined) ?? 'shipshape';
  const template: ServiceTemplate = { name, identifier, image: options.image ?? defaultImage(name, sources) };
  try {
    Image.of(template.image, '--image');
  } catch (error) {
    throw error instanceof ShipshapeError ? error.within({ service: name }) : error;
  }
  const created: FileWrite[] = [
    { path: serviceFile, content: serviceSource(template, importSpecifier(servicesFolder, library)) },
    { path: testFile, content: serviceTestSource(template, importSpecifier(testFolder, library, 'testing'), importSpecifier(testFolder, join(servicesFolder, name))) },
  ];
  writeFileSet([...created, ...edits]);
  for (const write of created) terminal.out(`created ${shown(write.path)}`);
  for (const write of edits) terminal.out(`edited  ${shown(write.path)}`);

  if (environments.length > 0) await synth(project, { env: environments }, terminal);
  terminal.out(`next: set ${shown(serviceFile)}'s image to the release you build, run \`npm test\` to record its snapshots, and commit`);
}

function chosenEnvironments(project: Project, service: string, requested: readonly string[]): string[] {
  const names = environmentNames(project);
  const chosen = [...new Set(requested.map((name) => name.trim()).filter((name) => name.length > 0))];
  for (const name of chosen) {
    if (!names.includes(name)) {
      throw new ShipshapeError({ environment: name, service, field: '--env' }, `there is no environments/${name}/${ENVIRONMENT_ENTRY}`, `choose from ${names.join(', ')}`);
    }
  }
  return requested.length > 0 ? chosen : names;
}

/** The existing service and environment files, for how they import shipshape and which registry they use. */
function definitionFiles(project: Project, servicesFolder: string): [string, string][] {
  const services = readdirSync(servicesFolder).filter((file) => file.endsWith('.ts') && file !== 'index.ts').sort().map((file) => join(servicesFolder, file));
  const environments = environmentNames(project).map((name) => join(project.environmentsFolder, name, ENVIRONMENT_ENTRY));
  return [...services, ...environments].map((path) => [path, readFileSync(path, 'utf8')]);
}

/** `<registry/organisation of the first other service>/<name>:0.1.0`, so the guess is at least in the right place. */
function defaultImage(name: string, sources: readonly [string, string][]): string {
  for (const [, source] of sources) {
    const image = /\bimage\s*:\s*['"]([^'"]+)['"]/.exec(source)?.[1];
    if (!image) continue;
    const withoutDigest = image.split('@')[0];
    const lastSlash = withoutDigest.lastIndexOf('/');
    if (lastSlash > 0) return `${withoutDigest.slice(0, lastSlash)}/${name}:0.1.0`;
  }
  return `ghcr.io/example/${name}:0.1.0`;
}
