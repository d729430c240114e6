// A child process of the secrets benchmarks: decrypts the same values several times, in a process
// of its own so that the first round is as cold as in a command. Prints JSON: the time of each
// round (ms) and how many values the worker thread decrypted in each.
// Usage: node --require tsx/cjs bench/decrypt-rounds.ts <values.json> <rounds> <one|two|default>
// (`two` forces two-thread decryption, lib/performance/two-thread-decryption.ts, from TWO_THREAD_DECRYPTION_FROM values on, which its default does only for RSA keys)
import { readFileSync } from 'node:fs';
import { EncryptionKey } from '../lib/secrets/encryption-key';
import { encryptionSdk } from '../lib/secrets/encryption-sdk';
import { TWO_THREAD_DECRYPTION_FROM } from '../lib/performance/two-thread-decryption';
import { SecretCipher } from '../lib/secrets/secret-cipher';
import type { SecretEntry } from '../lib/secrets/secrets-file';
import { benchKeySource } from './bench-secrets';

async function main(): Promise<void> {
  process.setSourceMapsEnabled(false); // tsx turns them on; the CLI's loader leaves them off unless debugging
  const [file, rounds, threads] = process.argv.slice(2);
  const { key, entries } = JSON.parse(readFileSync(file, 'utf8')) as { key: string; entries: SecretEntry[] };
  const started = performance.now();
  encryptionSdk().rawAes();
  const sdkLoad = performance.now() - started;
  const cipher = new SecretCipher({ environment: 'bench', keys: [EncryptionKey.aes('bench')], source: benchKeySource(new Uint8Array(Buffer.from(key, 'base64'))), twoThreadDecryptionFrom: { one: Infinity, two: TWO_THREAD_DECRYPTION_FROM }[threads] });
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
