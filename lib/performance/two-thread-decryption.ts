import { cpus } from 'node:os';
import type { EncryptionKey, KeyId } from '../secrets/encryption-key';
import type { OpenedMessage, RefusedMessage } from '../secrets/opened-message';
import type { DecryptJob } from './decrypt-worker';
import { DecryptWorkerThread } from './decrypt-worker-thread';

/*
 * Speed technique: decrypting many values on two threads when RSA private keys open them.
 *
 * What it speeds up: `SecretCipher.decryptEach`, and so `shipshape secrets verify`, `render`, `edit`
 * and `rotate`, for an environment whose held keys are all RSA keys (CI's key), from
 * TWO_THREAD_DECRYPTION_FROM values on. An RSA private-key operation (RSA-3072, ~2 ms a value) is
 * native work that a second core runs as fast as the first: the main thread takes values from the
 * front of the list, a worker thread batches from the back, until they meet.
 *
 * Where it does not pay, it is off: with an AES key the time is the SDK's JavaScript, and a fresh
 * worker's JIT compilation and garbage collection compete with the main thread's (forced on, 1,000
 * AES values took about as long, see below); with a KMS key the cost is network round trips, which
 * `decryptEach`'s bounded concurrency already overlaps.
 *
 * Its measurement: `npm run bench:secrets` (and `npm run bench`) times it off and on, alternated in
 * fresh processes, into bench/results.json (`techniques.twoThreadDecryption`), shown in
 * bench/README.md under "Speed techniques". When it was moved here (2 shared cores, 10 whole
 * commands each way, alternated), `shipshape secrets verify production` with the CI key took 0.68×
 * the time with it on at 1,000 values and 0.77× at 300; `secrets render production` 0.71× and 0.78×.
 * Forced on with an AES key, 1,000 values took 0.98–0.99× (noise): off.
 */

/**
 * From this many values on, values opened with RSA private keys are decrypted on two threads.
 * Measured on a 2-core machine, in fresh processes: RSA-3072 100 values even, 200 values 12 %
 * faster, 600 values 30 % faster.
 */
export const TWO_THREAD_DECRYPTION_FROM = 200;

/** At most this many values go to the worker at a time; it always has one more batch waiting. */
const WORKER_BATCH = 32;

/**
 * From how many values two-thread decryption is used unless told otherwise: from
 * TWO_THREAD_DECRYPTION_FROM when every key held here is an RSA key, never otherwise.
 *
 * @param held the ids of the environment's keys held here
 */
export function defaultTwoThreadDecryptionFrom(held: readonly KeyId[]): number {
  return held.length > 0 && held.every((id) => id.startsWith('rsa:')) ? TWO_THREAD_DECRYPTION_FROM : Infinity;
}

/**
 * Whether decrypting `count` values pays on two threads: the machine has a second core, the
 * environment lists no KMS key, some listed key is held here, and the values are at least `from`.
 *
 * @param keys the keys the environment lists
 * @param held the ids of the listed keys held here
 * @param from from how many values; by default {@link defaultTwoThreadDecryptionFrom}
 */
export function twoThreadDecryptionPays(count: number, keys: readonly EncryptionKey[], held: readonly KeyId[], from = defaultTwoThreadDecryptionFrom(held)): boolean {
  return cpus().length >= 2 && !keys.some((key) => key.type === 'aws-kms') && held.length > 0 && count >= from;
}

/** What the worker thread needs to open a value: the message as stored and the held keys that may open it. */
export interface ValueForWorker {
  /** The Encryption SDK message, base64 as stored. */
  readonly ciphertext: string;
  /** The held keys that may open it, in the order the message lists them. */
  readonly keyIds: readonly KeyId[];
}

/**
 * What the technique needs from the cipher whose values it decrypts: the cipher's own steps, so
 * that every value gets the same checks and messages whichever thread opened it. Each step records
 * the value's outcome itself.
 */
