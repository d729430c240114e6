import type { Worker } from 'node:worker_threads';
import { PendingRequests, startWorkerThread } from './worker-thread';
import type { KeyId } from '../secrets/encryption-key';
import type { OpenedMessage, RefusedMessage } from '../secrets/opened-message';
import type { DecryptBatch, DecryptJob, DecryptWorkerMessage, DecryptWorkerSetup } from './decrypt-worker';

let running = 0;

/**
 * Part of the speed technique in two-thread-decryption.ts (what it speeds up and its measurement are
 * described there): the main thread's handle on a worker thread that opens values with raw keys. The worker
 * starts loading at once (Node, then its module and the SDK's decrypting half), so
 * that its start-up overlaps the main thread's own work; it answers each batch with what the SDK
 * said, and the main thread makes the checks and the messages.
 */
export class DecryptWorkerThread {
  /** How many decrypt workers are running in this process: none once every `decryptEach` has returned. */
  public static get running(): number {
    return running;
  }

  /** Settles once the worker has loaded the SDK; rejects if it fails before. */
  public readonly ready: Promise<void>;
  private readonly worker: Worker;
  private readonly requests = new PendingRequests<Array<OpenedMessage | RefusedMessage>>();
  private readonly handedOver = new Set<KeyId>();
  private stopping = false;

  public constructor(setup: DecryptWorkerSetup) {
    this.worker = startWorkerThread(__dirname, 'decrypt-worker', __filename, { workerData: setup });
    running++;
    let started: () => void = () => undefined;
    let failed: (error: Error) => void = () => undefined;
    this.ready = new Promise<void>((resolve, reject) => {
      started = resolve;
      failed = reject;
    });
    // Whoever waits for it sees a failure; nobody has to.
    this.ready.catch(() => undefined);
    const fail = (error: Error) => {
      if (this.stopping) return;
      failed(error);
      this.requests.failAll(error);
    };
    this.worker.on('message', (message: DecryptWorkerMessage) => {
      if ('ready' in message) return started();
      this.requests.answer(message.id, [...message.outcomes]);
    });
    this.worker.on('error', (error) => fail(new Error(`decrypting on a worker thread failed: ${error.stack ?? error.message}`)));
    this.worker.once('exit', (code) => {
      running--;
      fail(new Error(`the decrypt worker thread stopped early (exit code ${code})`));
    });
  }

  /**
   * Opens the jobs' messages on the worker thread.
   * @param material the key material of a key id the jobs name: handed over once per key
   * @returns what the SDK said for each job, in the jobs' order
   */
  public open(jobs: readonly DecryptJob[], material: (id: KeyId) => Uint8Array | string): Promise<Array<OpenedMessage | RefusedMessage>> {
    const keys: Array<[KeyId, Uint8Array | string]> = [];
    for (const id of new Set(jobs.flatMap((job) => job.keyIds))) {
      if (this.handedOver.has(id)) continue;
      keys.push([id, material(id)]);
      this.handedOver.add(id);
    }
    return this.requests.send((id) => this.worker.postMessage({ id, jobs, keys } satisfies DecryptBatch));
  }

  /** Stops the worker, whatever it is doing; what it had not answered is dropped. */
  public async stop(): Promise<void> {
    this.stopping = true;
    this.requests.forget();
    await this.worker.terminate();
  }
}
