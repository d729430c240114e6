import { SECRETS_FORMAT } from './secrets-file';

/** Where a value is stored: its environment, service and key. */
export interface SecretPlace {
  readonly environment: string;
  readonly service: string;
  readonly key: string;
}

const FORMAT = 'shipshape:format';
const ENVIRONMENT = 'shipshape:environment';
const SERVICE = 'shipshape:service';
const KEY = 'shipshape:key';

/**
 * The encryption context a value is encrypted under: it binds the ciphertext to its place
 * (and the file format), is authenticated with it, and is stored in clear in the message
 * header. KMS also logs it in CloudTrail and IAM conditions can match it
 * (`kms:EncryptionContext:shipshape:environment`).
 */
export function encryptionContextFor(place: SecretPlace): Record<string, string> {
  return { [FORMAT]: SECRETS_FORMAT, [ENVIRONMENT]: place.environment, [SERVICE]: place.service, [KEY]: place.key };
}

/**
 * What is wrong with a value's encryption context, for the place it is stored at, or undefined.
 *
 * The Encryption SDK authenticates the context but does not compare it with anything on
 * decrypt, so without this check a value copied to another key, service or environment (which
 * the same key opens) would decrypt there silently.
 */
export function encryptionContextProblem(context: Readonly<Record<string, string>>, place: SecretPlace): string | undefined {
  const expected = encryptionContextFor(place);
  const missing = Object.keys(expected).filter((name) => context[name] === undefined);
  if (missing.length > 0) return `was not encrypted by shipshape (its encryption context has no ${missing.join(', ')})`;
  const extra = Object.keys(context).filter((name) => !(name in expected)).sort();
  if (extra.length > 0) return `carries encryption context shipshape does not write (${extra.join(', ')})`;
  if (context[FORMAT] !== SECRETS_FORMAT) return `was encrypted for format ${context[FORMAT]}, not ${SECRETS_FORMAT}`;
  if (context[ENVIRONMENT] !== place.environment || context[SERVICE] !== place.service || context[KEY] !== place.key) {
    return `was encrypted for environment ${context[ENVIRONMENT]}, service ${context[SERVICE]}, key ${context[KEY]}, so it was copied here by hand`;
  }
  return undefined;
}
