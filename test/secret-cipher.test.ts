import { randomBytes } from 'node:crypto';
import { defineEnvironment, EncryptionKey, ShipshapeError } from '../lib';
import { encryptionContextFor } from '../lib/secrets/encryption-context';
import type { EncryptionKey as Key } from '../lib/secrets/encryption-key';
import { ALGORITHM_SUITE, encryptionSdk } from '../lib/secrets/encryption-sdk';
import { SecretCipher } from '../lib/secrets/secret-cipher';
import type { SecretEntry } from '../lib/secrets/secrets-file';
import { FakeKms, flowlineRsaKeyPair, HeldKeys, keySource, rsaKeyPair } from './support/secret-keys';
import { mistake } from './support/mistake';

const KMS_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const team = new Uint8Array(randomBytes(32));
const ci = flowlineRsaKeyPair('ci');
const breakGlass = flowlineRsaKeyPair('break-glass');

function cipher(environment: string, keys: readonly Key[], held: HeldKeys, acceptRetiredKeys = false): SecretCipher {
  return new SecretCipher({ environment, keys, source: keySource(held), acceptRetiredKeys });
}

const staging = cipher('staging', [EncryptionKey.aes('team')], { aes: { team } });

async function stored(c: SecretCipher, service: string, key: string, plaintext: string): Promise<SecretEntry> {
  return { service, key, ciphertext: await c.encrypt(service, key, plaintext) };
}

/** The message a promise fails with, which must be a ShipshapeError (one sentence for the user). */
async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ShipshapeError) return error.message;
    throw error;
  }
  throw new Error('expected a ShipshapeError');
}

/** Flips one bit of the decoded message at an offset from its end. */
function flipped(entry: SecretEntry, fromEnd: number): SecretEntry {
  const bytes = Buffer.from(entry.ciphertext, 'base64');
  bytes[bytes.length - fromEnd] ^= 1;
  return { ...entry, ciphertext: bytes.toString('base64') };
}

