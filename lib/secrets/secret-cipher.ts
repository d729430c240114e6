import { cpus } from 'node:os';
import type { KeyringNode } from '@aws-crypto/material-management-node';
import { ShipshapeError } from '../errors';
import type { DecryptJob } from './decrypt-worker';
import { DecryptWorkerThread } from './decrypt-worker-thread';
import { encryptionContextFor, encryptionContextProblem, SecretPlace } from './encryption-context';
import { describeKeyId, EncryptionKey, KeyId, keyIdOf } from './encryption-key';
import { ALGORITHM_SUITE, encryptionSdk } from './encryption-sdk';
import type { KeySource } from './key-source';
import { EnvironmentKeyrings } from './keyrings';
import { readValueHeader, ValueHeader } from './message-header';
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
   * From this many values on, `decryptEach` also decrypts on a worker thread (when the machine
   * has two cores or more and the environment lists no KMS key, whose cost is network round
   * trips, already overlapped): this thread takes values from the front, the worker batches
   * from the back, until they meet. `Infinity` keeps to one thread.
   * @default PARALLEL_DECRYPTION_THRESHOLD when the listed keys held here are RSA keys; otherwise one thread
   */
  readonly parallelFrom?: number;
}

/**
 * From this many values on, values opened with RSA private keys are decrypted on two threads.
 * Measured on a 2-core machine, in fresh processes: RSA-3072 (native work, ~4 ms a value) 100
 * values even, 200 values 12 % faster, 600 values 30 % faster. Not for AES keys: there the time
 * is the SDK's JavaScript, a fresh worker's JIT compilation and garbage collection compete with
 * this thread's (V8's own threads already use half the second core), and 1,000 or 3,000 values
 * took as long on two threads as on one.
 */
export const PARALLEL_DECRYPTION_THRESHOLD = 200;

/**
 * From how many values `decryptEach` uses a worker thread unless told otherwise: from
 * PARALLEL_DECRYPTION_THRESHOLD when every key held here is an RSA key (private-key operations are
 * native work that scales across cores), never otherwise (with AES keys the time is the SDK's
 * JavaScript, which a fresh worker thread did not speed up on 2 cores).
 *
 * @param held the ids of the environment's keys held here
 */
export function defaultParallelFrom(held: readonly KeyId[]): number {
  return held.length > 0 && held.every((id) => id.startsWith('rsa:')) ? PARALLEL_DECRYPTION_THRESHOLD : Infinity;
}

