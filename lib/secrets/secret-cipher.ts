import type { KeyringNode } from '@aws-crypto/material-management-node';
import { ShipshapeError } from '../errors';
import { decryptOnTwoThreads, twoThreadDecryptionPays, ValuesToDecrypt } from '../performance/two-thread-decryption';
import { encryptionContextFor, encryptionContextProblem, SecretPlace } from './encryption-context';
import { describeKeyId, EncryptionKey, KeyId, keyIdOf } from './encryption-key';
import { ALGORITHM_SUITE, encryptionSdk } from './encryption-sdk';
import type { KeySource } from './key-source';
import { EnvironmentKeyrings } from './keyrings';
import { readValueHeader, ValueHeader } from './message-header';
import { checkStoredValue, usableKeyIds } from './stored-value-check';
import { errorMessage, OpenedMessage, openMessage, RefusedMessage } from './opened-message';
import type { SecretEntry } from './secrets-file';

/** How a {@link SecretCipher} works for one environment. */
export interface SecretCipherOptions {
  /** The environment name. */
  readonly environment: string;
  /** The keys the environment lists (`encryptionKeys`): values are encrypted for all of them. */
  readonly keys: readonly EncryptionKey[];
  /** The key material at hand. */
  readonly source: KeySource;
  /**
   * Also decrypt with held keys the environment no longer lists, e.g. the key being rotated out.
   * @default false - a value only some unlisted key opens is refused
   */
  readonly acceptRetiredKeys?: boolean;
  /**
   * How many values are decrypted at once; overlaps KMS round trips.
   * @default 16
   */
  readonly concurrency?: number;
  /**
   * From this many values on, `decryptEach` uses the speed technique in
   * lib/performance/two-thread-decryption.ts (tests and the benchmark choose; `Infinity` turns it off).
   * @default TWO_THREAD_DECRYPTION_FROM when the listed keys held here are RSA keys; otherwise never
   */
  readonly twoThreadDecryptionFrom?: number;
}

/** A decrypted value, or why it could not be. */
export type DecryptionResult =
  | { readonly entry: SecretEntry; readonly plaintext: string }
  | { readonly entry: SecretEntry; readonly error: ShipshapeError };

/**
 * Encrypts and decrypts the values of one environment with the AWS Encryption SDK, and
 * checks on every decrypt what the SDK does not: that the value was encrypted for the place it
 * is stored at (environment, service, key and format, bound in the encryption context), with
 * the algorithm suite shipshape writes, for a key the environment lists.
 * Each failure is a ShipshapeError naming the value, what is wrong and the fix.
 */
export class SecretCipher {
  public readonly environment: string;
  private readonly keys: readonly EncryptionKey[];
  private readonly keyrings: EnvironmentKeyrings;
  private readonly source: KeySource;
  private readonly acceptRetiredKeys: boolean;
  private readonly concurrency: number;
  private readonly twoThreadDecryptionFrom?: number;
  private encryptionKeyring?: KeyringNode;
  private workerShare = 0;

  public constructor(options: SecretCipherOptions) {
    this.environment = options.environment;
    this.keys = options.keys;
    this.source = options.source;
    this.acceptRetiredKeys = options.acceptRetiredKeys ?? false;
    this.concurrency = options.concurrency ?? 16;
    this.twoThreadDecryptionFrom = options.twoThreadDecryptionFrom;
    this.keyrings = new EnvironmentKeyrings(this.environment, this.source);
    this.keyrings.checkKeyPairs(this.keys);
  }

  /** The ids of the keys every value should be encrypted for. */
  public get listedKeyIds(): KeyId[] {
    return this.keys.map(keyIdOf);
  }

  /** The listed keys (or these) held here (KMS keys count as held: KMS decides), i.e. whether values can be read at all. */
  public heldKeyIds(ids: readonly KeyId[] = this.listedKeyIds): KeyId[] {
    return this.keyrings.held(ids);
  }

  /** Which of these keys are published demo keys (lib/secrets/demo-keys.ts), judged by the material at hand. */
  public demoKeyIds(ids: readonly KeyId[]): KeyId[] {
    return this.keyrings.demoKeyIds(ids, this.keys);
  }

  /** Builds the keyring that encrypts, so a missing key fails before anyone types a value. */
  public prepareEncryption(): KeyringNode {
    return (this.encryptionKeyring ??= this.keyrings.forEncryption(this.keys));
  }

