import { randomBytes } from 'node:crypto';
import { EncryptionKey } from '../lib/secrets/encryption-key';
import type { KeySource } from '../lib/secrets/key-source';
import { SecretCipher } from '../lib/secrets/secret-cipher';
import { SecretsFile } from '../lib/secrets/secrets-file';

/** The AES key every benchmark environment's secrets are encrypted under. */
export const BENCH_KEY = EncryptionKey.aes('bench');

/** A key source holding one AES key, as a developer with `secrets keygen` would. */
export function benchKeySource(key: Uint8Array): KeySource {
  return {
    aesKey: (name) => (name === BENCH_KEY.name ? key : undefined),
    rsaPrivateKey: () => undefined,
    rsaPublicKey: () => {
      throw new Error('the benchmark uses no RSA key');
    },
    kmsClients: () => false,
    whereToFind: (id) => `<bench: ${id}>`,
    foundAt: (id) => `<bench: ${id}>`,
  };
}

/** A fresh random AES-256 key. */
export function randomAesKey(): Uint8Array {
  return new Uint8Array(randomBytes(32));
}

/**
 * An environment's secrets file with the given keys stored for each service,
 * each value a realistic 64-character token.
 */
export async function benchSecretsFile(environment: string, services: ReadonlyArray<{ name: string; secrets: readonly string[] }>, key: Uint8Array): Promise<string> {
  const cipher = new SecretCipher({ environment, keys: [BENCH_KEY], source: benchKeySource(key) });
  const values: Array<[string, string, string]> = [];
  for (const service of services) {
    for (const name of service.secrets) values.push([service.name, name, await cipher.encrypt(service.name, name, randomBytes(48).toString('base64'))]);
  }
  let file = SecretsFile.empty(environment);
  for (const [service, name, ciphertext] of values) file = file.with(service, name, ciphertext);
  return file.render();
}

/** Encrypts and decrypts `count` values under one AES key; returns seconds for each. */
export async function timeSecrets(count: number): Promise<{ encryptSeconds: number; decryptSeconds: number }> {
  const key = randomAesKey();
  const cipher = new SecretCipher({ environment: 'bench', keys: [BENCH_KEY], source: benchKeySource(key) });
  await cipher.encrypt('warm-up', 'KEY', 'x');
  let file = SecretsFile.empty('bench');
  const startedEncrypt = performance.now();
  const ciphertexts: Array<[string, string, string]> = [];
  for (let i = 0; i < count; i++) {
    const service = `service-${String(i % 50).padStart(2, '0')}`;
    const name = `SECRET_${String(Math.floor(i / 50)).padStart(3, '0')}`;
    ciphertexts.push([service, name, await cipher.encrypt(service, name, randomBytes(48).toString('base64'))]);
  }
  const encryptSeconds = (performance.now() - startedEncrypt) / 1000;
  for (const [service, name, ciphertext] of ciphertexts) file = file.with(service, name, ciphertext);
  const startedDecrypt = performance.now();
  await cipher.decryptAll(file.entries());
  return { encryptSeconds, decryptSeconds: (performance.now() - startedDecrypt) / 1000 };
}
