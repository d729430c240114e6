// How long secrets take: `npm run bench:secrets`. A script, not a test: timings depend on the machine.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { EncryptionKey } from '../lib/secrets/encryption-key';
import { encryptionSdk } from '../lib/secrets/encryption-sdk';
import { encryptionContextFor } from '../lib/secrets/encryption-context';
import type { KeySource } from '../lib/secrets/key-source';
import { SecretCipher } from '../lib/secrets/secret-cipher';
import { SecretsFile } from '../lib/secrets/secrets-file';
import { FakeKms, keySource, rsaKeyPair } from '../test/support/secret-keys';

const VALUES = 1000;
const SERVICES = 50;
const KMS_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const KMS_ROUND_TRIP_MS = 10;
const ROUNDS = 3;

function median(samples: number[]): number {
  return [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];
}

async function time(rounds: number, step: () => Promise<unknown> | unknown): Promise<{ best: number; median: number }> {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    await step();
    samples.push(performance.now() - started);
  }
  return { best: Math.min(...samples), median: median(samples) };
}

function row(label: string, result: { best: number; median: number }, note = ''): void {
  const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`.padStart(10);
  console.log(`${label.padEnd(58)}${ms(result.best)}${ms(result.median)}  ${note}`);
}

/** A KMS client that answers like the fake, after a network round trip. */
function slowKms(kms: FakeKms): FakeKms {
  const delay = () => new Promise((resolve) => setTimeout(resolve, KMS_ROUND_TRIP_MS));
  return new Proxy(kms, {
    get: (target, name) => {
      const member = Reflect.get(target, name);
      return typeof member === 'function' ? async (...args: unknown[]) => (await delay(), member.apply(target, args)) : member;
    },
  });
}

async function environmentWith(environment: string, keys: EncryptionKey[], source: KeySource): Promise<{ file: SecretsFile; text: string }> {
  const writer = new SecretCipher({ environment, keys, source });
  let file = SecretsFile.empty(environment);
  for (let i = 0; i < VALUES; i++) {
    const service = `service-${String(i % SERVICES).padStart(2, '0')}`;
    const key = `SECRET_${String(Math.floor(i / SERVICES)).padStart(3, '0')}`;
    // A realistic secret: a token or URL of about 64 characters.
    file = file.with(service, key, await writer.encrypt(service, key, randomBytes(48).toString('base64')));
  }
  return { file, text: file.render() };
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), load average ${loadavg()[0].toFixed(2)}`);
  console.log(`${VALUES} values in ${SERVICES} services; best and median of ${ROUNDS} rounds\n`);
  console.log(`${''.padEnd(58)}${'best'.padStart(10)}${'median'.padStart(10)}`);
  row('load the AWS Encryption SDK (once per process)', await time(1, () => encryptionSdk()));

  const team = new Uint8Array(randomBytes(32));
  const aes = { keys: [EncryptionKey.aes('team')], source: keySource({ aes: { team } }) };
  const ci = rsaKeyPair(3072);
  const breakGlass = rsaKeyPair(3072);
  const rsaPublic = { ci: ci.publicKey, 'break-glass': breakGlass.publicKey };
  const rsa = { keys: [EncryptionKey.rsa('ci'), EncryptionKey.rsa('break-glass')], source: keySource({ rsaPublic, rsaPrivate: { ci: ci.privateKey } }) };
  const kms = slowKms(new FakeKms([KMS_ARN]));
  const withKms = { keys: [EncryptionKey.awsKms(KMS_ARN)], source: keySource({ kms }) };

  let staging: { file: SecretsFile; text: string } | undefined;
  row(`encrypt ${VALUES} values (AES key)`, await time(1, async () => (staging = await environmentWith('staging', aes.keys, aes.source))));
  const { text } = staging!;
  row(`parse the ${(text.length / 1024).toFixed(0)} KiB secrets.json and build the synth catalog`, await time(ROUNDS, () => SecretsFile.parse(text, 'staging', 'secrets.json')));

  const decryptAll = (environment: string, setup: { keys: EncryptionKey[]; source: KeySource }, file: SecretsFile) => async () => {
    const values = await new SecretCipher({ environment, ...setup }).decryptAll(file.entries());
    if (values.length !== VALUES) throw new Error('bench: not every value decrypted');
  };
  row(`decrypt all ${VALUES} values, AES key (local or team key)   <- target 500 ms`, await time(ROUNDS, decryptAll('staging', aes, staging!.file)));

  const production = await environmentWith('production', rsa.keys, keySource({ rsaPublic }));
  row(`decrypt all ${VALUES} values, RSA-3072 private key (CI)`, await time(ROUNDS, decryptAll('production', rsa, production.file)), 'one RSA private-key operation per value');

  const kmsFile = await environmentWith('production', withKms.keys, withKms.source);
  row(`decrypt all ${VALUES} values, KMS (${KMS_ROUND_TRIP_MS} ms round trips, 16 in flight)`, await time(ROUNDS, decryptAll('production', withKms, kmsFile.file)), 'one kms:Decrypt per value');

  row('set one value in-process (encrypt + merge-safe render)', await time(ROUNDS, async () => {
    const cipher = new SecretCipher({ environment: 'staging', ...aes });
    staging!.file.with('service-00', 'SECRET_000', await cipher.encrypt('service-00', 'SECRET_000', 'new value')).render();
  }));

  // The suite decision (lib/secrets/encryption-sdk.ts): signed default versus the committing unsigned suite.
  const { client, sdk } = encryptionSdk();
  const keyring = new sdk.RawAesKeyringNode({ keyNamespace: 'bench', keyName: 'k', unencryptedMasterKey: new Uint8Array(team), wrappingSuite: sdk.RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING });
  const context = encryptionContextFor({ environment: 'bench', service: 'api', key: 'X' });
  const kib = randomBytes(1024);
  for (const [name, suiteId] of [['unsigned committing (chosen)', sdk.AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY], ['signed ECDSA P-384 (SDK default)', sdk.AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384]] as const) {
    const { result } = await client.encrypt(keyring, kib, { suiteId, encryptionContext: context });
    const encrypt = await time(ROUNDS, async () => {
      for (let i = 0; i < 100; i++) await client.encrypt(keyring, kib, { suiteId, encryptionContext: context });
    });
    const decrypt = await time(ROUNDS, async () => {
      for (let i = 0; i < 100; i++) await client.decrypt(keyring, result);
    });
    row(`1 KiB value, ${name}: encrypt`, { best: encrypt.best / 100, median: encrypt.median / 100 });
    row(`1 KiB value, ${name}: decrypt`, { best: decrypt.best / 100, median: decrypt.median / 100 });
  }

  // What a person waits for: node, tsx, the environment definitions and the SDK load, then one encrypt.
  const project = mkdtempSync(join(tmpdir(), 'shipshape-bench-'));
  try {
    const root = join(__dirname, '..');
    for (const entry of ['services', 'environments']) cpSync(join(root, entry), join(project, entry), { recursive: true });
    writeFileSync(join(project, 'lib.ts'), `export * from ${JSON.stringify(join(root, 'lib'))};\n`);
    const env = { ...process.env, SHIPSHAPE_KEYS_DIR: join(root, 'demo-keys') };
    row('`shipshape secrets set staging api DATABASE_URL` end to end', await time(ROUNDS, () => {
      const set = spawnSync(process.execPath, [join(root, 'bin/shipshape.js'), 'secrets', 'set', 'staging', 'api', 'DATABASE_URL'], { cwd: project, env, input: 'postgres://bench', encoding: 'utf8' });
      if (set.status !== 0) throw new Error(set.stderr);
    }), 'process start included');
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
