import { contentHash } from '../content-hash';
import type { SecretsFile } from './secrets-file';

/**
 * What synth needs to know about an environment's encrypted secrets, without
 * being able to read them: which keys are stored per service, and a
 * fingerprint of their ciphertexts so a changed value rolls the pods.
 */
export interface SecretCatalog {
  /** Where the values are stored, for error messages, e.g. `environments/staging/secrets.json`. */
  readonly source: string;
  /** The keys stored for a service, sorted. */
  keys(service: string): readonly string[];
  /** A fingerprint of the service's encrypted values, or undefined when none are stored. */
  digest(service: string): string | undefined;
  /** The services that have stored values, sorted. */
  services(): readonly string[];
}

/** A catalog with nothing stored, for environments without a secrets file. */
export function emptySecretCatalog(source: string): SecretCatalog {
  return { source, keys: () => [], digest: () => undefined, services: () => [] };
}

/**
 * What synth may know of a secrets file, read without any key: the stored keys per service,
 * and a fingerprint of each service's ciphertexts. A value set again (even to the same
 * plaintext, since encryption is randomized) or rotated changes the fingerprint and rolls the
 * pods; `shipshape secrets edit` re-encrypts only the values that changed, so the others keep theirs.
 *
 * @param source the file's path, for messages
 */
export function secretCatalogOf(file: SecretsFile, source: string): SecretCatalog {
  const entries = file.entries();
  const byService = new Map<string, Record<string, string>>();
  for (const entry of entries) byService.set(entry.service, { ...byService.get(entry.service), [entry.key]: entry.ciphertext });
  return {
    source,
    keys: (service) => Object.keys(byService.get(service) ?? {}),
    digest: (service) => (byService.has(service) ? contentHash(byService.get(service)) : undefined),
    services: () => [...byService.keys()],
  };
}
