import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encryptionContextFor } from '../lib/secrets/encryption-context';
import { EncryptionKey } from '../lib/secrets/encryption-key';
import { encryptionSdk } from '../lib/secrets/encryption-sdk';
import type { KeySource } from '../lib/secrets/key-source';
import { SecretCipher } from '../lib/secrets/secret-cipher';
import { SecretEntry, SecretsFile } from '../lib/secrets/secrets-file';
import { flowlineRsaKeyPair, keySource } from '../test/support/secret-keys';
import { median, Timing, timingOf } from './timing';

const ROOT = join(__dirname, '..');

/** The AES key every benchmark environment's secrets are encrypted under. */
export const BENCH_KEY = EncryptionKey.aes('bench');

/** A key source holding one AES key, as a developer with `secrets keygen` would. */
export function benchKeySource(key: Uint8Array, keyName = BENCH_KEY.name): KeySource {
  return {
    aesKey: (name) => (name === keyName ? key : undefined),
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

/** A realistic secret: a token or URL of about 64 characters. */
function secretValue(): string {
  return randomBytes(48).toString('base64');
}

/**
 * An environment's secrets file with the given keys stored for each service,
 * each value a realistic 64-character token.
 */
export async function benchSecretsFile(environment: string, services: ReadonlyArray<{ name: string; secrets: readonly string[] }>, key: Uint8Array): Promise<string> {
  const cipher = new SecretCipher({ environment, keys: [BENCH_KEY], source: benchKeySource(key) });
  const values: Array<[string, string, string]> = [];
  for (const service of services) {
    for (const name of service.secrets) values.push([service.name, name, await cipher.encrypt(service.name, name, secretValue())]);
  }
  let file = SecretsFile.empty(environment);
  for (const [service, name, ciphertext] of values) file = file.with(service, name, ciphertext);
  return file.render();
}

/** `count` values of environment `bench` in 50 services, encrypted under `key`; with the time it took (ms). */
export async function benchValues(count: number, key: Uint8Array): Promise<{ entries: SecretEntry[]; encryptMs: number }> {
  const cipher = new SecretCipher({ environment: 'bench', keys: [BENCH_KEY], source: benchKeySource(key) });
  await cipher.encrypt('warm-up', 'KEY', 'x');
  const entries: SecretEntry[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const service = `service-${String(i % 50).padStart(2, '0')}`;
    const name = `SECRET_${String(Math.floor(i / 50)).padStart(3, '0')}`;
    entries.push({ service, key: name, ciphertext: await cipher.encrypt(service, name, secretValue()) });
  }
  return { entries, encryptMs: performance.now() - started };
}

/**
 * How long loading the Encryption SDK takes in a fresh process with a TypeScript loader (tsx) registered:
 * what decrypting with an AES key loads, and the whole `@aws-crypto/client-node` for comparison.
 */
export function timeSdkLoad(runs: number): { decrypting: Timing; wholeClientNode: Timing } {
  const sdk = join(ROOT, 'lib/secrets/encryption-sdk.ts');
  const load = (what: string) => {
    const code = `process.setSourceMapsEnabled(false); const started = performance.now(); ${what}; process.stdout.write(String(performance.now() - started));`;
    const run = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', code], { cwd: ROOT, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(run.stderr);
    return Number(run.stdout);
  };
  const decrypting: number[] = [];
  const whole: number[] = [];
  // Alternated, so that both see the same moments of a shared machine.
  for (let i = 0; i < runs; i++) {
    decrypting.push(load(`require(${JSON.stringify(sdk)}).encryptionSdk().rawAes()`));
    whole.push(load(`require('@aws-crypto/client-node')`));
  }
  return { decrypting: timingOf(decrypting), wholeClientNode: timingOf(whole) };
}

/** Values for a fresh process to decrypt, with the keys it holds as plain data (`bench/decrypt-rounds.ts` reads them). */
export interface FreshValues {
  readonly environment: string;
  /** The keys the environment lists. */
  readonly keys: readonly EncryptionKey[];
  /** The keys held, by name: AES keys base64, RSA private keys PEM, and the committed RSA public keys (PEM) they are checked against. */
  readonly held: { readonly aes?: Readonly<Record<string, string>>; readonly rsaPrivate?: Readonly<Record<string, string>>; readonly rsaPublic?: Readonly<Record<string, string>> };
  readonly entries: readonly SecretEntry[];
}

/** Values of environment `bench` under the AES key `bench`, for a fresh process. */
export function aesFreshValues(entries: readonly SecretEntry[], key: Uint8Array): FreshValues {
  return { environment: 'bench', keys: [BENCH_KEY], held: { aes: { [BENCH_KEY.name]: Buffer.from(key).toString('base64') } }, entries };
}

/**
 * `count` values of the example's production environment, encrypted for its two RSA-3072 keys (the
 * committed public keys) as a developer does, held as CI holds them: the demo `ci` private key alone.
 */
export async function rsaFreshValues(count: number): Promise<FreshValues> {
  const ci = flowlineRsaKeyPair('ci');
  const keys = [EncryptionKey.rsa('ci'), EncryptionKey.rsa('break-glass')];
  const rsaPublic = { ci: ci.publicKey, 'break-glass': flowlineRsaKeyPair('break-glass').publicKey };
  const developer = new SecretCipher({ environment: 'production', keys, source: keySource({ rsaPublic }) });
  const entries: SecretEntry[] = [];
  for (let i = 0; i < count; i++) {
    const service = `service-${String(i % 50).padStart(2, '0')}`;
    const name = `SECRET_${String(Math.floor(i / 50)).padStart(3, '0')}`;
    entries.push({ service, key: name, ciphertext: await developer.encrypt(service, name, secretValue()) });
  }
  return { environment: 'production', keys, held: { rsaPrivate: { ci: ci.privateKey }, rsaPublic }, entries };
}

/** What decrypting the same values took round after round in a fresh process, on one thread or two. */
export interface DecryptRounds {
  /** The SDK's load in that process (ms). */
  readonly sdkLoad: number;
  /** Each round (ms): the first as cold as in a command, the others warm. */
  readonly times: readonly number[];
  /** How many values the worker thread decrypted in each round. */
  readonly onWorker: readonly number[];
}

/**
 * Decrypts the values `rounds` times in a fresh process (`bench/decrypt-rounds.ts`): `one` turns two-thread
 * decryption (lib/performance/two-thread-decryption.ts) off, `two` forces it on, `default` leaves it to its rule.
 */
export function decryptInFreshProcess(values: FreshValues, rounds: number, threads: 'one' | 'two' | 'default'): DecryptRounds {
  const folder = mkdtempSync(join(tmpdir(), 'shipshape-bench-'));
  try {
    const file = join(folder, 'values.json');
    writeFileSync(file, JSON.stringify(values), { mode: 0o600 });
    const run = spawnSync(process.execPath, ['--require', 'tsx/cjs', join(__dirname, 'decrypt-rounds.ts'), file, String(rounds), threads], { cwd: ROOT, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(run.stderr);
    return JSON.parse(run.stdout) as DecryptRounds;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * `shipshape secrets list staging` and `verify staging` as whole processes on a copy of the example
 * with `count` values for the demo key: verify decrypts them all, list reads only headers, so
 * verify minus list is what decrypting costs a command (ms).
 */
export async function timeVerifyAndList(count: number, rounds: number): Promise<{ set: Timing; list: Timing; verify: Timing; verifyMinusList: Timing }> {
  const project = mkdtempSync(join(tmpdir(), 'shipshape-bench-'));
  try {
    for (const entry of ['services', 'environments']) cpSync(join(ROOT, entry), join(project, entry), { recursive: true });
    writeFileSync(join(project, 'lib.ts'), `export * from ${JSON.stringify(join(ROOT, 'lib'))};\n`);
    // The environments import cdk8s and cdk8s-plus-27 as a platform repo does.
    symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'), 'dir');
    const demoTeam = new Uint8Array(Buffer.from(readFileSync(join(ROOT, 'demo-keys/staging/team.aes'), 'utf8').trim(), 'base64'));
    const demo = new SecretCipher({ environment: 'staging', keys: [EncryptionKey.aes('team')], source: benchKeySource(demoTeam, 'team') });
    // The committed values, then more for api until there are `count` (verify warns that api does not declare them).
    let file = SecretsFile.parse(readFileSync(join(ROOT, 'environments/staging/secrets.json'), 'utf8'), 'staging', 'secrets.json');
    for (let i = 0; file.size < count; i++) {
      const name = `SECRET_${String(i).padStart(4, '0')}`;
      file = file.with('api', name, await demo.encrypt('api', name, secretValue()));
    }
    writeFileSync(join(project, 'environments/staging/secrets.json'), file.render());
    const env = { ...process.env, SHIPSHAPE_KEYS_DIR: join(ROOT, 'demo-keys') };
    const cli = (...args: string[]) => {
      const started = performance.now();
      const run = spawnSync(process.execPath, [join(ROOT, 'bin/shipshape.js'), 'secrets', ...args], { cwd: project, env, input: 'postgres://bench', encoding: 'utf8' });
      if (run.status !== 0) throw new Error(run.stderr);
      return performance.now() - started;
    };
    const set: number[] = [];
    const list: number[] = [];
    const verify: number[] = [];
    for (let i = 0; i < rounds; i++) {
      set.push(cli('set', 'staging', 'api', 'DATABASE_URL', '--demo'));
      list.push(cli('list', 'staging'));
      verify.push(cli('verify', 'staging'));
    }
    return { set: timingOf(set), list: timingOf(list), verify: timingOf(verify), verifyMinusList: timingOf(verify.map((ms, i) => ms - list[i])) };
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

/** The issue's reference on its machine: the SDK alone decrypted a 1 KiB value with the unsigned committing suite in 0.27 ms, and the target, 1,000 values in 0.5 s, was set there. */
export const ISSUE_REFERENCE = { sdkDecryptKibMs: 0.27, targetSeconds: 0.5 } as const;

/**
 * The issue's reference measured again here: what the SDK alone takes to decrypt one 1 KiB value with
 * the suite shipshape uses, under a raw AES keyring, warm, one at a time (ms, the median of `rounds`).
 * Its ratio to the issue's 0.27 ms is how much slower this machine is now than the one the target was set on.
 */
export async function timeSdkDecryptOfKib(rounds = 5, perRound = 200): Promise<number> {
  const { client, materials, rawAes } = encryptionSdk();
  const { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } = rawAes();
  const keyring = new RawAesKeyringNode({ keyNamespace: 'shipshape/bench/aes', keyName: 'bench', unencryptedMasterKey: randomAesKey(), wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING });
  const { result } = await client.encrypt(keyring, randomBytes(1024), {
    suiteId: materials.AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY,
    encryptionContext: encryptionContextFor({ environment: 'bench', service: 'api', key: 'X' }),
  });
  const perValue: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    for (let i = 0; i < perRound; i++) await client.decrypt(keyring, result);
    perValue.push((performance.now() - started) / perRound);
  }
  return median(perValue);
}

/** The issue's 0.5 s for 1,000 values on this machine today: scaled by how much slower its reference runs here. */
export function scaledDecryptTarget(sdkDecryptKibMs: number): number {
  return (ISSUE_REFERENCE.targetSeconds * sdkDecryptKibMs) / ISSUE_REFERENCE.sdkDecryptKibMs;
}

/** The secrets numbers `npm run bench` reports, seconds: 1,000 values under one AES key. */
export async function timeSecrets(count: number): Promise<{
  encryptSeconds: number;
  sdkLoadSeconds: number;
  decryptFirstSeconds: number;
  decryptWarmSeconds: number;
  verifyMinusListSeconds: number;
  sdkDecryptKibMs: number;
  scaledTargetSeconds: number;
}> {
  const key = randomAesKey();
  const { entries, encryptMs } = await benchValues(count, key);
  const sdk = timeSdkLoad(3);
  const decrypt = decryptInFreshProcess(aesFreshValues(entries, key), 4, 'default');
  const cli = await timeVerifyAndList(count, 3);
  const sdkDecryptKibMs = await timeSdkDecryptOfKib();
  return {
    encryptSeconds: encryptMs / 1000,
    sdkLoadSeconds: sdk.decrypting.median / 1000,
    decryptFirstSeconds: decrypt.times[0] / 1000,
    decryptWarmSeconds: Math.min(...decrypt.times.slice(1)) / 1000,
    verifyMinusListSeconds: cli.verifyMinusList.median / 1000,
    sdkDecryptKibMs,
    scaledTargetSeconds: scaledDecryptTarget(sdkDecryptKibMs),
  };
}

/** A speed technique of lib/performance/ measured off and on, on the workload it targets. */
export interface TechniqueMeasurement {
  /** What was timed. */
  readonly workload: string;
  readonly values: number;
  /** The median time with the technique off, and on (ms): the first round in a fresh process, as cold as in a command. */
  readonly offMs: number;
  readonly onMs: number;
  /** on / off: the median over the pairs of processes run one right after the other; below 1 the technique saves time. */
  readonly ratio: number;
  /** How many pairs of processes. */
  readonly pairs: number;
}

/**
 * Two-thread decryption (lib/performance/two-thread-decryption.ts) off and on, where it is on by default: values
 * opened with CI's RSA-3072 private key, decrypted and checked in fresh processes, off and on in turn (the order
 * swapped every pair), at a realistic platform's few hundred values and at the project's reference 1,000.
 */
export async function timeTwoThreadDecryption(counts: readonly number[] = [300, 1000], pairs = 6): Promise<TechniqueMeasurement[]> {
  const measured: TechniqueMeasurement[] = [];
  for (const count of counts) {
    const values = await rsaFreshValues(count);
    const off: number[] = [];
    const on: number[] = [];
    for (let pair = 0; pair < pairs; pair++) {
      const runs = pair % 2 === 0 ? (['one', 'default'] as const) : (['default', 'one'] as const);
      for (const threads of runs) {
        const run = decryptInFreshProcess(values, 1, threads);
        if ((threads === 'default') !== run.onWorker[0] > 0) throw new Error(`bench: two-thread decryption was ${threads === 'default' ? 'off' : 'on'} where it should not be`);
        (threads === 'one' ? off : on).push(run.times[0]);
      }
    }
    measured.push({
      workload: 'decrypt and check, RSA-3072 (CI key), fresh process',
      values: count,
      offMs: median(off),
      onMs: median(on),
      ratio: median(on.map((ms, pair) => ms / off[pair])),
      pairs,
    });
  }
  return measured;
}
