import { randomBytes } from 'node:crypto';
import { EncryptionKey, ShipshapeError } from '../lib';
import { DecryptWorkerThread } from '../lib/performance/decrypt-worker-thread';
import { defaultTwoThreadDecryptionFrom, TWO_THREAD_DECRYPTION_FROM } from '../lib/performance/two-thread-decryption';
import type { EncryptionKey as Key } from '../lib/secrets/encryption-key';
import { DecryptionResult, SecretCipher } from '../lib/secrets/secret-cipher';
import type { SecretEntry } from '../lib/secrets/secrets-file';
import { FakeKms, flowlineRsaKeyPair, HeldKeys, keySource } from './support/secret-keys';

// The speed technique in lib/performance/two-thread-decryption.ts: many values decrypt on two threads,
// a worker taking batches from the end of the list while this thread takes values from the front.
// `twoThreadDecryptionFrom: 2` makes a handful of values count as many; `Infinity` turns it off.
// By default only values opened with RSA keys use the worker (see the test of the defaults below).
const team = new Uint8Array(randomBytes(32));

function cipher(environment: string, keys: readonly Key[], held: HeldKeys, twoThreadDecryptionFrom: number, acceptRetiredKeys = false): SecretCipher {
  return new SecretCipher({ environment, keys, source: keySource(held), twoThreadDecryptionFrom, acceptRetiredKeys });
}

async function values(writer: SecretCipher, count: number): Promise<SecretEntry[]> {
  const entries: SecretEntry[] = [];
  for (let i = 0; i < count; i++) {
    const service = `service-${i % 3}`;
    const key = `SECRET_${String(i).padStart(2, '0')}`;
    entries.push({ service, key, ciphertext: await writer.encrypt(service, key, `value ${i}: ${randomBytes(12).toString('base64')}`) });
  }
  return entries;
}

/** Flips one bit of the decoded message at an offset from its end (in the encrypted body). */
function tampered(entry: SecretEntry): SecretEntry {
  const bytes = Buffer.from(entry.ciphertext, 'base64');
  bytes[bytes.length - 40] ^= 1;
  return { ...entry, ciphertext: bytes.toString('base64') };
}

/** A result as the user would see it: the plaintext, or the error's parts and sentence. */
function shown(result: DecryptionResult) {
  if ('plaintext' in result) return { entry: result.entry, plaintext: result.plaintext };
  expect(result.error).toBeInstanceOf(ShipshapeError);
  const { location, problem, fix, message } = result.error;
  return { entry: result.entry, location, problem, fix, message };
}

