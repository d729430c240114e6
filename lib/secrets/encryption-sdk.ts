import type { BodyHeader, HeaderInfo } from '@aws-crypto/serialize';
import type { KmsKeyrings } from './kms-client';

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

type EncryptNode = typeof import('@aws-crypto/encrypt-node');
type DecryptNode = typeof import('@aws-crypto/decrypt-node');

/**
 * encrypt/decrypt as `@aws-crypto/client-node`'s `buildClient` gives them (it only joins
 * `buildEncrypt` and `buildDecrypt`), with commitment policy REQUIRE_ENCRYPT_REQUIRE_DECRYPT.
 */
export interface EncryptionClient {
  /** Encrypts; loads the SDK's encrypting half on first use. */
  encrypt(...args: Parameters<ReturnType<EncryptNode['buildEncrypt']>['encrypt']>): ReturnType<ReturnType<EncryptNode['buildEncrypt']>['encrypt']>;
  /** Decrypts. */
  decrypt: ReturnType<DecryptNode['buildDecrypt']>['decrypt'];
}

/** The Encryption SDK, configured once, its parts loaded as they are needed. */
export interface EncryptionSdk {
  /** Keyring and suite basics: `MultiKeyringNode`, `AlgorithmSuiteIdentifier`, ... */
  readonly materials: typeof import('@aws-crypto/material-management-node');
  /** encrypt/decrypt with commitment policy REQUIRE_ENCRYPT_REQUIRE_DECRYPT. */
  readonly client: EncryptionClient;
  /** The raw AES keyring (`RawAesKeyringNode`), loaded on first use. */
  rawAes(): typeof import('@aws-crypto/raw-aes-keyring-node');
  /** The raw RSA keyring (`RawRsaKeyringNode`), loaded on first use. */
  rawRsa(): typeof import('@aws-crypto/raw-rsa-keyring-node');
  /** The AWS KMS keyring and client cache, loaded on first use: it brings the AWS SDK's KMS client. */
  kms(): KmsKeyrings;
}

/** The SDK's packages, by what they bring (all parts of `@aws-crypto/client-node`, at its version). */
const PACKAGES = {
  materials: '@aws-crypto/material-management-node',
  decrypt: '@aws-crypto/decrypt-node',
  header: '@aws-crypto/serialize',
  encrypt: '@aws-crypto/encrypt-node',
  aes: '@aws-crypto/raw-aes-keyring-node',
  rsa: '@aws-crypto/raw-rsa-keyring-node',
  kms: '@aws-crypto/kms-keyring-node',
} as const;

let loaded: EncryptionSdk | undefined;
let parser: MessageParser | undefined;

/** The SDK's reader of the message format, which needs no key: what `shipshape synth` and `secrets list` check. */
export interface MessageParser {
  /** Reads a message's header (suite, encryption context, data keys). @returns false when the message ends inside it */
  readHeader(message: Uint8Array): HeaderInfo | false;
  /** Reads the frame header at `readPos` (sequence number, IV, content length). @returns false when the message ends inside it */
  readFrameHeader(message: Uint8Array, header: HeaderInfo, readPos: number): BodyHeader | false;
  /** The IV the SDK gives the frame of this sequence number. */
  frameIv(ivLength: 12, sequenceNumber: number): Uint8Array;
}

/**
 * Loads only the SDK's message-format reader (`@aws-crypto/serialize` and the suite definitions): about
 * 40 ms in a fresh process, where the whole of what decrypting needs takes 0.17 s.
 */
export function messageParser(): MessageParser {
  if (!parser) {
    const materials: EncryptionSdk['materials'] = require(PACKAGES.materials);
    const serialize: typeof import('@aws-crypto/serialize') = require(PACKAGES.header);
    // A view of the message's own bytes, not a copy: the header's strings are read for every stored value synth checks.
    const utf8 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    const { deserializeMessageHeader } = serialize.deserializeFactory(utf8, materials.NodeAlgorithmSuite);
    const { frameIv } = serialize.serializeFactory((text: string) => new Uint8Array(Buffer.from(text, 'utf8')), { utf8Sorting: false });
    parser = {
      readHeader: (message) => deserializeMessageHeader(message, { maxEncryptedDataKeys: MAX_ENCRYPTED_DATA_KEYS }),
      readFrameHeader: (message, header, readPos) => serialize.decodeBodyHeader(message, header, readPos),
      frameIv,
    };
  }
  return parser;
}

/**
 * Loads the Encryption SDK on first use, and of it only the parts a command needs. The whole of
 * `@aws-crypto/client-node` brings the AWS KMS client and the DynamoDB client of the hierarchical
 * keyring, which shipshape does not use: loading it took 0.34 s in a fresh process, what decrypting
 * with an AES key needs 0.17 s (`npm run bench:secrets`).
 * `shipshape synth` and the commands that need no key load none of it.
 */
export function encryptionSdk(): EncryptionSdk {
  if (!loaded) {
    const materials: EncryptionSdk['materials'] = require(PACKAGES.materials);
    const { buildDecrypt }: DecryptNode = require(PACKAGES.decrypt);
    // What client-node's buildClient gives: REQUIRE_DECRYPT also refuses any message without key commitment, whatever suite it names.
    const options = { commitmentPolicy: materials.CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT, maxEncryptedDataKeys: MAX_ENCRYPTED_DATA_KEYS };
    const encrypting = once(() => (require(PACKAGES.encrypt) as EncryptNode).buildEncrypt(options));
    loaded = {
      materials,
      client: { encrypt: (...args) => encrypting().encrypt(...args), decrypt: buildDecrypt(options).decrypt },
      rawAes: once(() => require(PACKAGES.aes)),
      rawRsa: once(() => require(PACKAGES.rsa)),
      // Typed by shipshape's own interface (kms-client.ts): the package's types bring the AWS SDK's.
      kms: once(() => require(PACKAGES.kms) as KmsKeyrings),
    };
  }
  return loaded;
}

function once<T>(load: () => T): () => T {
  let value: { readonly it: T } | undefined;
  return () => (value ??= { it: load() }).it;
}
