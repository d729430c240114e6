import type { KmsClientSupplier } from './kms-client';
import type { KeyId, RsaEncryptionKey } from './encryption-key';

/**
 * The key material at hand for one environment. The CLI finds it through environment
 * variables and key files outside the repository; tests pass keys they generate and a fake KMS.
 * Every method answers "not held here" with undefined: a developer without private keys can
 * still write values for RSA and KMS keys.
 */
export interface KeySource {
  /** The environment's AES-256 key of that name (32 bytes), or undefined when not held. */
  aesKey(name: string): Uint8Array | undefined;
  /** The environment's RSA private key of that name (PEM), or undefined when not held. */
  rsaPrivateKey(name: string): string | undefined;
  /** The committed public half of an RSA key the environment lists (PEM). */
  rsaPublicKey(key: RsaEncryptionKey): string;
  /** Gives the KMS client for a region: the AWS SDK's default in the CLI, a fake in tests. */
  readonly kmsClients: KmsClientSupplier;
  /** Where a key that is not held would be found, for the fix in messages. */
  whereToFind(id: KeyId): string;
  /** Where a held key was found, for messages about a wrong key. */
  foundAt(id: KeyId): string;
}
