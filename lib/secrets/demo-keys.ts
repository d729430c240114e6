import { createHash, createPublicKey, KeyObject } from 'node:crypto';

/**
 * The published demo keys: those in `demo-keys/` of shipshape's example platform, whose private
 * material anyone can read. By SHA-256 fingerprint (see `keyFingerprint`), so that a copy is known
 * wherever it is found: a key file elsewhere, `$SHIPSHAPE_KEY_*`, a committed public key.
 * test/demo-keys.test.ts checks that every key in `demo-keys/` is listed.
 */
const DEMO_KEY_FINGERPRINTS: ReadonlySet<string> = new Set([
  // demo-keys/staging/team.aes
  '022c9fc1f3243189de2012e90e5a564aa07e6d5de4f616e571557815c8b0d2d1',
  // demo-keys/production/ci.pem
  '0ec60b2e48801a7460362541ac053e1d66625b4ef4292bd3e99a71da1cc09eb1',
  // demo-keys/production/break-glass.pem
  '7922f90ea0e38b0b2675a819ef4d4a7af53a93b2db78d8a36c7d39acda886af1',
]);

/** Key material to fingerprint: an AES key's bytes, or an RSA key (the private or the public half). */
export type KeyMaterial = { readonly type: 'aes'; readonly key: Uint8Array } | { readonly type: 'rsa'; readonly key: KeyObject };

/**
 * A key's fingerprint: SHA-256 of an AES key's 32 bytes, or of an RSA key's public half as DER
 * (SubjectPublicKeyInfo), so a private key and its public key have the same one
 * (`openssl pkey -pubout -outform DER | sha256sum` gives it too).
 */
export function keyFingerprint(material: KeyMaterial): string {
  const publicKey = material.type === 'rsa' && material.key.type === 'private' ? createPublicKey(material.key) : material.key;
  const bytes = material.type === 'aes' ? material.key : (publicKey as KeyObject).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(bytes).digest('hex');
}

/** Whether the key is one of the published demo keys, which must never protect a real value. */
export function isDemoKey(material: KeyMaterial): boolean {
  return DEMO_KEY_FINGERPRINTS.has(keyFingerprint(material));
}