/** At most this many values go to the worker at a time; it always has one more batch waiting. */
const WORKER_BATCH = 32;

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
  private readonly parallelFrom?: number;
  private encryptionKeyring?: KeyringNode;
  private workerShare = 0;

  public constructor(options: SecretCipherOptions) {
    this.environment = options.environment;
    this.keys = options.keys;
    this.source = options.source;
    this.acceptRetiredKeys = options.acceptRetiredKeys ?? false;
    this.concurrency = options.concurrency ?? 16;
    this.parallelFrom = options.parallelFrom;
    this.keyrings = new EnvironmentKeyrings(this.environment, this.source);
    this.keyrings.checkKeyPairs(this.keys);
  }

  /** The ids of the keys every value should be encrypted for. */
  public get listedKeyIds(): KeyId[] {
    return this.keys.map(keyIdOf);
  }

  /** The listed keys held here (KMS keys count as held: KMS decides), i.e. whether values can be read at all. */
  public heldKeyIds(): KeyId[] {
    return this.keyrings.held(this.listedKeyIds);
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
    const examined = this.examine(entry, Buffer.from(entry.ciphertext, 'base64'));
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
    const examined = this.examine(entry, message);
    if ('problem' in examined) throw examined.problem;
    const usable = this.usableKeyIds(examined.header);
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

  /** What the SDK said about a prepared value, on this thread or a worker: the plaintext, or why not. */
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
  private examine(entry: SecretEntry, message: Buffer): { readonly header: ValueHeader } | { readonly problem: ShipshapeError } {
    const header = readValueHeader(message, this.environment);
    const place = { environment: this.environment, service: entry.service, key: entry.key };
    const restore = `restore the file from git, or store the value again with \`shipshape secrets set ${this.environment} ${entry.service} ${entry.key}\``;
    if ('problem' in header) return { problem: new ShipshapeError(placeLocation(place), `the stored value ${header.problem} (the file was edited by hand)`, restore) };
    if (header.suiteId !== ALGORITHM_SUITE) {
      return { problem: new ShipshapeError(placeLocation(place), `the stored value uses algorithm suite 0x${header.suiteId.toString(16).padStart(4, '0')}, not the 0x0478 shipshape writes`, restore) };
    }
    const contextProblem = encryptionContextProblem(header.encryptionContext, place);
    if (contextProblem) return { problem: new ShipshapeError(placeLocation(place), `the stored value ${contextProblem}`, `set it again with \`shipshape secrets set ${this.environment} ${entry.service} ${entry.key}\``) };
    if (this.usableKeyIds(header).length === 0) {
      return {
        problem: new ShipshapeError(
          placeLocation(place),
          `the stored value is encrypted only for ${header.keyIds.map(describeKeyId).join(', ')}, which environment ${this.environment} does not list in encryptionKeys (unknown key)`,
          `list that key again and run \`shipshape secrets rotate ${this.environment}\`, or set the value again`,
        ),
      };
    }
    return { header };
  }

  /**
   * Decrypts many values, a few at a time, collecting each failure instead of stopping at the
   * first; from `parallelFrom` values on, on two threads. The results are in the entries' order
   * and the same whichever thread opened a value.
   */
  public async decryptEach(entries: readonly SecretEntry[]): Promise<DecryptionResult[]> {
    const results: DecryptionResult[] = new Array(entries.length);
    // The values still to open: this thread takes them from the front, a worker from the back.
    const queue = { next: 0, end: entries.length };
    const settle = async (index: number) => {
      const entry = entries[index];
      try {
        results[index] = { entry, plaintext: await this.decrypt(entry) };
      } catch (error) {
        if (!(error instanceof ShipshapeError)) throw error;
        results[index] = { entry, error };
      }
    };
    // Started first, so that it starts up while this thread loads the SDK and decrypts.
    const worker = this.workerFor(entries.length);
    const here = async () => {
      while (queue.next < queue.end) {
        await settle(queue.next++);
        // With raw keys the SDK's decrypt is CPU work run on promise callbacks, which the event
        // loop does not interrupt: turn it after every value, so the worker's answers are read
        // (and its next batch sent) within a millisecond, not after a dozen values.
        if (worker) await new Promise(setImmediate);
      }
    };
    // One value at a time when a worker runs: several at once only overlap KMS round trips.
    const loops = () => Array.from({ length: worker ? 1 : Math.min(this.concurrency, entries.length) }, here);
    this.workerShare = 0;
    if (!worker) {
      await Promise.all(loops());
      return results;
    }
    try {
      const feeding = this.feed(worker, entries, queue, results, settle);
      await Promise.all([feeding, ...loops()]);
    } finally {
      await worker.stop();
    }
    return results;
  }

  /** How many values the last `decryptEach` had a worker thread decrypt: 0 when it kept to one thread. */
  public get decryptedOnWorker(): number {
    return this.workerShare;
  }

  /** A worker thread, started now, when the values are many enough and there is a core for it. */
  private workerFor(count: number): DecryptWorkerThread | undefined {
    if (cpus().length < 2 || this.keys.some((key) => key.type === 'aws-kms')) return undefined;
    const held = this.heldKeyIds();
    const parallelFrom = this.parallelFrom ?? defaultParallelFrom(held);
    if (count < parallelFrom || held.length === 0) return undefined;
    const keyKinds = [...new Set(this.keys.map((key) => key.type as 'aes' | 'rsa'))];
    return new DecryptWorkerThread({ environment: this.environment, keyKinds });
  }

  /**
   * Hands the worker batches from the back of the queue: one at once (so it takes part however
   * fast this thread is; it waits in the worker until the SDK is loaded), one more once it is
   * ready, then one for each it answers, so it never waits for this thread.
   */
  private async feed(
    worker: DecryptWorkerThread,
    entries: readonly SecretEntry[],
    queue: { next: number; end: number },
    results: DecryptionResult[],
    settle: (index: number) => Promise<void>,
  ): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    const alsoHere: Array<Promise<void>> = [];
    const send = () => {
      const jobs: DecryptJob[] = [];
      const values = new Map<number, PreparedValue>();
      while (jobs.length === 0 && queue.next < queue.end) {
        // Smaller batches towards the end, so neither thread waits long for the other.
        const count = Math.min(WORKER_BATCH, Math.ceil((queue.end - queue.next) / 4));
        queue.end -= count;
        for (let index = queue.end; index < queue.end + count; index++) {
          const entry = entries[index];
          try {
            const value = this.prepare(entry);
            // A key the environment no longer lists may be a KMS key (`rotate`): those stay on this thread.
            if (value.held.some((id) => id.startsWith('aws-kms:'))) {
              const settled = settle(index);
              settled.catch(() => undefined); // awaited below; a bug must not end the process as an unhandled rejection first
              alsoHere.push(settled);
            } else {
              jobs.push({ index, ciphertext: entry.ciphertext, keyIds: value.held });
              values.set(index, value);
            }
          } catch (error) {
            if (!(error instanceof ShipshapeError)) throw error;
            results[index] = { entry, error };
          }
        }
      }
      if (jobs.length === 0) return;
      const answered = worker.open(jobs, (id) => this.keyMaterial(id)).then((outcomes) => {
        outcomes.forEach((opened, at) => {
          const { index } = jobs[at];
          const value = values.get(index)!;
          try {
            results[index] = { entry: value.entry, plaintext: this.checked(value, opened) };
          } catch (error) {
            if (!(error instanceof ShipshapeError)) throw error;
            results[index] = { entry: value.entry, error };
          }
        });
        this.workerShare += jobs.length;
      });
      inFlight.add(answered);
      const done = () => inFlight.delete(answered);
      answered.then(done, done);
    };
    send();
    await worker.ready;
    send();
    while (inFlight.size > 0) {
      await Promise.race(inFlight);
      send();
    }
    await Promise.all(alsoHere);
  }

  /** A held raw key's material, as plain data for the worker: AES key bytes (a copy) or the RSA private key's PEM. */
  private keyMaterial(id: KeyId): Uint8Array | string {
    const [type, ...rest] = id.split(':');
    const name = rest.join(':');
    return type === 'aes' ? Uint8Array.from(this.source.aesKey(name)!) : this.source.rsaPrivateKey(name)!;
  }

  /** Decrypts every value or fails with the first problem: for commands that need all of them. */
  public async decryptAll(entries: readonly SecretEntry[]): Promise<string[]> {
    const results = await this.decryptEach(entries);
    const failed = results.find((result): result is Extract<DecryptionResult, { error: ShipshapeError }> => 'error' in result);
    if (failed) throw failed.error;
    return results.map((result) => (result as { plaintext: string }).plaintext);
  }

  private usableKeyIds(header: ValueHeader): KeyId[] {
    const listed = new Set(this.listedKeyIds);
    return header.keyIds.filter((id) => listed.has(id) || (this.acceptRetiredKeys && !id.startsWith('foreign:')));
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