  /** Encrypts a value for every listed key, bound to its place. @returns the message, base64 */
  public async encrypt(service: string, key: string, plaintext: string): Promise<string> {
    const keyring = this.prepareEncryption();
    const place = { environment: this.environment, service, key };
    const { client, materials } = encryptionSdk();
    try {
      const { result } = await client.encrypt(keyring, Buffer.from(plaintext, 'utf8'), {
        encryptionContext: encryptionContextFor(place),
        suiteId: materials.AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY,
      });
      return result.toString('base64');
    } catch (error) {
      throw new ShipshapeError(placeLocation(place), `could not be encrypted (${firstLine(error)})`, kmsHint(error) ?? 'check the keys in encryptionKeys');
    }
  }

  /** What a value's header says, without any key: for `list` and for checks before decrypting. */
  public inspect(entry: SecretEntry): ValueHeader | { readonly problem: string } {
    return readValueHeader(Buffer.from(entry.ciphertext, 'base64'), this.environment);
  }

  /** Problems a value's header shows without any key: wrong suite, wrong place, keys that are not listed. */
  public headerProblem(entry: SecretEntry): ShipshapeError | undefined {
    const examined = this.examine(entry);
    return 'problem' in examined ? examined.problem : undefined;
  }

  /** Decrypts a value after checking its header, then checks the authenticated context again. */
  public async decrypt(entry: SecretEntry): Promise<string> {
    const value = this.prepare(entry);
    return this.checked(value, await openMessage(value.keyring, value.message));
  }

  /** Checks a value's header and finds the held keys and the keyring that may open it: everything but the SDK's decrypt. */
  private prepare(entry: SecretEntry): PreparedValue {
    const place = { environment: this.environment, service: entry.service, key: entry.key };
    const message = Buffer.from(entry.ciphertext, 'base64');
    const examined = this.examine(entry);
    if ('problem' in examined) throw examined.problem;
    const usable = usableKeyIds(examined.header, { environment: this.environment, listedKeyIds: this.listedKeyIds, acceptRetiredKeys: this.acceptRetiredKeys });
    const held = this.keyrings.held(usable);
    if (held.length === 0) {
      throw new ShipshapeError(
        placeLocation(place),
        `none of the keys that open the value is held here (it is encrypted for ${usable.map(describeKeyId).join(', ')})`,
        `put one at ${usable.map((id) => this.source.whereToFind(id)).join(', or ')}; without a key you can still set values, list and remove them`,
      );
    }
    return { entry, place, message, held, keyring: this.keyrings.forDecryption(held) };
  }

  /** What the SDK said about a prepared value: the plaintext, or why not. */
  private checked(value: PreparedValue, opened: OpenedMessage | RefusedMessage): string {
    const { entry, place } = value;
    if ('refused' in opened) throw this.decryptionError(place, value.held, opened.refused);
    // The SDK authenticated the header, context included; now hold it to the place.
    const authenticated = encryptionContextProblem(opened.encryptionContext, place);
    if (authenticated || opened.suiteId !== ALGORITHM_SUITE) {
      throw new ShipshapeError(placeLocation(place), `the stored value ${authenticated ?? 'uses another algorithm suite'}`, `set it again with \`shipshape secrets set ${this.environment} ${entry.service} ${entry.key}\``);
    }
    return opened.plaintext;
  }

  /** Reads the header once and checks what it shows: the suite, the place, the keys. */
  private examine(entry: SecretEntry): { readonly header: ValueHeader } | { readonly problem: ShipshapeError } {
    return checkStoredValue(entry, { environment: this.environment, listedKeyIds: this.listedKeyIds, acceptRetiredKeys: this.acceptRetiredKeys });
  }

