import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SecretsFile } from '../lib';
import { RenderPool } from '../lib/performance/parallel-synthesis';
import { firstStoredValueProblem } from '../lib/secrets/stored-value-check';
import { filesUnder } from './support/files-under';
import { secretsFixture, SecretsFixture } from './support/secrets-fixture';
import { shipshape } from './support/shipshape-cli';

// A stored value changed by hand: what shows without a key fails synth, check and `secrets list`, with the message
// `secrets verify` gives; what only a key shows (the encrypted bytes) fails `check --verify-secrets` where the key is.
let fixture: SecretsFixture;
beforeEach(async () => {
  fixture = secretsFixture({ declared: ['A', 'B'] });
  let file = SecretsFile.empty('sandbox');
  for (const key of ['A', 'B']) file = file.with('api', key, await fixture.cipher().encrypt('api', key, `value of ${key}`));
  writeFileSync(fixture.secretsFile, file.render());
  expect((await shipshape(fixture.project, ['synth'])).status).toBe(0);
});
afterEach(() => fixture.remove());

/** Stores the value of api/B changed by `change`, which gets its bytes. */
function tamper(change: (bytes: Buffer) => Buffer): void {
  const file = fixture.read();
  writeFileSync(fixture.secretsFile, file.with('api', 'B', change(Buffer.from(file.get('api', 'B')!, 'base64')).toString('base64')).render());
}

/** A byte changed in place. */
const flip = (at: (bytes: Buffer) => number) => (bytes: Buffer) => {
  const copy = Buffer.from(bytes);
  copy[at(copy)] ^= 1;
  return copy;
};

const restore = 'restore the file from git, or store the value again with `shipshape secrets set sandbox api B`.';
const where = 'environment sandbox, service api, field B: the stored value';

test.each([
  ['a letter of the environment in its encryption context', flip((bytes) => bytes.indexOf('sandbox', 0, 'latin1') + 3), `${where} was encrypted for environment sanebox, service api, key B, so it was copied here by hand; set it again with \`shipshape secrets set sandbox api B\`.`],
  ['the algorithm suite', flip(() => 2), `${where} is not an AWS Encryption SDK message (Unsupported algorithm suite.) (the file was edited by hand); ${restore}`],
  ['a byte of the IV of its frame', (bytes: Buffer) => flip(() => bytes.length - 16 - 10 - 4 - 2)(bytes), `${where} has an IV in frame 1 that the SDK does not write (the file was edited by hand); ${restore}`],
  ['the last bytes cut off', (bytes: Buffer) => bytes.subarray(0, bytes.length - 3), `${where} is cut short (frame 1 is incomplete) (the file was edited by hand); ${restore}`],
  ['bytes added after its end', (bytes: Buffer) => Buffer.concat([bytes, Buffer.from('AAA')]), `${where} has 3 bytes after its last frame (the file was edited by hand); ${restore}`],
])('%s: synth, check and `secrets list` fail without any key, with the message `secrets verify` gives, and nothing is written', async (_, change, message) => {
  tamper(change);
  const manifests = filesUnder(join(fixture.project, 'manifests'));
  for (const args of [['synth'], ['check']]) {
    const result = await shipshape(fixture.project, args);
    expect([result.status, result.stderr]).toEqual([1, `error: ${message}\n`]);
  }
  const list = await shipshape(fixture.project, ['secrets', 'list', 'sandbox']);
  expect(list.status).toBe(1);
  expect(list.stderr).toBe(`error: ${message}\nenvironments/sandbox/secrets.json: 1 problem in 2 values\n`);
  const verify = await shipshape(fixture.project, ['secrets', 'verify', 'sandbox'], { env: fixture.env });
  expect(verify.stderr).toContain(`error: ${message}\n`);
  expect(filesUnder(join(fixture.project, 'manifests'))).toEqual(manifests);
});

test('on a platform large enough for worker threads, a worker checks the values while synth builds, and the same problem comes back', async () => {
  const check = { environment: 'sandbox', listedKeyIds: ['aes:team'] };
  const untouched = fixture.read().entries();
  tamper(flip(() => 2));
  const values = fixture.read().entries();
  const pool = RenderPool.forWorkload(1, 0, 1)!;
  pool.checkStoredValues(check.environment, untouched, check.listedKeyIds);
  expect(await pool.storedValuesProblem()).toBeUndefined();
  pool.checkStoredValues(check.environment, values, check.listedKeyIds);
  await pool.close();
  const found = await pool.storedValuesProblem();
  expect(found?.message).toBe(`${where} is not an AWS Encryption SDK message (Unsupported algorithm suite.) (the file was edited by hand); ${restore}`);
  expect(found?.message).toBe(firstStoredValueProblem(values, check)?.message);
});

test('a last character whose spare bits were changed (not canonical base64) fails synth', async () => {
  const text = readFileSync(fixture.secretsFile, 'utf8');
  const value = fixture.read().get('api', 'B')!;
  // A message of a length that is no multiple of 3 ends in padding: the character before it carries bits that decoding drops.
  const padding = /=+$/.exec(value)![0];
  const last = value.length - padding.length - 1;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const spare = alphabet[alphabet.indexOf(value[last]) ^ 1];
  writeFileSync(fixture.secretsFile, text.replace(value, `${value.slice(0, last)}${spare}${padding}`));
  const synth = await shipshape(fixture.project, ['synth']);
  expect([synth.status, synth.stderr]).toEqual([
    1,
    'error: environment sandbox, service api, field B: the value stored in environments/sandbox/secrets.json is not canonical base64 (the file was edited by hand); restore the file from git, or store the value again with `shipshape secrets set sandbox api B`.\n',
  ]);
});

test('the encrypted bytes changed: only a key tells, so `check --verify-secrets` fails where the key is, and says which key is missing where it is not', async () => {
  // A byte of the authentication tag, at the very end.
  tamper(flip((bytes) => bytes.length - 5));
  expect((await shipshape(fixture.project, ['synth'])).status).toBe(0);
  expect((await shipshape(fixture.project, ['check'])).status).toBe(0);
  const withKey = await shipshape(fixture.project, ['check', '--verify-secrets'], { env: fixture.env });
  expect(withKey.status).toBe(1);
  expect(withKey.stderr).toBe(
    `error: ${where} was altered after it was encrypted (Unsupported state or unable to authenticate data); ${restore}\nenvironments/sandbox/secrets.json: 1 problem in 2 values\n`,
  );
  const withoutKey = await shipshape(fixture.project, ['check', '--verify-secrets', 'sandbox']);
  expect(withoutKey.status).toBe(1);
  expect(withoutKey.stderr).toMatch(/^error: environment sandbox, service api, field A: none of the keys that open the value is held here \(it is encrypted for aes key "team"\); put one at \$SHIPSHAPE_KEY_SANDBOX_TEAM or /);
});
