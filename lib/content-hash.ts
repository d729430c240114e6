import { createHash, hash } from 'node:crypto';

/** sha256 in hex. `crypto.hash` (Node.js 20.12 on) skips the Hash object, which cost more than the hashing: synth hashes thousands of small texts. */
const sha256Hex: (text: string) => string =
  typeof hash === 'function' ? (text) => hash('sha256', text, 'hex') : (text) => createHash('sha256').update(text).digest('hex');

/**
 * A short, stable fingerprint of some data: sha256 of its JSON with sorted keys.
 * Pod-template annotations carry it, so the pods roll exactly when the data changes.
 */
export function contentHash(data: unknown): string {
  return sha256Hex(stringMapJson(data) ?? canonicalJson(data)).slice(0, 16);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * `canonicalJson` of a map of strings (a service's config, its secrets' ciphertexts: what synth hashes
 * thousands of times) at half the cost of the generic walk; undefined for any other value.
 */
function stringMapJson(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  let json = '';
  for (const key of Object.keys(value).sort()) {
    const field = (value as Record<string, unknown>)[key];
    if (field === undefined) continue;
    if (typeof field !== 'string') return undefined;
    json += `${json.length > 0 ? ',' : ''}${JSON.stringify(key)}:${JSON.stringify(field)}`;
  }
  return `{${json}}`;
}
