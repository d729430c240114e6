import { ShipshapeError } from '../errors';
import { MAX_ENCRYPTED_DATA_KEYS } from './encryption-sdk';

/**
 * An AWS KMS key. Whoever may call `kms:GenerateDataKey`/`kms:Encrypt` on it can write values,
 * whoever may call `kms:Decrypt` can read them; IAM decides, per role.
 */
export interface AwsKmsEncryptionKey {
  /** Which kind of key this is. */
  readonly type: 'aws-kms';
  /** The full key ARN (`arn:aws:kms:<region>:<account>:key/<id>`); an alias cannot be matched when decrypting. */
  readonly keyArn: string;
}

/**
 * An RSA key pair whose public half is committed beside the environment: anyone with the
 * repository can encrypt a value for it, only the holder of the private half can read one.
 */
export interface RsaEncryptionKey {
  /** Which kind of key this is. */
  readonly type: 'rsa';
  /** The key's name within the environment, e.g. `ci` or `break-glass`. */
  readonly name: string;
  /**
   * The public key (PEM, SPKI), relative to `environments/<env>/`.
   * @default `keys/<name>.pub.pem`
   */
  readonly publicKeyFile?: string;
}

/** A 256-bit AES key in a file outside the repository (`shipshape secrets keygen`): whoever holds it reads and writes. */
export interface AesEncryptionKey {
  /** Which kind of key this is. */
  readonly type: 'aes';
  /** The key's name within the environment, e.g. `team`. */
  readonly name: string;
}

/** One of the keys an environment's secrets are encrypted for. */
export type EncryptionKey = AwsKmsEncryptionKey | RsaEncryptionKey | AesEncryptionKey;

/** The variants of {@link EncryptionKey}, for `encryptionKeys: [...]` in an environment definition. */
export const EncryptionKey = {
  /** An AWS KMS key, by its full key ARN. */
  awsKms(keyArn: string): AwsKmsEncryptionKey {
    return { type: 'aws-kms', keyArn };
  },
  /** A write-only RSA key: its public half is committed at `environments/<env>/keys/<name>.pub.pem` (or `publicKeyFile`). */
  rsa(name: string, options: { readonly publicKeyFile?: string } = {}): RsaEncryptionKey {
    return { type: 'rsa', name, ...(options.publicKeyFile !== undefined ? { publicKeyFile: options.publicKeyFile } : {}) };
  },
  /** A shared AES-256 key held in a key file outside the repository. */
  aes(name: string): AesEncryptionKey {
    return { type: 'aes', name };
  },
};

/** Identifies a key the way an encrypted value records it: `aes:team`, `rsa:ci`, `aws-kms:<arn>`. */
export type KeyId = string;

/** The id an encrypted value records for this key. */
export function keyIdOf(key: EncryptionKey): KeyId {
  return key.type === 'aws-kms' ? `aws-kms:${key.keyArn}` : `${key.type}:${key.name}`;
}

/** `rsa key "ci"`, `AWS KMS key arn:...`: how messages name a key. */
export function describeKeyId(id: KeyId): string {
  const [type, ...rest] = id.split(':');
  const name = rest.join(':');
  if (type === 'aws-kms') return `AWS KMS key ${name}`;
  if (type === 'foreign') return name;
  return `${type} key "${name}"`;
}

/** Where an RSA key's public half is committed, relative to `environments/<env>/`. */
export function publicKeyFileOf(key: RsaEncryptionKey): string {
  return key.publicKeyFile ?? `keys/${key.name}.pub.pem`;
}

const KEY_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

/** The problem with a raw key's name, or undefined. Names become file and environment-variable names. */
export function keyNameProblem(name: string): string | undefined {
  if (name.length > 40 || !KEY_NAME.test(name)) return `"${name}" is not a key name (up to 40 lowercase letters, digits and "-", starting and ending with a letter or digit)`;
  return undefined;
}

/** Checks an environment's `encryptionKeys`: well-formed, each listed once. */
export function validateEncryptionKeys(environment: string, keys: readonly EncryptionKey[]): void {
  const seen = new Set<KeyId>();
  const names = new Set<string>();
  if (keys.length > MAX_ENCRYPTED_DATA_KEYS) {
    throw new ShipshapeError({ environment, field: 'encryptionKeys' }, `lists ${keys.length} keys, more than the ${MAX_ENCRYPTED_DATA_KEYS} a value may be encrypted for`, 'share one key between the people or systems that play the same role');
  }
  keys.forEach((key, index) => {
    const location = { environment, field: `encryptionKeys[${index}]` };
    if (key === null || typeof key !== 'object' || !['aws-kms', 'rsa', 'aes'].includes(key.type)) {
      throw new ShipshapeError(location, 'is not an encryption key', 'use EncryptionKey.awsKms(arn), EncryptionKey.rsa(name) or EncryptionKey.aes(name)');
    }
    if (key.type === 'aws-kms') {
      if (!KMS_KEY_ARN.test(key.keyArn ?? '')) {
        throw new ShipshapeError(
          location,
          `"${key.keyArn}" is not a KMS key ARN`,
          'use the full key ARN, e.g. "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" (an alias cannot be matched when decrypting)',
        );
      }
    } else {
      const problem = keyNameProblem(key.name ?? '');
      if (problem) throw new ShipshapeError(location, `the name ${problem}`, 'use a short name such as "ci" or "team"');
      if (key.type === 'rsa' && key.publicKeyFile !== undefined && (key.publicKeyFile.startsWith('/') || key.publicKeyFile.split(/[\\/]/).includes('..'))) {
        throw new ShipshapeError(location, `publicKeyFile "${key.publicKeyFile}" leaves environments/${environment}/`, 'commit the public key inside the environment folder, e.g. "keys/ci.pub.pem"');
      }
    }
    const id = keyIdOf(key);
    if (seen.has(id)) throw new ShipshapeError(location, `lists the ${describeKeyId(id)} twice`, 'list each key once');
    seen.add(id);
    // Private key material is found by environment and name alone, so an RSA and an AES key may not share one.
    if (key.type !== 'aws-kms') {
      if (names.has(key.name)) throw new ShipshapeError(location, `the name "${key.name}" is used by another key of this environment`, 'give each key its own name');
      names.add(key.name);
    }
  });
}
