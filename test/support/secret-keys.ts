import { createCipheriv, createDecipheriv, generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { KeyId, RsaEncryptionKey } from '../../lib/secrets/encryption-key';
import type { KeySource } from '../../lib/secrets/key-source';
import { flowlineRsaKeyPairFiles } from './flowline';

/** A KMS client as the Encryption SDK calls it (the type lib/secrets/key-source.ts names, so the tests name no SDK type of their own). */
export type KmsClient = Exclude<ReturnType<KeySource['kmsClients']>, false>;

/** A new RSA key pair, PEM. Slow (a tenth of a second to a second at 2048 bits): prefer `flowlineRsaKeyPair`. */
export function rsaKeyPair(bits = 2048): { publicKey: string; privateKey: string } {
  return generateKeyPairSync('rsa', { modulusLength: bits, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
}

/** One of flowline's production RSA key pairs (3072 bits, test/support/flowline.ts), for tests that need a valid pair, not a new one. */
export function flowlineRsaKeyPair(name: 'ci' | 'break-glass'): { publicKey: string; privateKey: string } {
  const files = flowlineRsaKeyPairFiles(name);
  return { publicKey: readFileSync(files.publicKey, 'utf8'), privateKey: readFileSync(files.privateKey, 'utf8') };
}

/** What a test holds for one environment. */
export interface HeldKeys {
  readonly aes?: Record<string, Uint8Array>;
  readonly rsaPrivate?: Record<string, string>;
  readonly rsaPublic?: Record<string, string>;
  readonly kms?: FakeKms;
}

/** A KeySource over keys the test generated. */
export function keySource(held: HeldKeys): KeySource {
  return {
    aesKey: (name) => held.aes?.[name],
    rsaPrivateKey: (name) => held.rsaPrivate?.[name],
    rsaPublicKey: (key: RsaEncryptionKey) => {
      const pem = held.rsaPublic?.[key.name];
      if (!pem) throw new Error(`test setup: no public key ${key.name}`);
      return pem;
    },
    kmsClients: () => held.kms ?? false,
    whereToFind: (id: KeyId) => `<where ${id} would be>`,
    foundAt: (id: KeyId) => `<where ${id} is>`,
  };
}

/** One call the fake KMS received. */
export interface KmsCall {
  readonly operation: 'GenerateDataKey' | 'Encrypt' | 'Decrypt';
  readonly keyId: string;
  readonly encryptionContext: Record<string, string>;
}

/**
 * Stands in for AWS KMS, which is not reachable from tests: each key ARN has a local AES key,
 * and like KMS the encryption context is authenticated with each wrapped data key, so a
 * different context fails to decrypt. Records every call; `deny` makes an action fail the
 * way IAM does.
 */
export class FakeKms implements KmsClient {
  public readonly calls: KmsCall[] = [];
  private readonly keys = new Map<string, Buffer>();
  private readonly denied = new Set<string>();

  public constructor(keyArns: readonly string[]) {
    for (const arn of keyArns) this.keys.set(arn, randomBytes(32));
  }

  /** Makes IAM refuse an action (`kms:Decrypt`, ...) from now on. */
  public deny(action: 'kms:Decrypt' | 'kms:Encrypt' | 'kms:GenerateDataKey'): void {
    this.denied.add(action);
  }

  public async generateDataKey({ KeyId, EncryptionContext = {}, NumberOfBytes = 32 }: { KeyId: string; EncryptionContext?: Record<string, string>; NumberOfBytes?: number }) {
    this.record('GenerateDataKey', KeyId, EncryptionContext);
    const Plaintext = new Uint8Array(randomBytes(NumberOfBytes));
    return { KeyId, Plaintext, CiphertextBlob: this.wrap(KeyId, Plaintext, EncryptionContext) };
  }

  public async encrypt({ KeyId, Plaintext, EncryptionContext = {} }: { KeyId: string; Plaintext: Uint8Array; EncryptionContext?: Record<string, string> }) {
    this.record('Encrypt', KeyId, EncryptionContext);
    return { KeyId, CiphertextBlob: this.wrap(KeyId, Plaintext, EncryptionContext) };
  }

  public async decrypt({ KeyId, CiphertextBlob, EncryptionContext = {} }: { KeyId?: string; CiphertextBlob: Uint8Array; EncryptionContext?: Record<string, string> }) {
    this.record('Decrypt', KeyId ?? '', EncryptionContext);
    const key = this.key(KeyId ?? '');
    const blob = Buffer.from(CiphertextBlob);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(0, 12));
      decipher.setAAD(Buffer.from(JSON.stringify(Object.entries(EncryptionContext).sort())));
      decipher.setAuthTag(blob.subarray(12, 28));
      return { KeyId, Plaintext: new Uint8Array(Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()])) };
    } catch {
      throw Object.assign(new Error('InvalidCiphertextException: the ciphertext or its encryption context is not valid'), { name: 'InvalidCiphertextException' });
    }
  }

  private record(operation: KmsCall['operation'], keyId: string, encryptionContext: Record<string, string>): void {
    this.calls.push({ operation, keyId, encryptionContext: { ...encryptionContext } });
    const action = `kms:${operation}`;
    if (this.denied.has(action)) {
      throw Object.assign(new Error(`AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/developer is not authorized to perform: ${action} on resource: ${keyId}`), { name: 'AccessDeniedException' });
    }
  }

  private key(arn: string): Buffer {
    const key = this.keys.get(arn);
    if (!key) throw Object.assign(new Error(`NotFoundException: key ${arn} does not exist`), { name: 'NotFoundException' });
    return key;
  }

  private wrap(arn: string, plaintext: Uint8Array, context: Record<string, string>): Uint8Array {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key(arn), iv);
    cipher.setAAD(Buffer.from(JSON.stringify(Object.entries(context).sort())));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return new Uint8Array(Buffer.concat([iv, cipher.getAuthTag(), body]));
  }
}
