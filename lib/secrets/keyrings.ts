import type { AwsEsdkKeyObject, KeyringNode } from '@aws-crypto/material-management-node';
import { createPrivateKey, createPublicKey, KeyObject, constants } from 'node:crypto';
import { ShipshapeError } from '../errors';
import { describeKeyId, EncryptionKey, KeyId, keyIdOf, publicKeyFileOf, RsaEncryptionKey } from './encryption-key';
import { isDemoKey } from './demo-keys';
import { encryptionSdk } from './encryption-sdk';
import type { KeySource } from './key-source';
import { rawKeyNamespace } from './message-header';

/** RSA keys shorter than this are refused: 2048 bits is the floor NIST allows until 2030. */
const MIN_RSA_BITS = 2048;

/**
 * Builds the Encryption SDK keyrings of one environment from its key list and the key
 * material at hand, once per key.
 */
export class EnvironmentKeyrings {
  private readonly privateKeys = new Map<string, KeyObject | undefined>();
  private readonly decryptionKeyrings = new Map<string, KeyringNode>();

  public constructor(
    private readonly environment: string,
    private readonly source: KeySource,
  ) {}

  /**
   * The keyring that encrypts a value for every listed key: the first generates the data key,
   * the others each wrap it too, so any one of them opens the value. RSA and KMS keys need no
   * private material for this; an AES key needs the key itself.
   */
  public forEncryption(keys: readonly EncryptionKey[]): KeyringNode {
    const sdk = encryptionSdk();
    if (keys.length === 0) {
      throw new ShipshapeError(
        { environment: this.environment, field: 'encryptionKeys' },
        'lists no key to encrypt secrets for',
        `add one to environments/${this.environment}/environment.ts, e.g. \`encryptionKeys: [EncryptionKey.aes('team')]\` after \`shipshape secrets keygen ${this.environment} team\``,
      );
    }
    const keyrings = keys.map((key, index): KeyringNode => {
      if (key.type === 'aws-kms') {
        // The first key generates the data key (kms:GenerateDataKey); another KMS key wraps it (kms:Encrypt).
        return new (sdk.kms().KmsKeyringNode)(index === 0 ? { clientProvider: this.source.kmsClients, generatorKeyId: key.keyArn } : { clientProvider: this.source.kmsClients, keyIds: [key.keyArn] });
      }
      if (key.type === 'rsa') return this.rsaKeyring(key.name, this.publicKey(key), undefined);
      const material = this.source.aesKey(key.name);
      if (!material) {
        throw new ShipshapeError(
          { environment: this.environment, field: 'encryptionKeys' },
          `writing a value needs the ${describeKeyId(keyIdOf(key))} itself (an AES key encrypts and decrypts), which is not held here`,
          `put it at ${this.source.whereToFind(keyIdOf(key))}`,
        );
      }
      return this.aesKeyring(key.name, material);
    });
    return keyrings.length === 1 ? keyrings[0] : new sdk.materials.MultiKeyringNode({ generator: keyrings[0], children: keyrings.slice(1) });
  }

  /** Which of these keys are held here, so that decrypting with them is worth trying. KMS keys always are: KMS decides. */
  public held(ids: readonly KeyId[]): KeyId[] {
    return ids.filter((id) => {
      const [type, ...rest] = id.split(':');
      const name = rest.join(':');
      if (type === 'aws-kms') return true;
      if (type === 'aes') return this.source.aesKey(name) !== undefined;
      if (type === 'rsa') return this.privateKey(name) !== undefined;
      return false;
    });
  }

  /** A keyring that tries each of these held keys in turn. */
  public forDecryption(ids: readonly KeyId[]): KeyringNode {
    const cacheKey = ids.join('\n');
    const cached = this.decryptionKeyrings.get(cacheKey);
    if (cached) return cached;
    const sdk = encryptionSdk();
    const children = ids.map((id): KeyringNode => {
      const [type, ...rest] = id.split(':');
      const name = rest.join(':');
      if (type === 'aws-kms') return new (sdk.kms().KmsKeyringNode)({ clientProvider: this.source.kmsClients, keyIds: [name] });
      if (type === 'aes') return this.aesKeyring(name, this.source.aesKey(name)!);
      return this.rsaKeyring(name, undefined, this.privateKey(name));
    });
    const keyring = children.length === 1 ? children[0] : new sdk.materials.MultiKeyringNode({ children });
    this.decryptionKeyrings.set(cacheKey, keyring);
    return keyring;
  }

