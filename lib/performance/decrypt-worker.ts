import { parentPort, workerData } from 'node:worker_threads';
import type { KeyId } from '../secrets/encryption-key';
import { encryptionSdk } from '../secrets/encryption-sdk';
import type { KeySource } from '../secrets/key-source';
import { EnvironmentKeyrings } from '../secrets/keyrings';
import { OpenedMessage, openMessage, RefusedMessage } from '../secrets/opened-message';

// Part of the speed technique in two-thread-decryption.ts (what it speeds up and its measurement are
// described there): the worker thread's side, which opens the values the main thread hands it.

/** What a decrypt worker is started with. */
export interface DecryptWorkerSetup {
  /** The environment whose values it opens (its raw keys' namespace). */
  readonly environment: string;
  /** The kinds of raw key the environment lists, whose keyrings it loads while it starts. */
  readonly keyKinds: ReadonlyArray<'aes' | 'rsa'>;
}

/** One value for the worker: its message and the held keys that may open it (checked on the main thread). */
export interface DecryptJob {
  /** The value's place in the list being decrypted. */
  readonly index: number;
  /** The Encryption SDK message, base64 as stored (a string: a Buffer's whole pool would be copied). */
  readonly ciphertext: string;
  /** The held raw keys to try, in the order the message lists them. */
  readonly keyIds: readonly KeyId[];
}

/** A batch of values, with the key material they need that the worker does not have yet. */
export interface DecryptBatch {
  readonly id: number;
  readonly jobs: readonly DecryptJob[];
  /** AES key bytes (`aes:<name>`) or an RSA private key, PEM (`rsa:<name>`): plain data, since a KeySource holds functions. */
  readonly keys: ReadonlyArray<readonly [KeyId, Uint8Array | string]>;
}

/** The worker's answers: ready once the SDK is loaded, then one per batch, in the batch's order. */
export type DecryptWorkerMessage = { readonly ready: true } | { readonly id: number; readonly outcomes: ReadonlyArray<OpenedMessage | RefusedMessage> };

/**
 * Key material handed over by the main thread. The main thread already built a keyring from the
 * same material, so the checks that name where a key was found never fail here.
 */
function handedOverKeys(material: ReadonlyMap<KeyId, Uint8Array | string>): KeySource {
  const held = <T>(id: KeyId) => material.get(id) as T | undefined;
  return {
    aesKey: (name) => held<Uint8Array>(`aes:${name}`),
    rsaPrivateKey: (name) => held<string>(`rsa:${name}`),
    rsaPublicKey: () => {
      throw new Error('a decrypt worker encrypts nothing');
    },
    kmsClients: () => false,
    whereToFind: (id) => id,
    foundAt: (id) => id,
  };
}

// Opens what the main thread sends, one batch at a time, and answers with what the SDK said for
// each value; the main thread makes the checks and the messages, so they are the same as its own.
const setup = workerData as DecryptWorkerSetup;
const material = new Map<KeyId, Uint8Array | string>();
const keyrings = new EnvironmentKeyrings(setup.environment, handedOverKeys(material));
// One value at a time, one batch after the other: it is CPU work, and fewer messages in flight
// leave the garbage collector less to copy.
let working = Promise.resolve();
parentPort!.on('message', (batch: DecryptBatch) => {
  working = working.then(async () => {
    for (const [id, key] of batch.keys) material.set(id, key);
    const outcomes: Array<OpenedMessage | RefusedMessage> = [];
    for (const job of batch.jobs) outcomes.push(await openMessage(keyrings.forDecryption(job.keyIds), Buffer.from(job.ciphertext, 'base64')));
    parentPort!.postMessage({ id: batch.id, outcomes } satisfies DecryptWorkerMessage);
  });
});
const sdk = encryptionSdk();
if (setup.keyKinds.includes('aes')) sdk.rawAes();
if (setup.keyKinds.includes('rsa')) sdk.rawRsa();
parentPort!.postMessage({ ready: true } satisfies DecryptWorkerMessage);