  /**
   * Decrypts many values, a few at a time (which overlaps KMS round trips), collecting each failure
   * instead of stopping at the first. The results are in the entries' order.
   */
  public async decryptEach(entries: readonly SecretEntry[]): Promise<DecryptionResult[]> {
    const results: DecryptionResult[] = new Array(entries.length);
    const decryptHere = async (index: number) => {
      const entry = entries[index];
      try {
        results[index] = { entry, plaintext: await this.decrypt(entry) };
      } catch (error) {
        results[index] = failed(entry, error);
      }
    };
    this.workerShare = 0;
    // The speed technique that pays for many values opened with RSA private keys (lib/performance/two-thread-decryption.ts).
    if (twoThreadDecryptionPays(entries.length, this.keys, this.heldKeyIds(), this.twoThreadDecryptionFrom)) {
      this.workerShare = await decryptOnTwoThreads(this.valuesToDecrypt(entries, results, decryptHere), this.environment, this.keys);
      return results;
    }
    let next = 0;
    const decryptInTurn = async () => {
      while (next < entries.length) await decryptHere(next++);
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, entries.length) }, decryptInTurn));
    return results;
  }

  /** How many values the last `decryptEach` had a worker thread decrypt: 0 when it kept to one thread. */
  public get decryptedOnWorker(): number {
    return this.workerShare;
  }

  /** This cipher's steps for two-thread decryption: the same checks and messages as `decrypt`, the SDK's decrypt done elsewhere. */
  private valuesToDecrypt(entries: readonly SecretEntry[], results: DecryptionResult[], decryptHere: (index: number) => Promise<void>): ValuesToDecrypt {
    const prepared = new Map<number, PreparedValue>();
    return {
      count: entries.length,
      decryptHere,
      prepare: (index) => {
        const entry = entries[index];
        try {
          const value = this.prepare(entry);
          prepared.set(index, value);
          return { ciphertext: entry.ciphertext, keyIds: value.held };
        } catch (error) {
          results[index] = failed(entry, error);
          return undefined;
        }
      },
      openedOnWorker: (index, opened) => {
        const value = prepared.get(index)!;
        try {
          results[index] = { entry: value.entry, plaintext: this.checked(value, opened) };
        } catch (error) {
          results[index] = failed(value.entry, error);
        }
      },
      keyMaterial: (id) => {
        const [type, ...rest] = id.split(':');
        const name = rest.join(':');
        return type === 'aes' ? Uint8Array.from(this.source.aesKey(name)!) : this.source.rsaPrivateKey(name)!;
      },
    };
  }

  /** Decrypts every value or fails with the first problem: for commands that need all of them. */
  public async decryptAll(entries: readonly SecretEntry[]): Promise<string[]> {
    const results = await this.decryptEach(entries);
    const failed = results.find((result): result is Extract<DecryptionResult, { error: ShipshapeError }> => 'error' in result);
    if (failed) throw failed.error;
    return results.map((result) => (result as { plaintext: string }).plaintext);
  }

  private decryptionError(place: SecretPlace, held: readonly KeyId[], message: string): ShipshapeError {
    const kms = kmsHint(message);
    if (kms) return new ShipshapeError(placeLocation(place), `AWS KMS did not decrypt the value (${kmsReason(message)})`, kms);
    // No keyring produced a data key: the held key is not the one the value was encrypted for, or its wrapped key was altered.
    if (/unencryptedDataKey has not been set|Unable to decrypt data key/.test(message)) {
      return new ShipshapeError(
        placeLocation(place),
        `the held ${held.map(describeKeyId).join(', ')} does not open the value (wrong key: not the key it was encrypted with, or the value was altered)`,
        `check the key at ${held.map((id) => this.source.foundAt(id)).join(', ')}, then run \`shipshape secrets verify ${this.environment}\``,
      );
    }
    return new ShipshapeError(
      placeLocation(place),
      `the stored value was altered after it was encrypted (${message})`,
      `restore the file from git, or store the value again with \`shipshape secrets set ${place.environment} ${place.service} ${place.key}\``,
    );
  }
}

/** A value that could not be decrypted, with the ShipshapeError that says why; any other error is a bug, and propagates. */
function failed(entry: SecretEntry, error: unknown): DecryptionResult {
  if (!(error instanceof ShipshapeError)) throw error;
  return { entry, error };
}

/** A value ready for the SDK's decrypt: its header checked, the held keys that may open it found. */
interface PreparedValue {
  readonly entry: SecretEntry;
  readonly place: SecretPlace;
  readonly message: Buffer;
  readonly held: readonly KeyId[];
  readonly keyring: KeyringNode;
}

/** `environment staging, service api, field DATABASE_URL`. */
export function placeLocation(place: SecretPlace) {
  return { environment: place.environment, service: place.service, field: place.key };
}

function firstLine(error: unknown): string {
  return errorMessage(error).split('\n')[0].trim();
}

// A KMS failure surfaces as the SDK's summary with the AWS errors' stacks appended; keep the AWS error names.
function kmsHint(error: unknown): string | undefined {
  const message = errorMessage(error);
  if (!/KMS|kms/.test(message) || /^unencryptedDataKey has not been set$/.test(message)) return undefined;
  return 'check that your AWS credentials are set (AWS_PROFILE or the CI role) and that IAM allows this role the KMS action (see README, "IAM permissions")';
}

function kmsReason(message: string): string {
  const names = [...new Set(message.match(/\b[A-Z][A-Za-z]+(?:Exception|Error)\b/g) ?? [])].filter((name) => name !== 'Error');
  return names.length > 0 ? names.join(', ') : firstLine(message);
}
