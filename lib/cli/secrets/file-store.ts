import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ShipshapeError } from '../../errors';
import type { KeyId } from '../../secrets/encryption-key';
import { firstStoredValueProblem } from '../../secrets/stored-value-check';
import { SecretCatalog, secretCatalogOf } from '../../secrets/secret-catalog';
import { SECRETS_FILE, SecretEntry, SecretsFile } from '../../secrets/secrets-file';
import { mergeSecretsFiles } from '../../secrets/secrets-merge';
import { writeFileAtomically } from '../atomic-write';
import { withFileLock } from '../file-lock';
import type { Project } from '../project';

/** `<root>/environments/<env>/secrets.json`. */
export function secretsFilePath(project: Project, environment: string): string {
  return join(project.environmentsFolder, environment, SECRETS_FILE);
}

/** The path as messages show it, e.g. `environments/staging/secrets.json`. */
export function shownSecretsPath(project: Project, environment: string): string {
  return relative(project.root, secretsFilePath(project, environment));
}

/** Reads an environment's secrets file; an environment without one has no values yet. */
export function readSecretsFile(project: Project, environment: string): SecretsFile {
  const path = secretsFilePath(project, environment);
  if (!existsSync(path)) return SecretsFile.empty(environment);
  return SecretsFile.parse(readFileSync(path, 'utf8'), environment, shownSecretsPath(project, environment));
}

/**
 * What synth knows of an environment's secrets, read without any key, and the values themselves, for
 * `checkStoredValues` to check what shows of them without a key.
 */
export function readSecretCatalog(project: Project, environment: string): { readonly catalog: SecretCatalog; readonly values: readonly SecretEntry[] } {
  const file = readSecretsFile(project, environment);
  return { catalog: secretCatalogOf(file, shownSecretsPath(project, environment)), values: file.entries() };
}

/**
 * Checks an environment's stored values for what shows without a key (`checkStoredValue`), so a value
 * altered in the file fails synth and `check` as it fails `secrets verify`.
 * @throws the first problem
 */
export function checkStoredValues(environment: string, values: readonly SecretEntry[], listedKeyIds: readonly KeyId[]): void {
  const problem = firstStoredValueProblem(values, { environment, listedKeyIds });
  if (problem) throw problem;
}

/**
 * Writes a command's changes to the secrets file atomically, holding its lock (`.secrets.json.lock`),
 * so commands that write at the same time take turns. Under the lock the file is read again, and
 * when it changed since the command read it (another `set`, a `git pull` during `edit`), only the
 * command's own changes are applied on top of what is there now; a key changed on both sides stops
 * the write, so nobody's change is lost.
 *
 * @param read the file as the command read it
 * @param updated the file with the command's changes
 */
export function writeSecretsFile(project: Project, read: SecretsFile, updated: SecretsFile): void {
  const path = secretsFilePath(project, updated.environment);
  const location = { environment: updated.environment, field: shownSecretsPath(project, updated.environment) };
  withFileLock(path, location, (lock) => {
    const current = readSecretsFile(project, updated.environment);
    const { merged, conflicts } = mergeSecretsFiles(read, updated, current);
    if (conflicts.length > 0) {
      throw new ShipshapeError(location, `changed on disk while the command ran, and ${conflicts.map((c) => `${c.service}/${c.key}`).join(', ')} changed on both sides; nothing was written`, 'run the command again');
    }
    lock.confirm();
    writeFileAtomically(path, merged.render());
  });
}
