import { Command } from 'commander';
import { existsSync, readdirSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { ShipshapeError } from '../errors';
import { Image } from '../microservice/image';
import { serviceNameProblem } from '../validation/names';
import type { CommandContext } from './command-context';
import { initPlatformCommand } from './init-platform-command';
import type { Project } from './project';
import { writeFileSet } from './scaffold/file-set';
import { dependencySpec, ownPackage } from './scaffold/own-package';
import { serviceRepoFiles } from './scaffold/service-repo-template';
import { serviceIdentifier } from './scaffold/source-edits';
import type { Terminal } from './terminal';

/** Options of `shipshape init service-repo`. */
export interface InitServiceRepoOptions {
  /** The service name; the folder name when not given. */
  readonly service?: string;
  /** How the repository's package.json asks for shipshape; `^<this version>` when not given. */
  readonly shipshape?: string;
  /** The image to pin; `ghcr.io/example/<name>:0.1.0` when not given. */
  readonly image?: string;
}

/** `shipshape init platform <dir>` and `shipshape init service-repo <dir>`. */
export function initCommand(context: CommandContext): Command {
  const serviceRepo = new Command('service-repo')
    .description('create a standalone repository for one service: its definition, a snapshot test with shipshape/testing, and a README')
    .argument('<dir>', 'the folder to create (must not exist, or be empty)')
    .option('--service <name>', 'the service name (default: the folder name)')
    .option('--shipshape <spec>', 'how package.json asks for shipshape: a version range, or a path to a packed tarball (default: ^<this version>)')
    .option('--image <reference>', 'the image to pin (default: ghcr.io/example/<name>:0.1.0)')
    .action((dir: string, options: InitServiceRepoOptions) => initServiceRepo(context.project, dir, options, context.terminal));
  return new Command('init').description('create a repository from a template: a platform, or a service of its own').addCommand(initPlatformCommand(context)).addCommand(serviceRepo);
}

/** Writes a service repository into `dir`, as one change: a refusal writes nothing. */
export function initServiceRepo(project: Project, dir: string, options: InitServiceRepoOptions, terminal: Terminal): void {
  const folder = resolve(project.root, dir);
  const name = options.service ?? basename(folder);
  const problem = serviceNameProblem(name);
  if (problem) {
    const fix = options.service === undefined ? 'name the folder like a service, e.g. "billing", or pass --service <name>' : 'use a short lowercase name such as "billing" or "billing-worker"';
    throw new ShipshapeError({ service: name, field: options.service === undefined ? '<dir>' : '--service' }, `the service name ${problem}`, fix);
  }
  if (existsSync(folder) && readdirSync(folder).length > 0) {
    throw new ShipshapeError({ service: name, field: '<dir>' }, `${dir} already exists and is not empty`, 'choose a new folder');
  }
  const image = options.image ?? `ghcr.io/example/${name}:0.1.0`;
  try {
    Image.of(image, '--image');
  } catch (error) {
    throw error instanceof ShipshapeError ? error.within({ service: name }) : error;
  }
  const own = ownPackage();
  const files = serviceRepoFiles({
    name,
    identifier: serviceIdentifier(name),
    image,
    shipshapeSpec: dependencySpec(options.shipshape ?? `^${own.version}`, project.root),
    shipshapeRange: `^${own.version}`,
    // @swc/core is a runtime dependency of shipshape (it loads the TypeScript definitions); the rest are dev tools.
    toolVersions: { ...own.dependencies, ...own.devDependencies },
  });
  writeFileSet([...files].map(([path, content]) => ({ path: join(folder, path), content })));
  const shown = relative(project.root, folder) || '.';
  for (const path of files.keys()) terminal.out(`created ${shown}/${path}`);
  terminal.out(`next: cd ${shown} && npm install && npm test`);
}
