import type { KeyringNode } from '@aws-crypto/material-management-node';
import { encryptionSdk } from './encryption-sdk';

/**
 * What the Encryption SDK gives back for one message, as plain data, so that it reads the same
 * whether the message was opened on this thread or on a worker thread.
 */
export interface OpenedMessage {
  /** The plaintext, UTF-8. Never logged or written. */
  readonly plaintext: string;
  /** The encryption context the SDK authenticated. */
  readonly encryptionContext: Readonly<Record<string, string>>;
  /** The algorithm suite id the SDK authenticated. */
  readonly suiteId: number;
}

/** Why the SDK refused a message: its error's message, which is all shipshape's explanations read. */
export interface RefusedMessage {
  readonly refused: string;
}

/** Opens one message with the SDK's decrypt; a refusal is an answer, not an exception. */
export async function openMessage(keyring: KeyringNode, message: Uint8Array): Promise<OpenedMessage | RefusedMessage> {
  try {
    const { plaintext, messageHeader } = await encryptionSdk().client.decrypt(keyring, message);
    return { plaintext: plaintext.toString('utf8'), encryptionContext: { ...messageHeader.encryptionContext }, suiteId: messageHeader.suiteId };
  } catch (error) {
    return { refused: errorMessage(error) };
  }
}

// Not `instanceof Error`: errors from Node's crypto may come from another realm (jest's sandbox, for one).
export function errorMessage(error: unknown): string {
  return error !== null && typeof error === 'object' && 'message' in error ? String(error.message) : String(error);
}
