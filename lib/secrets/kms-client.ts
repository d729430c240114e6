import type { KeyringNode } from '@aws-crypto/material-management-node';

/**
 * The AWS KMS calls the Encryption SDK's KMS keyring makes: the AWS SDK's `KMS` client has them,
 * and so does the tests' fake. Declared here rather than taken from `@aws-crypto/kms-keyring-node`,
 * whose types bring the AWS SDK's: about 3 MB that every type-check of shipshape would parse.
 */
export interface KmsClient {
  /** kms:GenerateDataKey. */
  generateDataKey(input: { KeyId: string; EncryptionContext?: Record<string, string>; NumberOfBytes?: number; GrantTokens?: string[] }): Promise<{ KeyId?: string; Plaintext?: Uint8Array; CiphertextBlob?: Uint8Array }>;
  /** kms:Encrypt. */
  encrypt(input: { KeyId: string; Plaintext: Uint8Array; EncryptionContext?: Record<string, string>; GrantTokens?: string[] }): Promise<{ KeyId?: string; CiphertextBlob?: Uint8Array }>;
  /** kms:Decrypt. */
  decrypt(input: { KeyId?: string; CiphertextBlob: Uint8Array; EncryptionContext?: Record<string, string>; GrantTokens?: string[] }): Promise<{ KeyId?: string; Plaintext?: Uint8Array }>;
}

/** Gives the KMS client for a region, or false when there is none (the SDK's client supplier). */
export type KmsClientSupplier = (region: string) => KmsClient | false;

/** What shipshape uses of `@aws-crypto/kms-keyring-node`, in the types above. */
export interface KmsKeyrings {
  /** The KMS keyring: generates or wraps data keys with the first key ARN, wraps with the others. */
  readonly KmsKeyringNode: new (input: { clientProvider: KmsClientSupplier; generatorKeyId?: string; keyIds?: string[] }) => KeyringNode;
  /** The SDK's supplier of AWS SDK clients, one per region, with credentials found as the AWS SDK finds them. */
  readonly cacheKmsClients: KmsClientSupplier;
}
