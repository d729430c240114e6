import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EncryptionKey } from '../../lib';
import { TWO_THREAD_DECRYPTION_FROM } from '../../lib/performance/two-thread-decryption';
import { SecretCipher } from '../../lib/secrets/secret-cipher';
import { changedLines, PRODUCTION, secretsProjectPerTest, STAGING } from '../support/secrets-project';
import { keySource } from '../support/secret-keys';
import { shipshape, shipshapeProcess } from '../support/shipshape-cli';

jest.setTimeout(120_000);

// `shipshape secrets` as its own process, for what only a process shows: a value on a real pipe, and a
// signal. test/secrets-cli.test.ts runs the same commands in process.
const example = secretsProjectPerTest();
const { demoKeys, withDemoKeys, read, secrets } = example;

test('set reads the value from a pipe, changes exactly one line, and get prints it', async () => {
  const before = read(STAGING);
  const set = shipshapeProcess(example.project, ['secrets', 'set', 'staging', 'api', 'DATABASE_URL', '--demo'], { input: 'postgres://api:new-password@db/flowline\n', ...withDemoKeys });
  expect(set.status).toBe(0);
  expect(set.stdout).toBe(
    'changed api/DATABASE_URL in environments/staging/secrets.json, encrypted for aes key "team"\n' +
      'next: run `npm run synth` and commit environments/staging/secrets.json with manifests/staging/ (the pods\' secrets hash changed)\n',
  );
  expect(set.stdout + set.stderr).not.toContain('new-password');
  expect(changedLines(before, read(STAGING))).toHaveLength(1);
  const get = await shipshape(example.project, ['secrets', 'get', 'staging', 'api', 'DATABASE_URL'], withDemoKeys);
  expect(get.stdout).toBe('postgres://api:new-password@db/flowline\n');
});

test('edit killed while the editor is open (SIGTERM, or the terminal closing): the temp file is wiped and nothing is written', () => {
  const before = read(STAGING);
  // An "editor" that records where the file is, signals shipshape (the nearest node process above it; a shell
  // may sit in between), then changes the file.
  const editor = join(example.keys, 'editor.js');
  writeFileSync(
    editor,
    `const fs = require('fs'); const path = process.argv[2];
     fs.writeFileSync(${JSON.stringify(join(example.keys, 'seen.json'))}, JSON.stringify({ path }));
     const proc = (pid, file) => fs.readFileSync('/proc/' + pid + '/' + file, 'utf8');
     let pid = process.ppid;
     while (proc(pid, 'comm').trim() !== 'node') { const stat = proc(pid, 'stat'); pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]); }
     process.kill(pid, 'SIGTERM');
     fs.writeFileSync(path, fs.readFileSync(path, 'utf8').replace(/JWT_SIGNING_KEY: .*/, 'JWT_SIGNING_KEY: x'));`,
  );
  const edit = shipshapeProcess(example.project, ['secrets', 'edit', 'staging', '--demo'], { env: { EDITOR: `${process.execPath} ${editor}`, SHIPSHAPE_KEYS_DIR: demoKeys } });
  expect(edit.status).toBe(143);
  expect(existsSync(JSON.parse(readFileSync(join(example.keys, 'seen.json'), 'utf8')).path)).toBe(false);
  expect(read(STAGING)).toBe(before);
});

// Hundreds of RSA-3072 decryptions (a second or more): the CLI end to end on the two-thread path (lib/performance/two-thread-decryption.ts).
test('verify decrypts an environment with many values on two threads (CI with its RSA key), with the same messages', async () => {
  // Enough values for a worker thread to decrypt some of them: it takes batches from the end of the sorted list.
  const keys = [EncryptionKey.rsa('ci'), EncryptionKey.rsa('break-glass')];
  const rsaPublic = { ci: read('environments/production/keys/ci.pub.pem'), 'break-glass': read('environments/production/keys/break-glass.pub.pem') };
  const developer = new SecretCipher({ environment: 'production', keys, source: keySource({ rsaPublic }) });
  let file = secrets(PRODUCTION, 'production');
  for (let i = 0; file.size < TWO_THREAD_DECRYPTION_FROM; i++) file = file.with('api', `EXTRA_${String(i).padStart(4, '0')}`, await developer.encrypt('api', `EXTRA_${String(i).padStart(4, '0')}`, `value ${i}`));
  const last = file.entries().at(-1)!;
  const bytes = Buffer.from(last.ciphertext, 'base64');
  bytes[bytes.length - 5] ^= 1;
  writeFileSync(join(example.project, PRODUCTION), file.with(last.service, last.key, bytes.toString('base64')).render());
  const verify = await shipshape(example.project, ['secrets', 'verify', 'production'], withDemoKeys);
  expect(verify.status).toBe(1);
  expect(verify.stderr.split('\n').slice(-3)).toEqual([
    'error: environment production, service webhooks, field GITHUB_WEBHOOK_SECRET: the stored value was altered after it was encrypted (Unsupported state or unable to authenticate data); restore the file from git, or store the value again with `shipshape secrets set production webhooks GITHUB_WEBHOOK_SECRET`.',
    `environments/production/secrets.json: 1 problem in ${file.size} values`,
    '',
  ]);
  writeFileSync(join(example.project, PRODUCTION), file.render());
  const fixed = await shipshape(example.project, ['secrets', 'verify', 'production'], withDemoKeys);
  expect(fixed.stdout).toBe(`environments/production/secrets.json: all ${file.size} values decrypt, belong where they are stored and are encrypted for rsa key "ci", rsa key "break-glass"\n`);
});