export interface ValuesToDecrypt {
  /** How many values there are; they are numbered from 0. */
  readonly count: number;
  /** Decrypts a value on this thread, as the cipher does one value. */
  decryptHere(index: number): Promise<void>;
  /** Checks a value's header and finds the held keys that may open it; undefined when the check failed. */
  prepare(index: number): ValueForWorker | undefined;
  /** Checks what the SDK said on the worker about a prepared value. */
  openedOnWorker(index: number, opened: OpenedMessage | RefusedMessage): void;
  /** A held raw key's material, as plain data for the worker: AES key bytes (a copy) or the RSA private key's PEM. */
  keyMaterial(id: KeyId): Uint8Array | string;
}

/**
 * Decrypts every value on this thread and a worker thread, started at once (so that it starts up
 * while this thread loads the SDK and decrypts): this thread takes values from the front, one at a
 * time, the worker batches from the back, until they meet. Stops the worker before it returns.
 *
 * @param environment the environment whose values they are (its raw keys' namespace)
 * @param keys the keys the environment lists: the worker loads their kinds' keyrings as it starts
 * @returns how many values the worker thread decrypted
 */
export async function decryptOnTwoThreads(values: ValuesToDecrypt, environment: string, keys: readonly EncryptionKey[]): Promise<number> {
  const keyKinds = [...new Set(keys.map((key) => key.type as 'aes' | 'rsa'))];
  const worker = new DecryptWorkerThread({ environment, keyKinds });
  // The values still to open: this thread takes them from the front, the worker from the back.
  const queue = { next: 0, end: values.count };
  const here = async () => {
    while (queue.next < queue.end) {
      await values.decryptHere(queue.next++);
      // With raw keys the SDK's decrypt is CPU work run on promise callbacks, which the event
      // loop does not interrupt: turn it after every value, so the worker's answers are read
      // (and its next batch sent) within a millisecond, not after a dozen values.
      await new Promise(setImmediate);
    }
  };
  try {
    const [onWorker] = await Promise.all([feed(worker, values, queue), here()]);
    return onWorker;
  } finally {
    await worker.stop();
  }
}

/**
 * Hands the worker batches from the back of the queue: one at once (so it takes part however
 * fast this thread is; it waits in the worker until the SDK is loaded), one more once it is
 * ready, then one for each it answers, so it never waits for this thread.
 *
 * @returns how many values the worker decrypted
 */
async function feed(worker: DecryptWorkerThread, values: ValuesToDecrypt, queue: { next: number; end: number }): Promise<number> {
  const inFlight = new Set<Promise<void>>();
  const alsoHere: Array<Promise<void>> = [];
  let onWorker = 0;
  const send = () => {
    const jobs: DecryptJob[] = [];
    while (jobs.length === 0 && queue.next < queue.end) {
      // Smaller batches towards the end, so neither thread waits long for the other.
      const count = Math.min(WORKER_BATCH, Math.ceil((queue.end - queue.next) / 4));
      queue.end -= count;
      for (let index = queue.end; index < queue.end + count; index++) {
        const value = values.prepare(index);
        if (!value) continue;
        // A key the environment no longer lists may be a KMS key (`rotate`): those stay on this thread.
        if (value.keyIds.some((id) => id.startsWith('aws-kms:'))) {
          const settled = values.decryptHere(index);
          settled.catch(() => undefined); // awaited below; a bug must not end the process as an unhandled rejection first
          alsoHere.push(settled);
        } else {
          jobs.push({ index, ciphertext: value.ciphertext, keyIds: value.keyIds });
        }
      }
    }
    if (jobs.length === 0) return;
    const answered = worker.open(jobs, (id) => values.keyMaterial(id)).then((outcomes) => {
      outcomes.forEach((opened, at) => values.openedOnWorker(jobs[at].index, opened));
      onWorker += jobs.length;
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
  return onWorker;
}
