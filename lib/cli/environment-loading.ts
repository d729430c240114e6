import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { EnvironmentProps } from '../environment/environment';
import type { EnvironmentDefinition } from '../environment/environment-definition';
import { parseReleaseVersions, ReleaseVersions, VERSIONS_FILE } from '../environment/release-versions';
import { ShipshapeError } from '../errors';
import { definitionLoadError } from './definition-load-error';
import { ENVIRONMENT_ENTRY, environmentNames, Project } from './project';
import { keyIdOf, KeyId } from '../secrets/encryption-key';
import type { SecretEntry } from '../secrets/secrets-file';
import { checkStoredValues, readSecretCatalog } from './secrets/file-store';

/** How environments are loaded. */
export interface LoadOptions {
  /**
   * How each stored secret value is checked for what shows without a key: synth hands them to a worker thread
   * when it has one (`RenderPool.checkStoredValues`) and reports a problem before anything else. `shipshape secrets`
   * passes false: its commands report every problem themselves, and `set` must be able to replace a broken value.
   * @default checkStoredValues - here, at once, throwing the first problem
   */
  readonly checkStoredValues?: StoredValuesCheck | false;
}

/** Checks an environment's stored secret values for what shows without a key. */
export type StoredValuesCheck = (environment: string, values: readonly SecretEntry[], listedKeyIds: readonly KeyId[]) => void;

/**
 * Loads environment definitions and what synth needs from disk beside them.
 * @param only environment names to load; all when empty
 */
export function loadEnvironments(project: Project, only: readonly string[] = [], options: LoadOptions = {}): EnvironmentProps[] {
  const names = environmentNames(project);
  for (const name of only) {
    if (!names.includes(name)) {
      throw new ShipshapeError({ environment: name }, `there is no environments/${name}/${ENVIRONMENT_ENTRY}`, `choose one of ${names.join(', ')} or create that file`);
    }
  }
  const check = options.checkStoredValues ?? checkStoredValues;
  return names.filter((name) => only.length === 0 || only.includes(name)).map((name) => loadEnvironment(project, name, check));
}

function loadEnvironment(project: Project, name: string, checkValues: StoredValuesCheck | false): EnvironmentProps {
  const file = join(project.environmentsFolder, name, ENVIRONMENT_ENTRY);
  const shown = relative(project.root, file);
  let exported: { default?: EnvironmentDefinition };
  try {
    exported = require(file);
  } catch (error) {
    // A service file is loaded by the first environment that imports it, so its mistakes are reported there.
    if (error instanceof ShipshapeError) throw error.within({ environment: name });
    const placed = definitionLoadError(error, project.root, name);
    if (placed) throw placed;
    const message = error instanceof Error ? error.message : String(error);
    throw new ShipshapeError({ environment: name, field: shown }, `could not be loaded (${message.trim()})`, 'fix that file or the service files it imports');
  }
  const definition = exported.default;
  // The rest of its shape is the schema's to check (defineEnvironment's, or the Environment chart's).
  if (!definition || typeof definition !== 'object') {
    throw new ShipshapeError({ environment: name, field: shown }, 'has no default export of an environment', 'end the file with `export default defineEnvironment({ ... })`');
  }
  if (definition.name !== name) {
    throw new ShipshapeError({ environment: name, field: 'name' }, `is "${definition.name}" but the folder is environments/${name}`, `rename one so both read "${name}"`);
  }
  // Synth needs no key: the catalog holds the stored key names and a hash of the ciphertexts.
  const { catalog, values } = readSecretCatalog(project, name);
  if (checkValues) checkValues(name, values, (definition.encryptionKeys ?? []).map(keyIdOf));
  return { ...definition, releases: readReleaseVersions(project, name), secrets: catalog };
}

/** The released versions in `environments/<name>/versions.json`; none when the file does not exist. */
export function readReleaseVersions(project: Project, name: string): ReleaseVersions {
  const file = releaseVersionsFile(project, name);
  if (!existsSync(file)) return {};
  try {
    return parseReleaseVersions(readFileSync(file, 'utf8'), relative(project.root, file));
  } catch (error) {
    throw error instanceof ShipshapeError ? error.within({ environment: name }) : error;
  }
}

/** Where an environment's released versions are recorded. */
export function releaseVersionsFile(project: Project, name: string): string {
  return join(project.environmentsFolder, name, VERSIONS_FILE);
}
