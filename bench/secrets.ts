// How long secrets take: `npm run bench:secrets`. A script, not a test: timings depend on the machine.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

interface Timing {
  /** The first round: what a command pays, in a fresh process, before the JIT warms up. */
  readonly first: number;
  readonly best: number;
  readonly median: number;
}

async function time(rounds: number, step: () => Promise<unknown> | unknown): Promise<Timing> {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    await step();
    samples.push(performance.now() - started);
  }
  return { first: samples[0], best: Math.min(...samples), median: median(samples) };
}

function per(timing: Timing, count: number): Timing {
  return { first: timing.first / count, best: timing.best / count, median: timing.median / count };
}

function row(label: string, result: Timing, note = ''): void {
  const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`.padStart(10);
  console.log(`${label.padEnd(62)}${ms(result.first)}${ms(result.best)}${ms(result.median)}  ${note}`);
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
  console.log(`${VALUES} values in ${SERVICES} services; first, best and median of ${ROUNDS} rounds\n`);
  console.log(`${''.padEnd(62)}${'first'.padStart(10)}${'best'.padStart(10)}${'median'.padStart(10)}`);
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
  row(`decrypt and check all ${VALUES} values, AES key`, await time(ROUNDS, decryptAll('staging', aes, staging!.file)), '<- the 500 ms target');
  // The floor: the same messages through the SDK alone, without shipshape's checks, for comparison.
  const { client, materials, rawAes } = encryptionSdk();
  const { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } = rawAes();
  const keyring = new RawAesKeyringNode({ keyNamespace: 'shipshape/staging/aes', keyName: 'team', unencryptedMasterKey: new Uint8Array(team), wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING });
  const messages = staging!.file.entries().map((entry) => Buffer.from(entry.ciphertext, 'base64'));
  row(`  the same ${VALUES} messages through the SDK alone, no checks`, await time(ROUNDS, () => Promise.all(messages.map((message) => client.decrypt(keyring, message)))), 'what the SDK itself costs here');

  const production = await environmentWith('production', rsa.keys, keySource({ rsaPublic }));
  row(`decrypt all ${VALUES} values, RSA-3072 private key (CI)`, await time(ROUNDS, decryptAll('production', rsa, production.file)), 'one RSA private-key operation per value');

  const kmsFile = await environmentWith('production', withKms.keys, withKms.source);
  row(`decrypt all ${VALUES} values, KMS (${KMS_ROUND_TRIP_MS} ms round trips, 16 in flight)`, await time(ROUNDS, decryptAll('production', withKms, kmsFile.file)), 'one kms:Decrypt per value');

  row('set one value in-process (encrypt + merge-safe render)', await time(ROUNDS, async () => {
    const cipher = new SecretCipher({ environment: 'staging', ...aes });
    staging!.file.with('service-00', 'SECRET_000', await cipher.encrypt('service-00', 'SECRET_000', 'new value')).render();
  }));

  // The suite decision (lib/secrets/encryption-sdk.ts): signed default versus the committing unsigned suite.
  const context = encryptionContextFor({ environment: 'bench', service: 'api', key: 'X' });
  const kib = randomBytes(1024);
  for (const [name, suiteId] of [['unsigned committing (chosen)', materials.AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY], ['signed ECDSA P-384 (SDK default)', materials.AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384]] as const) {
    const { result } = await client.encrypt(keyring, kib, { suiteId, encryptionContext: context });
    const encrypt = await time(ROUNDS, async () => {
      for (let i = 0; i < 100; i++) await client.encrypt(keyring, kib, { suiteId, encryptionContext: context });
    });
    const decrypt = await time(ROUNDS, async () => {
      for (let i = 0; i < 100; i++) await client.decrypt(keyring, result);
    });
    row(`one 1 KiB value, ${name}: encrypt`, per(encrypt, 100));
    row(`one 1 KiB value, ${name}: decrypt`, per(decrypt, 100));
  }

  // What a person waits for: node, tsx, the environment definitions and the SDK load, then the work.
  const project = mkdtempSync(join(tmpdir(), 'shipshape-bench-'));
  try {
    const root = join(__dirname, '..');
    for (const entry of ['services', 'environments']) cpSync(join(root, entry), join(project, entry), { recursive: true });
    writeFileSync(join(project, 'lib.ts'), `export * from ${JSON.stringify(join(root, 'lib'))};\n`);
    const env = { ...process.env, SHIPSHAPE_KEYS_DIR: join(root, 'demo-keys') };
    const cli = (...args: string[]) => () => {
      const run = spawnSync(process.execPath, [join(root, 'bin/shipshape.js'), 'secrets', ...args], { cwd: project, env, input: 'postgres://bench', encoding: 'utf8' });
      if (run.status !== 0) throw new Error(run.stderr);
    };
    row('`shipshape secrets set staging api DATABASE_URL`, end to end', await time(ROUNDS, cli('set', 'staging', 'api', 'DATABASE_URL')), 'process start included');
    // staging with 1,000 values for the demo key: verify decrypts them all, list reads only headers.
    const demoTeam = new Uint8Array(Buffer.from(readFileSync(join(root, 'demo-keys/staging/team.aes'), 'utf8').trim(), 'base64'));
    const demo = new SecretCipher({ environment: 'staging', keys: [EncryptionKey.aes('team')], source: keySource({ aes: { team: demoTeam } }) });
    // The committed values, then more for api until there are 1,000 (verify warns that api does not declare them).
    let big = SecretsFile.parse(readFileSync(join(root, 'environments/staging/secrets.json'), 'utf8'), 'staging', 'secrets.json');
    for (let i = 0; big.size < VALUES; i++) big = big.with('api', `SECRET_${String(i).padStart(4, '0')}`, await demo.encrypt('api', `SECRET_${String(i).padStart(4, '0')}`, randomBytes(48).toString('base64')));
    writeFileSync(join(project, 'environments/staging/secrets.json'), big.render());
    const list = await time(ROUNDS, cli('list', 'staging'));
    row(`\`shipshape secrets list staging\` (${VALUES} values, no decrypt), end to end`, list);
    const verify = await time(ROUNDS, cli('verify', 'staging'));
    row(`\`shipshape secrets verify staging\` (${VALUES} values), end to end`, verify);
    row('  verify minus list: decrypting and checking in the CLI', { first: verify.first - list.first, best: verify.best - list.best, median: verify.median - list.median }, '<- the 500 ms target, in a fresh process');
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
