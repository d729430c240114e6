import type { HeaderInfo } from '@aws-crypto/serialize';
import type { KeyId } from './encryption-key';
import { MessageParser, messageParser } from './encryption-sdk';

/** What a value's message header tells without any key. Not authenticated until the value is decrypted. */
export interface ValueHeader {
  /** The algorithm suite id. */
  readonly suiteId: number;
  /** The encryption context, in clear. */
  readonly encryptionContext: Readonly<Record<string, string>>;
  /** The keys it is encrypted for, in the order they were added. */
  readonly keyIds: readonly KeyId[];
}

/** The key namespace (the message's "provider id") of a raw key: the environment is part of it, so one environment's key never tries another's values. */
export function rawKeyNamespace(environment: string, type: 'rsa' | 'aes'): string {
  return `shipshape/${environment}/${type}`;
}

const KMS_PROVIDER_ID = 'aws-kms';
const RAW_NAMESPACE = /^shipshape\/([^/]+)\/(rsa|aes)$/;
// A raw AES data key's provider info is the key name, then tag length (4 bytes), IV length (4) and the 12-byte IV.
const AES_INFO_SUFFIX = 20;

/**
 * Reads a value's message header: its suite, encryption context and the keys it is encrypted for;
 * and checks the frames after it (sequence numbers, IVs, lengths, nothing after the last), which
 * needs no key either. Whether the encrypted bytes themselves were altered only a key can tell.
 * @returns the header, or what is wrong with the message
 */
export function readValueHeader(message: Uint8Array, environment: string): ValueHeader | { readonly problem: string } {
  const parser = messageParser();
  let info: HeaderInfo | false;
  let bodyProblem: string | undefined;
  try {
    info = parser.readHeader(message);
    // A signed suite's message ends in a signature; shipshape refuses those for their suite alone.
    bodyProblem = info && !info.algorithmSuite.signatureCurve ? framesProblem(parser, message, info) : undefined;
  } catch (error) {
    return { problem: `is not an AWS Encryption SDK message (${(error as Error).message})` };
  }
  if (!info) return { problem: 'is cut short (its message header is incomplete)' };
  if (bodyProblem) return { problem: bodyProblem };
  const { suiteId, encryptionContext, encryptedDataKeys } = info.messageHeader;
  const keyIds = encryptedDataKeys.map(({ providerId, providerInfo, rawInfo }) => {
    if (providerId === KMS_PROVIDER_ID) return `aws-kms:${providerInfo}`;
    const raw = RAW_NAMESPACE.exec(providerId);
    if (!raw) return `foreign:a key of provider "${providerId}"`;
    const name = raw[2] === 'aes' ? Buffer.from(rawInfo ?? []).subarray(0, -AES_INFO_SUFFIX).toString('utf8') : providerInfo;
    return raw[1] === environment ? `${raw[2]}:${name}` : `foreign:${raw[2]} key "${name}" of environment ${raw[1]}`;
  });
  return { suiteId, encryptionContext: { ...encryptionContext }, keyIds };
}

/** What is wrong with the frames that follow the header, as the SDK writes them: numbered from 1, each with the IV of its number, the last one marked and ending the message. */
function framesProblem(parser: MessageParser, message: Uint8Array, header: HeaderInfo): string | undefined {
  let readPos = header.headerLength + header.headerAuth.headerAuthLength;
  for (let sequenceNumber = 1; ; sequenceNumber++) {
    const frame = parser.readFrameHeader(message, header, readPos);
    if (!frame) return 'is cut short (its last frame is missing)';
    if (frame.sequenceNumber !== sequenceNumber) return `has frame ${frame.sequenceNumber} where frame ${sequenceNumber} belongs`;
    if (!Buffer.from(frame.iv).equals(parser.frameIv(12, sequenceNumber))) return `has an IV in frame ${sequenceNumber} that the SDK does not write`;
    // The tag length is in bits.
    readPos = frame.readPos + frame.contentLength + frame.tagLength / 8;
    if (readPos > message.length) return `is cut short (frame ${sequenceNumber} is incomplete)`;
    if (frame.isFinalFrame) break;
  }
  return readPos < message.length ? `has ${message.length - readPos} bytes after its last frame` : undefined;
}
