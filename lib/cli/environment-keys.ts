import { createPublicKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ShipshapeError } from '../errors';
import { EncryptionKey, publicKeyFileOf } from '../secrets/encryption-key';
import type { CommandContext } from './command-context';
import type { FileWrite } from './scaffold/file-set';
import { isInside, KEYS_FOLDER_VARIABLE, keyFilePath, keysFolder } from './secrets/key-files';
import { keygen } from './secrets/keygen-command';

/** What making the environment's keys takes: public keys to write with the definition, keys to create after it, lines to print. */
export interface KeyPlan {
  /** RSA public keys to write with the definition (of private keys already in the keys folder). */
  readonly publicKeys: FileWrite[];
  /** What makes each new key, to run once the definition is written (`secrets keygen` checks that it exists). */
  readonly create: (() => void)[];
  /** A line per key: made, kept, or an AWS KMS key to let the new environment use. */
  readonly report: string[];
}

/**
 * The keys a new environment's secrets are encrypted for, one per AES or RSA key it lists: a new one, or the one
 * already in the keys folder (left by an environment of this name that was removed), whose values could otherwise
 * not be read again. AWS KMS keys are kept as they are listed. Refuses a keys folder inside the repository before
 * anything is written; the caller writes the public keys with the definition, then creates the rest.
 */
export function planEnvironmentKeys(context: CommandContext, environment: string, keys: readonly EncryptionKey[]): KeyPlan {
  const { project } = context;
  const folder = keysFolder(context.variables, project.root);
  const plan: KeyPlan = { publicKeys: [], create: [], report: [] };
  const local = keys.filter((key) => key.type !== 'aws-kms');
  if (local.length > 0 && isInside(project.root, folder)) {
    throw new ShipshapeError({ environment, field: 'encryptionKeys' }, `the keys folder ${folder} is inside the repository, where a private key would be committed`, `set ${KEYS_FOLDER_VARIABLE} to a folder outside ${project.root}, or unset it`);
  }
  const quiet = { ...context, terminal: { out: () => undefined, err: () => undefined } };
  for (const key of keys) {
    if (key.type === 'aws-kms') {
      plan.report.push(`kept the AWS KMS key ${key.keyArn}: let it encrypt and decrypt for shipshape:environment ${environment} too`);
      continue;
    }
    const file = keyFilePath(folder, environment, key.type, key.name);
    if (existsSync(file)) {
      if (key.type === 'rsa') {
        const publicKey = createPublicKey(readFileSync(file, 'utf8')).export({ type: 'spki', format: 'pem' }).toString();
        plan.publicKeys.push({ path: join(project.environmentsFolder, environment, publicKeyFileOf(key)), content: publicKey });
      }
      plan.report.push(`kept the ${key.type} key "${key.name}" of ${environment} that was already at ${file}`);
      continue;
    }
    plan.create.push(() => keygen(quiet, environment, key.name, { type: key.type }));
    plan.report.push(`made the ${key.type} key "${key.name}" of ${environment} at ${file} (mode 0600; never commit it)`);
  }
  return plan;
}
