import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { ShipshapeError } from '../../errors';
import { KeyId, publicKeyFileOf, RsaEncryptionKey } from '../../secrets/encryption-key';
import { encryptionSdk } from '../../secrets/encryption-sdk';
import type { KeySource } from '../../secrets/key-source';
import type { EnvironmentVariables } from '../command-context';
import type { Project } from '../project';
import type { Terminal } from '../terminal';

/** The environment variable that names the folder of private key files. */
export const KEYS_FOLDER_VARIABLE = 'SHIPSHAPE_KEYS_DIR';

/**
 * The environment variable that holds one key's material itself (what CI secret stores
 * provide): `SHIPSHAPE_KEY_<ENVIRONMENT>_<NAME>`, upper case, "-" as "_".
 */
export function keyVariableName(environment: string, name: string): string {
  return `SHIPSHAPE_KEY_${environment}_${name}`.toUpperCase().replace(/-/g, '_');
}

/**
 * The folder of private key files: `$SHIPSHAPE_KEYS_DIR` (relative to the working directory), else
 * `~/.config/shipshape/keys`. Never the repository.
 */
export function keysFolder(variables: EnvironmentVariables, workingDirectory: string): string {
  // $HOME first, as os.homedir() itself does for the process's own variables.
  return resolve(workingDirectory, variables[KEYS_FOLDER_VARIABLE] || join(variables.HOME || homedir(), '.config', 'shipshape', 'keys'));
}

/** `<keys folder>/<environment>/<name>.aes` (base64) or `.pem` (RSA private key, PKCS#8). */
export function keyFilePath(folder: string, environment: string, type: 'aes' | 'rsa', name: string): string {
  return join(folder, environment, `${name}.${type === 'aes' ? 'aes' : 'pem'}`);
}

/** Whether a path lies inside a folder. */
export function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * The key material at hand for an environment, found the way the README describes: for a key
 * named `ci` of `production`, first `$SHIPSHAPE_KEY_PRODUCTION_CI` (the material itself), then the
 * file `$SHIPSHAPE_KEYS_DIR/production/ci.pem` (or `.aes`). Public RSA keys come from the
 * environment's folder, where they are committed. Nothing private is read from the repository
 * unless SHIPSHAPE_KEYS_DIR points into it (the demo keys), which is announced.
 */
export function keySourceFor(project: Project, environment: string, variables: EnvironmentVariables, terminal: Terminal): KeySource {
  const folder = keysFolder(variables, project.root);
  const found = new Map<string, { readonly material: string; readonly at: string } | undefined>();
  const lookUp = (type: 'aes' | 'rsa', name: string) => {
    const file = keyFilePath(folder, environment, type, name);
    if (!found.has(file)) {
      const variable = keyVariableName(environment, name);
      const inline = variables[variable];
      const fromFile = inline ? undefined : readKeyFile(file);
      found.set(file, inline ? { material: inline, at: `$${variable}` } : fromFile === undefined ? undefined : { material: fromFile, at: file });
    }
    return found.get(file);
  };
  const read = (type: 'aes' | 'rsa', name: string): string | undefined => lookUp(type, name)?.material;
  const readKeyFile = (file: string): string | undefined => {
    if (!existsSync(file)) return undefined;
    if (isInside(project.root, file)) terminal.err(`warning: using ${relative(project.root, file)} from inside the repository: demo keys only, never a real one`);
    else if ((statSync(file).mode & 0o077) !== 0) terminal.err(`warning: ${file} can be read by other users; run \`chmod 600 ${file}\``);
    return readFileSync(file, 'utf8');
  };
  let kmsClients: KeySource['kmsClients'] | undefined;
  return {
    aesKey: (name) => {
      const text = read('aes', name);
      return text === undefined ? undefined : new Uint8Array(Buffer.from(text.trim(), 'base64'));
    },
    rsaPrivateKey: (name) => read('rsa', name),
    rsaPublicKey: (key: RsaEncryptionKey) => {
      const file = join(project.environmentsFolder, environment, publicKeyFileOf(key));
      if (!existsSync(file)) {
        throw new ShipshapeError(
          { environment, field: 'encryptionKeys' },
          `the rsa key "${key.name}" has no public key at ${relative(project.root, file)}`,
          `commit the public key \`shipshape secrets keygen ${environment} ${key.name} --type rsa\` wrote there`,
        );
      }
      return readFileSync(file, 'utf8');
    },
    // The AWS SDK finds credentials itself (AWS_PROFILE, the CI role, ...); one client per region.
    kmsClients: (region) => (kmsClients ??= encryptionSdk().kms().cacheKmsClients)(region),
    whereToFind: (id: KeyId) => {
      const [type, ...rest] = id.split(':');
      const name = rest.join(':');
      if (type === 'aws-kms') return `AWS credentials allowed kms:Decrypt on ${name}`;
      if (type !== 'aes' && type !== 'rsa') return 'a key of this environment';
      return `$${keyVariableName(environment, name)} or ${keyFilePath(folder, environment, type, name)}`;
    },
    foundAt: (id: KeyId) => {
      const [type, ...rest] = id.split(':');
      const name = rest.join(':');
      if (type === 'aes' || type === 'rsa') return lookUp(type, name)?.at ?? 'nowhere';
      return `the AWS KMS key ${name}`;
    },
  };
}