describe('decrypting many values on two threads', () => {
  const staging = (from: number) => cipher('staging', [EncryptionKey.aes('team')], { aes: { team } }, from);

  test('gives the same plaintexts and the same errors, in the same order, as one thread, and leaves no worker running', async () => {
    const entries = await values(staging(Infinity), 40);
    const wrongKey = cipher('staging', [EncryptionKey.aes('team')], { aes: { team: new Uint8Array(randomBytes(32)) } }, Infinity);
    const [stranger] = await values(wrongKey, 1);
    // Broken values at both ends: the worker takes its first batch from the end.
    entries[1] = tampered(entries[1]);
    entries[2] = { ...entries[2], key: 'MOVED_HERE' };
    entries[37] = tampered(entries[37]);
    entries[38] = { ...entries[38], key: 'MOVED_HERE' };
    entries[39] = { ...entries[39], ciphertext: stranger.ciphertext, service: stranger.service, key: stranger.key };

    const one = staging(Infinity);
    const two = staging(2);
    const expected = (await one.decryptEach(entries)).map(shown);
    const results = (await two.decryptEach(entries)).map(shown);

    expect(results).toEqual(expected);
    expect(one.decryptedOnWorker).toBe(0);
    expect(two.decryptedOnWorker).toBeGreaterThan(0);
    expect(DecryptWorkerThread.running).toBe(0);
    expect(results.filter((result) => 'plaintext' in result)).toHaveLength(35);
    expect(results[37].message).toBe(
      'environment staging, service service-1, field SECRET_37: the stored value was altered after it was encrypted (Unsupported state or unable to authenticate data); restore the file from git, or store the value again with `shipshape secrets set staging service-1 SECRET_37`.',
    );
    expect(results[38].message).toBe(
      'environment staging, service service-2, field MOVED_HERE: the stored value was encrypted for environment staging, service service-2, key SECRET_38, so it was copied here by hand; set it again with `shipshape secrets set staging service-2 MOVED_HERE`.',
    );
    expect(results[39].message).toBe(
      'environment staging, service service-0, field SECRET_00: the held aes key "team" does not open the value (wrong key: not the key it was encrypted with, or the value was altered); check the key at <where aes:team is>, then run `shipshape secrets verify staging`.',
    );
  });

  test('decryptAll fails with the same first problem as on one thread, and stops the worker', async () => {
    const entries = await values(staging(Infinity), 12);
    entries[11] = tampered(entries[11]);
    const failures = await Promise.all([staging(Infinity), staging(2)].map((c) => c.decryptAll(entries).catch((error: unknown) => error)));
    expect(failures[1]).toBeInstanceOf(ShipshapeError);
    expect(failures[1]).toEqual(failures[0]);
    expect((failures[1] as ShipshapeError).message).toMatch(/^environment staging, service service-2, field SECRET_11: the stored value was altered after it was encrypted/);
    expect(DecryptWorkerThread.running).toBe(0);
  });

  test('RSA private keys are handed to the worker as PEM: the same plaintexts as one thread', async () => {
    const ci = flowlineRsaKeyPair('ci');
    const breakGlass = flowlineRsaKeyPair('break-glass');
    const keys = [EncryptionKey.rsa('ci'), EncryptionKey.rsa('break-glass')];
    const rsaPublic = { ci: ci.publicKey, 'break-glass': breakGlass.publicKey };
    const entries = await values(cipher('production', keys, { rsaPublic }, Infinity), 8);
    const reader = (from: number) => cipher('production', keys, { rsaPublic, rsaPrivate: { 'break-glass': breakGlass.privateKey } }, from);
    const two = reader(2);
    expect(await two.decryptAll(entries)).toEqual(await reader(Infinity).decryptAll(entries));
    expect(two.decryptedOnWorker).toBeGreaterThan(0);
    expect(DecryptWorkerThread.running).toBe(0);
  });

  test('rotate reads values of a retired key on the worker too', async () => {
    const old = new Uint8Array(randomBytes(32));
    const entries = await values(cipher('staging', [EncryptionKey.aes('old')], { aes: { old } }, Infinity), 10);
    const reader = cipher('staging', [EncryptionKey.aes('team')], { aes: { team, old } }, 2, true);
    expect(await reader.decryptAll(entries)).toEqual(entries.map((_, i) => expect.stringMatching(new RegExp(`^value ${i}: `))));
    expect(reader.decryptedOnWorker).toBeGreaterThan(0);
  });

  // The default end to end (hundreds of RSA-3072 values through `secrets verify`) is in test/integration/secrets-cli.test.ts.
  test('by default, values opened with RSA private keys use two threads from TWO_THREAD_DECRYPTION_FROM values on; AES keys keep to one', async () => {
    expect(defaultTwoThreadDecryptionFrom(['rsa:ci'])).toBe(TWO_THREAD_DECRYPTION_FROM);
    expect(defaultTwoThreadDecryptionFrom(['rsa:ci', 'rsa:break-glass'])).toBe(TWO_THREAD_DECRYPTION_FROM);
    expect(defaultTwoThreadDecryptionFrom(['aes:team'])).toBe(Infinity);
    expect(defaultTwoThreadDecryptionFrom(['rsa:ci', 'aes:team'])).toBe(Infinity);
    expect(defaultTwoThreadDecryptionFrom([])).toBe(Infinity);

    const ci = flowlineRsaKeyPair('ci');
    const keys = [EncryptionKey.rsa('ci')];
    const rsa = await values(cipher('production', keys, { rsaPublic: { ci: ci.publicKey } }, Infinity), 8);
    const reader = new SecretCipher({ environment: 'production', keys, source: keySource({ rsaPublic: { ci: ci.publicKey }, rsaPrivate: { ci: ci.privateKey } }) });
    await reader.decryptAll(rsa);
    expect(reader.decryptedOnWorker).toBe(0);
  });

  test('an environment with a KMS key keeps to one thread: its cost is round trips, already overlapped', async () => {
    const arn = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const production = cipher('production', [EncryptionKey.awsKms(arn)], { kms: new FakeKms([arn]) }, 1);
    const entries = await values(production, 6);
    expect(await production.decryptAll(entries)).toHaveLength(6);
    expect(production.decryptedOnWorker).toBe(0);
  });
});
