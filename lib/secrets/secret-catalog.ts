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