describe('encrypting and decrypting one value', () => {
  test('round-trips, with a fresh ciphertext each time, under the committing unsigned suite and a context binding its place', async () => {
    const first = await stored(staging, 'api', 'DATABASE_URL', 'postgres://api:pw@db/flowline');
    const second = await stored(staging, 'api', 'DATABASE_URL', 'postgres://api:pw@db/flowline');
    expect(await staging.decrypt(first)).toBe('postgres://api:pw@db/flowline');
    expect(second.ciphertext).not.toBe(first.ciphertext);
    expect(staging.inspect(first)).toEqual({
      suiteId: 0x0478,
      encryptionContext: { 'shipshape:format': 'shipshape.dev/secrets/v1', 'shipshape:environment': 'staging', 'shipshape:service': 'api', 'shipshape:key': 'DATABASE_URL' },
      keyIds: ['aes:team'],
    });
    expect(ALGORITHM_SUITE).toBe(encryptionSdk().materials.AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY);
  });

  test('keeps multi-line and non-ASCII values exactly', async () => {
    const value = '-----BEGIN KEY-----\nabc\n-----END KEY-----\nünïcødé ✓';
    expect(await staging.decrypt(await stored(staging, 'api', 'TLS_KEY', value))).toBe(value);
  });

  test('a value copied to another key is refused, although the same key opens it', async () => {
    const value = await stored(staging, 'api', 'DATABASE_URL', 'postgres://...');
    expect(await failure(staging.decrypt({ ...value, key: 'JWT_SIGNING_KEY' }))).toBe(
      'environment staging, service api, field JWT_SIGNING_KEY: the stored value was encrypted for environment staging, service api, key DATABASE_URL, so it was copied here by hand; set it again with `shipshape secrets set staging api JWT_SIGNING_KEY`.',
    );
  });

  test('a value copied to another service is refused', async () => {
    const value = await stored(staging, 'api', 'DATABASE_URL', 'postgres://...');
    expect(await failure(staging.decrypt({ ...value, service: 'webhooks' }))).toBe(
      'environment staging, service webhooks, field DATABASE_URL: the stored value was encrypted for environment staging, service api, key DATABASE_URL, so it was copied here by hand; set it again with `shipshape secrets set staging webhooks DATABASE_URL`.',
    );
  });

  test('a value copied to another environment is refused, even where a key of the same name and material is listed', async () => {
    const production = cipher('production', [EncryptionKey.aes('team')], { aes: { team } });
    const value = await stored(staging, 'api', 'DATABASE_URL', 'postgres://...');
    expect(await failure(production.decrypt(value))).toBe(
      'environment production, service api, field DATABASE_URL: the stored value was encrypted for environment staging, service api, key DATABASE_URL, so it was copied here by hand; set it again with `shipshape secrets set production api DATABASE_URL`.',
    );
  });

  test("staging's key cannot decrypt production's values", async () => {
    const production = cipher('production', [EncryptionKey.aes('team')], { aes: { team: new Uint8Array(randomBytes(32)) } });
    const value = await stored(production, 'api', 'DATABASE_URL', 'postgres://prod');
    const withStagingKey = cipher('production', [EncryptionKey.aes('team')], { aes: { team } });
    expect(await failure(withStagingKey.decrypt(value))).toBe(
      'environment production, service api, field DATABASE_URL: the held aes key "team" does not open the value (wrong key: not the key it was encrypted with, or the value was altered); check the key at <where aes:team is>, then run `shipshape secrets verify production`.',
    );
  });

  test('a wrong AES key of the right name is named as such', async () => {
    const value = await stored(staging, 'api', 'DATABASE_URL', 'postgres://...');
    const wrong = cipher('staging', [EncryptionKey.aes('team')], { aes: { team: new Uint8Array(randomBytes(32)) } });
    expect(await failure(wrong.decrypt(value))).toMatch(/^environment staging, service api, field DATABASE_URL: the held aes key "team" does not open the value \(wrong key/);
  });

  test('ciphertext altered after encryption is refused', async () => {
    const value = await stored(staging, 'api', 'DATABASE_URL', 'postgres://...');
    // A byte of the authentication tag at the end: only the key tells that it changed.
    expect(await failure(staging.decrypt(flipped(value, 5)))).toBe(
      'environment staging, service api, field DATABASE_URL: the stored value was altered after it was encrypted (Unsupported state or unable to authenticate data); restore the file from git, or store the value again with `shipshape secrets set staging api DATABASE_URL`.',
    );
  });

  test('an encryption context altered to fit another place fails authentication', async () => {
    const value = await stored(staging, 'api', 'DATABASE_URL', 'postgres://...');
    const forged = Buffer.from(Buffer.from(value.ciphertext, 'base64').toString('latin1').replace('DATABASE_URL', 'DATABASE_URX'), 'latin1');
    const moved = { service: 'api', key: 'DATABASE_URX', ciphertext: forged.toString('base64') };
    // The header now claims the new place; the AES key authenticates the context, so the data key no longer unwraps.
    expect(await failure(staging.decrypt(moved))).toMatch(/field DATABASE_URX: the held aes key "team" does not open the value \(wrong key: not the key it was encrypted with, or the value was altered\)/);
  });

  test('a value encrypted only for a key the environment does not list is an unknown key', async () => {
    const old = new Uint8Array(randomBytes(32));
    const before = cipher('staging', [EncryptionKey.aes('old')], { aes: { old } });
    const value = await stored(before, 'api', 'DATABASE_URL', 'postgres://...');
    expect(await failure(staging.decrypt(value))).toBe(
      'environment staging, service api, field DATABASE_URL: the stored value is encrypted only for aes key "old", which environment staging does not list in encryptionKeys (unknown key); list that key again and run `shipshape secrets rotate staging`, or set the value again.',
    );
    // rotate reads it with the retired key while it is still held
    expect(await cipher('staging', [EncryptionKey.aes('team')], { aes: { team, old } }, true).decrypt(value)).toBe('postgres://...');
  });

  test('a reader holding none of the keys is told where to put one', async () => {
    const value = await stored(staging, 'api', 'DATABASE_URL', 'postgres://...');
    expect(await failure(cipher('staging', [EncryptionKey.aes('team')], {}).decrypt(value))).toBe(
      'environment staging, service api, field DATABASE_URL: none of the keys that open the value is held here (it is encrypted for aes key "team"); put one at <where aes:team would be>; without a key you can still set values, list and remove them.',
    );
  });

  test('bytes that are not an Encryption SDK message, or are cut short, are a hand-edited file', async () => {
    const garbage = { service: 'api', key: 'DATABASE_URL', ciphertext: Buffer.from('hello, world').toString('base64') };
    expect(await failure(staging.decrypt(garbage))).toBe(
      'environment staging, service api, field DATABASE_URL: the stored value is not an AWS Encryption SDK message (Not a supported message format version.) (the file was edited by hand); restore the file from git, or store the value again with `shipshape secrets set staging api DATABASE_URL`.',
    );
    const value = await stored(staging, 'api', 'DATABASE_URL', 'postgres://...');
    const cut = { ...value, ciphertext: Buffer.from(value.ciphertext, 'base64').subarray(0, 60).toString('base64') };
    expect(await failure(staging.decrypt(cut))).toMatch(/field DATABASE_URL: the stored value is cut short \(its message header is incomplete\)/);
  });

  test('a message with another algorithm suite (the signed default) is refused', async () => {
    const { client, materials, rawAes } = encryptionSdk();
    const { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } = rawAes();
    const keyring = new RawAesKeyringNode({
      keyNamespace: 'shipshape/staging/aes',
      keyName: 'team',
      unencryptedMasterKey: new Uint8Array(team),
      wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
    });
    const place = { environment: 'staging', service: 'api', key: 'DATABASE_URL' };
    const { result } = await client.encrypt(keyring, 'x', { encryptionContext: encryptionContextFor(place), suiteId: materials.AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384 });
    expect(await failure(staging.decrypt({ service: 'api', key: 'DATABASE_URL', ciphertext: result.toString('base64') }))).toMatch(
      /field DATABASE_URL: the stored value uses algorithm suite 0x0578, not the 0x0478 shipshape writes/,
    );
  });

  test('decryptEach reports every failing value, not just the first', async () => {
    const good = await stored(staging, 'api', 'DATABASE_URL', 'a');
    const moved = { ...(await stored(staging, 'api', 'JWT_SIGNING_KEY', 'b')), key: 'OTHER' };
    const results = await staging.decryptEach([good, moved, flipped(good, 5)]);
    expect(results.map((r) => ('error' in r ? r.error.problem.split(' (')[0].split(',')[0] : r.plaintext))).toEqual([
      'a',
      'the stored value was encrypted for environment staging',
      'the stored value was altered after it was encrypted',
    ]);
  });
});

describe('keyrings', () => {
  const production = [EncryptionKey.rsa('ci'), EncryptionKey.rsa('break-glass')];
  const publicKeys = { ci: ci.publicKey, 'break-glass': breakGlass.publicKey };

  test('RSA is write-only without the private key: a developer sets values, only a private key holder reads them', async () => {
    const developer = cipher('production', production, { rsaPublic: publicKeys });
    const value = await stored(developer, 'api', 'DATABASE_URL', 'postgres://prod');
    expect(developer.inspect(value)).toMatchObject({ keyIds: ['rsa:ci', 'rsa:break-glass'] });
    expect(await failure(developer.decrypt(value))).toMatch(/none of the keys that open the value is held here \(it is encrypted for rsa key "ci", rsa key "break-glass"\)/);
    expect(await cipher('production', production, { rsaPublic: publicKeys, rsaPrivate: { ci: ci.privateKey } }).decrypt(value)).toBe('postgres://prod');
    expect(await cipher('production', production, { rsaPublic: publicKeys, rsaPrivate: { 'break-glass': breakGlass.privateKey } }).decrypt(value)).toBe('postgres://prod');
  });

  test('a private key that is not the pair of the committed public key is a wrong key, named before any value', () => {
    expect(mistake(() => cipher('production', production, { rsaPublic: publicKeys, rsaPrivate: { ci: breakGlass.privateKey } }))).toBe(
      'environment production, field encryptionKeys: the private key at <where rsa:ci is> is not the pair of the committed public key environments/production/keys/ci.pub.pem (wrong key); use the private key of the rsa key "ci" of environment production.',
    );
  });

  test('an RSA key shorter than 2048 bits, or not a key at all, is refused', () => {
    const short = rsaKeyPair(1024);
    expect(mistake(() => cipher('production', [EncryptionKey.rsa('ci')], { rsaPublic: { ci: short.publicKey } }).prepareEncryption())).toBe(
      'environment production, field encryptionKeys: environments/production/keys/ci.pub.pem is a 1024-bit RSA key, shorter than 2048 bits; generate one with `shipshape secrets keygen --type rsa`.',
    );
    expect(mistake(() => cipher('production', [EncryptionKey.rsa('ci')], { rsaPublic: { ci: 'not a key' } }).prepareEncryption())).toBe(
      'environment production, field encryptionKeys: environments/production/keys/ci.pub.pem is not a PEM public key; replace it with the public key `shipshape secrets keygen --type rsa` wrote.',
    );
  });

  test('writing for an AES key needs the key itself, and a key file of the wrong length is named', async () => {
    expect(await failure(cipher('staging', [EncryptionKey.aes('team')], {}).encrypt('api', 'X', 'v'))).toBe(
      'environment staging, field encryptionKeys: writing a value needs the aes key "team" itself (an AES key encrypts and decrypts), which is not held here; put it at <where aes:team would be>.',
    );
    expect(await failure(cipher('staging', [EncryptionKey.aes('team')], { aes: { team: new Uint8Array(16) } }).encrypt('api', 'X', 'v'))).toBe(
      'environment staging, field encryptionKeys: the aes key "team" at <where aes:team is> is 16 bytes long, not 32; use the key file `shipshape secrets keygen staging team` wrote.',
    );
  });

  test('a malformed AES key is named when reading too', async () => {
    const value = await stored(staging, 'api', 'DATABASE_URL', 'postgres://...');
    expect(await failure(cipher('staging', [EncryptionKey.aes('team')], { aes: { team: new Uint8Array(31) } }).decrypt(value))).toBe(
      'environment staging, field encryptionKeys: the aes key "team" at <where aes:team is> is 31 bytes long, not 32; use the key file `shipshape secrets keygen staging team` wrote.',
    );
  });

  test('an environment that lists no key cannot store a value', async () => {
    expect(await failure(cipher('qa', [], {}).encrypt('api', 'X', 'v'))).toBe(
      "environment qa, field encryptionKeys: lists no key to encrypt secrets for; add one to environments/qa/environment.ts, e.g. `encryptionKeys: [EncryptionKey.aes('team')]` after `shipshape secrets keygen qa team`.",
    );
  });

  test('AWS KMS: data keys come from the SDK KMS keyring through the injected client, bound to the same encryption context', async () => {
    const kms = new FakeKms([KMS_ARN]);
    const production = cipher('production', [EncryptionKey.awsKms(KMS_ARN)], { kms });
    const value = await stored(production, 'api', 'DATABASE_URL', 'postgres://prod');
    expect(await production.decrypt(value)).toBe('postgres://prod');
    const context = encryptionContextFor({ environment: 'production', service: 'api', key: 'DATABASE_URL' });
    expect(kms.calls).toEqual([
      { operation: 'GenerateDataKey', keyId: KMS_ARN, encryptionContext: context },
      { operation: 'Decrypt', keyId: KMS_ARN, encryptionContext: context },
    ]);
    expect(production.inspect(value)).toMatchObject({ keyIds: [`aws-kms:${KMS_ARN}`] });
  });

  test('AWS KMS: a role IAM does not allow to decrypt gets the reason and the fix', async () => {
    const kms = new FakeKms([KMS_ARN]);
    const production = cipher('production', [EncryptionKey.awsKms(KMS_ARN)], { kms });
    const value = await stored(production, 'api', 'DATABASE_URL', 'postgres://prod');
    kms.deny('kms:Decrypt');
    expect(await failure(production.decrypt(value))).toBe(
      'environment production, service api, field DATABASE_URL: AWS KMS did not decrypt the value (AccessDeniedException); check that your AWS credentials are set (AWS_PROFILE or the CI role) and that IAM allows this role the KMS action (see README, "IAM permissions").',
    );
    kms.deny('kms:GenerateDataKey');
    expect(await failure(production.encrypt('api', 'X', 'v'))).toMatch(/^environment production, service api, field X: could not be encrypted \(AccessDeniedException: .* kms:GenerateDataKey .*\); check that your AWS credentials/);
  });

  test('multi-keyring: KMS for CI plus a break-glass RSA key that opens every value when KMS cannot', async () => {
    const kms = new FakeKms([KMS_ARN]);
    const keys = [EncryptionKey.awsKms(KMS_ARN), EncryptionKey.rsa('break-glass')];
    const writer = cipher('production', keys, { kms, rsaPublic: { 'break-glass': breakGlass.publicKey } });
    const value = await stored(writer, 'api', 'DATABASE_URL', 'postgres://prod');
    expect(writer.inspect(value)).toMatchObject({ keyIds: [`aws-kms:${KMS_ARN}`, 'rsa:break-glass'] });
    // CI: KMS only
    expect(await cipher('production', keys, { kms, rsaPublic: { 'break-glass': breakGlass.publicKey } }).decrypt(value)).toBe('postgres://prod');
    // KMS gone (region down, account locked): the offline private key still opens it, without any KMS call
    kms.calls.length = 0;
    const breakGlassHolder = cipher('production', keys, { rsaPublic: { 'break-glass': breakGlass.publicKey }, rsaPrivate: { 'break-glass': breakGlass.privateKey } });
    expect(await breakGlassHolder.decrypt(value)).toBe('postgres://prod');
    expect(kms.calls).toEqual([]);
  });
});

describe('encryption keys in an environment definition', () => {
  const base = { name: 'production', domain: 'example.com', services: [] };
  test.each([
    ['an alias instead of a key ARN', [EncryptionKey.awsKms('alias/shipshape')], 'environment production, field encryptionKeys[0]: "alias/shipshape" is not a KMS key ARN; use the full key ARN, e.g. "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" (an alias cannot be matched when decrypting).'],
    ['a key listed twice', [EncryptionKey.rsa('ci'), EncryptionKey.rsa('ci')], 'environment production, field encryptionKeys[1]: lists the rsa key "ci" twice; list each key once.'],
    ['an RSA and an AES key sharing a name', [EncryptionKey.rsa('ci'), EncryptionKey.aes('ci')], 'environment production, field encryptionKeys[1]: the name "ci" is used by another key of this environment; give each key its own name.'],
    ['a name that cannot be a file name', [EncryptionKey.aes('Team Key')], 'environment production, field encryptionKeys[0]: the name "Team Key" is not a key name (up to 40 lowercase letters, digits and "-", starting and ending with a letter or digit); use a short name such as "ci" or "team".'],
    ['a public key outside the environment folder', [EncryptionKey.rsa('ci', { publicKeyFile: '../staging/keys/ci.pub.pem' })], 'environment production, field encryptionKeys[0]: publicKeyFile "../staging/keys/ci.pub.pem" leaves environments/production/; commit the public key inside the environment folder, e.g. "keys/ci.pub.pem".'],
    ['more keys than a value may carry', Array.from({ length: 11 }, (_, i) => EncryptionKey.aes(`k${i}`)), 'environment production, field encryptionKeys: lists 11 keys, more than the 10 a value may be encrypted for; share one key between the people or systems that play the same role.'],
  ])('%s', (_, encryptionKeys, message) => {
    expect(mistake(() => defineEnvironment({ ...base, encryptionKeys }))).toBe(message);
  });
});