  /**
   * Which of these keys are published demo keys, as far as the material at hand tells: an AES key
   * held here, an RSA key's private half held here or the public half the environment lists.
   */
  public demoKeyIds(ids: readonly KeyId[], keys: readonly EncryptionKey[]): KeyId[] {
    return ids.filter((id) => {
      const [type, ...rest] = id.split(':');
      const name = rest.join(':');
      if (type === 'aes') {
        const key = this.source.aesKey(name);
        return key !== undefined && isDemoKey({ type: 'aes', key });
      }
      if (type !== 'rsa') return false;
      const listed = keys.find((key): key is RsaEncryptionKey => key.type === 'rsa' && key.name === name);
      const key = this.privateKey(name) ?? (listed ? this.publicKey(listed) : undefined);
      return key !== undefined && isDemoKey({ type: 'rsa', key });
    });
  }

  /**
   * Checks that each held private key of a listed RSA key belongs to its committed public key,
   * so a mixed-up key file is named as such rather than failing on every value.
   */
  public checkKeyPairs(keys: readonly EncryptionKey[]): void {
    for (const key of keys) {
      if (key.type !== 'rsa') continue;
      const privateKey = this.privateKey(key.name);
      if (!privateKey) continue;
      const derived = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
      if (!derived.equals(this.publicKey(key).export({ type: 'spki', format: 'der' }))) {
        throw new ShipshapeError(
          { environment: this.environment, field: 'encryptionKeys' },
          `the private key at ${this.source.foundAt(keyIdOf(key))} is not the pair of the committed public key environments/${this.environment}/${publicKeyFileOf(key)} (wrong key)`,
          `use the private key of the rsa key "${key.name}" of environment ${this.environment}`,
        );
      }
    }
  }

  private aesKeyring(name: string, material: Uint8Array): KeyringNode {
    if (material.length !== 32) {
      throw new ShipshapeError(
        { environment: this.environment, field: 'encryptionKeys' },
        `the aes key "${name}" at ${this.source.foundAt(`aes:${name}`)} is ${material.length} bytes long, not 32`,
        `use the key file \`shipshape secrets keygen ${this.environment} ${name}\` wrote`,
      );
    }
    const aes = encryptionSdk().rawAes();
    return new aes.RawAesKeyringNode({
      keyNamespace: rawKeyNamespace(this.environment, 'aes'),
      keyName: name,
      // A copy in its own buffer: the SDK requires that, and takes ownership of it.
      unencryptedMasterKey: new Uint8Array(material),
      wrappingSuite: aes.RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
    });
  }

  private rsaKeyring(name: string, publicKey: KeyObject | undefined, privateKey: KeyObject | undefined): KeyringNode {
    const { RawRsaKeyringNode } = encryptionSdk().rawRsa();
    return new RawRsaKeyringNode({
      keyNamespace: rawKeyNamespace(this.environment, 'rsa'),
      keyName: name,
      // checkedRsaKey made sure both are RSA keys, the only kind the SDK's narrower type leaves out ("rsa-pss" aside).
      rsaKey: { publicKey: publicKey as AwsEsdkKeyObject | undefined, privateKey: privateKey as AwsEsdkKeyObject | undefined },
      padding: constants.RSA_PKCS1_OAEP_PADDING,
      oaepHash: 'sha256',
    });
  }

  private publicKey(key: RsaEncryptionKey): KeyObject {
    const where = `environments/${this.environment}/${publicKeyFileOf(key)}`;
    return this.checkedRsaKey(() => createPublicKey(this.source.rsaPublicKey(key)), where, 'public');
  }

  private privateKey(name: string): KeyObject | undefined {
    if (!this.privateKeys.has(name)) {
      const pem = this.source.rsaPrivateKey(name);
      this.privateKeys.set(name, pem === undefined ? undefined : this.checkedRsaKey(() => createPrivateKey(pem), this.source.foundAt(`rsa:${name}`), 'private'));
    }
    return this.privateKeys.get(name);
  }

  private checkedRsaKey(parse: () => KeyObject, where: string, kind: 'public' | 'private'): KeyObject {
    let key: KeyObject;
    try {
      key = parse();
    } catch (error) {
      if (error instanceof ShipshapeError) throw error;
      throw new ShipshapeError({ environment: this.environment, field: 'encryptionKeys' }, `${where} is not a PEM ${kind} key`, `replace it with the ${kind} key \`shipshape secrets keygen --type rsa\` wrote`);
    }
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (key.asymmetricKeyType !== 'rsa' || bits < MIN_RSA_BITS) {
      throw new ShipshapeError(
        { environment: this.environment, field: 'encryptionKeys' },
        `${where} is ${key.asymmetricKeyType === 'rsa' ? `a ${bits}-bit RSA key, shorter than ${MIN_RSA_BITS} bits` : `a ${key.asymmetricKeyType} key, not RSA`}`,
        'generate one with `shipshape secrets keygen --type rsa`',
      );
    }
    return key;
  }
}
