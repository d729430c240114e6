// A child process of the secrets benchmarks: decrypts the same values several times, in a process
// of its own so that the first round is as cold as in a command. Prints JSON: the time of each
// round (ms) and how many values the worker thread decrypted in each.
// Usage: node --require tsx/cjs bench/decrypt-rounds.ts <values.json> <rounds> <one|two|default>
// (two-thread decryption, lib/performance/two-thread-decryption.ts: `one` turns it off, `two` forces it on from
// TWO_THREAD_DECRYPTION_FROM values, which its default rule does only for RSA keys)
import { readFileSync } from 'node:fs';
import { TWO_THREAD_DECRYPTION_FROM } from '../lib/performance/two-thread-decryption';
import { encryptionSdk } from '../lib/secrets/encryption-sdk';
import { SecretCipher } from '../lib/secrets/secret-cipher';
import { keySource } from '../test/support/secret-keys';
import type { FreshValues } from './bench-secrets';

async function main(): Promise<void> {
  process.setSourceMapsEnabled(false); // tsx turns them on; the CLI's loader leaves them off unless debugging
  const [file, rounds, threads] = process.argv.slice(2);
  const { environment, keys, held, entries } = JSON.parse(readFileSync(file, 'utf8')) as FreshValues;
  const started = performance.now();
  const sdk = encryptionSdk();
  if (held.aes) sdk.rawAes();
  if (held.rsaPrivate) sdk.rawRsa();
  const sdkLoad = performance.now() - started;
  const aes = Object.fromEntries(Object.entries(held.aes ?? {}).map(([name, key]) => [name, new Uint8Array(Buffer.from(key, 'base64'))]));
  const source = keySource({ aes, rsaPrivate: { ...held.rsaPrivate }, rsaPublic: { ...held.rsaPublic } });
  const cipher = new SecretCipher({ environment, keys, source, twoThreadDecryptionFrom: { one: Infinity, two: TWO_THREAD_DECRYPTION_FROM }[threads] });
  const times: number[] = [];
  const onWorker: number[] = [];
  for (let round = 0; round < Number(rounds); round++) {
    const start = performance.now();
    const plaintexts = await cipher.decryptAll(entries);
    times.push(performance.now() - start);
    onWorker.push(cipher.decryptedOnWorker);
    if (plaintexts.length !== entries.length) throw new Error('bench: not every value decrypted');
  }
  process.stdout.write(JSON.stringify({ sdkLoad, times, onWorker }));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
