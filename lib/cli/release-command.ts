import { Command } from 'commander';
import { relative } from 'node:path';
import { formatRelease, formatReleaseVersions, parseRelease, withRelease } from '../environment/release-versions';
import { ShipshapeError } from '../errors';
import { Image } from '../microservice/image';
import { resolveServiceSpec } from '../microservice/service-definition';
import { writeFileAtomically } from './atomic-write';
import { writeManifestFolder } from '../synth/manifest-folder';
import { synthesizeEnvironments } from '../synth/synthesize';
import type { CommandContext } from './command-context';
import { loadEnvironments, readReleaseVersions, releaseVersionsFile } from './environment-loading';
import { withFileLock } from './file-lock';
import type { Project } from './project';
import type { Terminal } from './terminal';

/** Options of `shipshape release`. */
export interface ReleaseOptions {
  /** The service to release. */
  readonly service: string;
  /** A tag, a digest, `tag@digest`, or a full image of the service's repository. */
  readonly reference: string;
  /** The environment to release to. */
  readonly env: string;
}

/** `shipshape release <service> <tag|digest> --env <env>`. */
export function releaseCommand(context: CommandContext): Command {
  return new Command('release')
    .description('record a released image version in environments/<env>/versions.json and re-synthesize that environment')
    .argument('<service>', 'the service to release, e.g. api')
    .argument('<reference>', 'a tag (2.15.0), a digest (sha256:…), tag@digest, or the full image reference')
    .requiredOption('-e, --env <name>', 'the environment to release to')
    .action((service: string, reference: string, options: { env: string }) => release(context.project, { service, reference, env: options.env }, context.terminal));
}

/**
 * Validates the reference, synthesizes the environment with it in memory, and only then
 * replaces versions.json (temp file + rename) and the environment's manifests folder. All of it
 * holds the lock of versions.json, reading the file again under it: releases started together
 * take turns, and each keeps the others' pins.
 */
export function release(project: Project, options: ReleaseOptions, terminal: Terminal): void {
  const { service, env } = options;
  const [environment] = loadEnvironments(project, [env]);
  const definition = environment.services.find((candidate) => candidate.name === service);
  if (!definition) {
    throw new ShipshapeError(
      { environment: env, service, field: 'service' },
      `does not run in this environment (services: ${environment.services.map((s) => s.name).join(', ')})`,
      `release one of those, or add ${service} to environments/${env}/environment.ts first`,
    );
  }
  const placed = <T>(step: () => T): T => {
    try {
      return step();
    } catch (error) {
      throw error instanceof ShipshapeError ? error.within({ environment: env, service }) : error;
    }
  };
  const file = releaseVersionsFile(project, env);
  const shownFile = relative(project.root, file);
  withFileLock(file, { environment: env, field: shownFile }, (lock) => {
    const releases = readReleaseVersions(project, env);
    const before = placed(() => Image.of(withRelease(resolveServiceSpec(definition, environment.defaults, environment.overrides?.[service]), service, releases[service]).image));
    const version = formatRelease(placed(() => parseRelease(options.reference, before.repository, 'release')));
    if (releases[service] === version) {
      terminal.out(`${env}: ${service} is already released at ${version} in ${shownFile}; nothing changed`);
      return;
    }
    const updated = { ...releases, [service]: version };
    const [manifests] = synthesizeEnvironments([{ ...environment, releases: updated }]);
    lock.confirm();
    writeFileAtomically(file, formatReleaseVersions(updated));
    writeManifestFolder(project.manifestsFolder, [manifests], false);

    const after = before.withRelease(placed(() => parseRelease(version, before.repository, 'release')), 'release');
    const shownManifests = `${relative(project.root, project.manifestsFolder)}/${env}`;
    terminal.out(`${env}: ${service} ${before.version} → ${after.version} (${after.reference})`);
    terminal.out(`updated ${shownFile} and ${shownManifests}/`);
    terminal.out(`commit it on its own, so a rollback is one revert: git commit -m "release ${service} ${after.version} to ${env}" -- ${shownFile} ${shownManifests}`);
  });
}
