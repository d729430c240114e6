import type * as ClientNode from '@aws-crypto/client-node';
import type { HeaderInfo } from '@aws-crypto/serialize';

/**
 * The algorithm suite every value is encrypted with: AES-256-GCM, HKDF-SHA512 key derivation,
 * key commitment, no signature (`ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY`, 0x0478).
 *
 * Why not the SDK's default (the same plus an ECDSA P-384 signature)? A signature stops someone
 * who may only decrypt (a KMS role with kms:Decrypt alone) from altering a value: it matters when
 * readers must not be able to forge. Here it proves nothing: the RSA public keys are committed
 * (anyone may write, by design), an AES key both reads and writes, and whether a changed
 * `secrets.json` lands is decided by code review and branch protection, not by who could sign it. It would cost about 10x per value (1 KiB, measured
 * here for the issue: 2.6 ms encrypt / 3.1 ms decrypt signed, 0.35 / 0.27 ms unsigned;
 * `npm run bench:secrets` measures it again).
 * Key commitment stays: a message cannot be crafted to decrypt to different plaintexts
 * under different keys.
 */
export const ALGORITHM_SUITE = 0x0478;

/** The most data keys a value may carry; also bounds how many keys an environment may list. */
export const MAX_ENCRYPTED_DATA_KEYS = 10;

/** The Encryption SDK, configured once. */
export interface EncryptionSdk {
  /** The SDK's module: keyrings and identifiers. */
  readonly sdk: typeof ClientNode;
  /** encrypt/decrypt with commitment policy REQUIRE_ENCRYPT_REQUIRE_DECRYPT. */
  readonly client: ReturnType<typeof ClientNode.buildClient>;
  /** Reads a message's header (suite, encryption context, data keys) without any key. */
  readHeader(message: Uint8Array): HeaderInfo | false;
}

let loaded: EncryptionSdk | undefined;

/**
 * Loads the Encryption SDK on first use. It takes about 0.3 s to load (it brings the AWS KMS
 * client), which `shipshape synth` and the commands that need no key should not pay.
 */
export function encryptionSdk(): EncryptionSdk {
  if (!loaded) {
    const sdk: typeof ClientNode = require('@aws-crypto/client-node');
    const { deserializeFactory } = require('@aws-crypto/serialize') as typeof import('@aws-crypto/serialize');
    const { deserializeMessageHeader } = deserializeFactory((bytes) => Buffer.from(bytes).toString('utf8'), sdk.NodeAlgorithmSuite);
    loaded = {
      sdk,
      // REQUIRE_DECRYPT also refuses any message without key commitment, whatever suite it names.
      client: sdk.buildClient({ commitmentPolicy: sdk.CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT, maxEncryptedDataKeys: MAX_ENCRYPTED_DATA_KEYS }),
      readHeader: (message) => deserializeMessageHeader(message, { maxEncryptedDataKeys: MAX_ENCRYPTED_DATA_KEYS }),
    };
  }
  return loaded;
}
