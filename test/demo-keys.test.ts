import { generateKeyPairSync, randomBytes, createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineEnvironment } from '../lib';
import { isDemoKey, KeyMaterial } from '../lib/secrets/demo-keys';
import { secretsFixture, SecretsFixture } from './support/secrets-fixture';
import { shipshape } from './support/shipshape-cli';

// The published demo keys (demo-keys/, lib/secrets/demo-keys.ts) are known by fingerprint wherever a copy turns up:
// encrypting or decrypting with one warns every time, and set, edit and rotate refuse to encrypt for one unless told
// the values are made up (--demo, or `demo: true` in the environment).
// demo-keys/ holds them for this repository's example; the library knows them wherever a copy turns up.
const root = join(__dirname, '..');
const demoTeamKey = readFileSync(join(root, 'demo-keys/staging/team.aes'), 'utf8');
const demoCiPrivate = readFileSync(join(root, 'demo-keys/production/ci.pem'), 'utf8');
const demoCiPublic = createPublicKey(createPrivateKey(demoCiPrivate)).export({ type: 'spki', format: 'pem' }).toString();

function keyFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? keyFiles(join(folder, entry.name)) : entry.name.endsWith('.md') ? [] : [join(folder, entry.name)]));
}

function material(file: string): KeyMaterial {
  const text = readFileSync(file, 'utf8');
  return file.endsWith('.aes') ? { type: 'aes', key: new Uint8Array(Buffer.from(text.trim(), 'base64')) } : { type: 'rsa', key: createPrivateKey(text) };
}

test('every key in demo-keys/ is a known demo key, as is the public half of each; a new key is not', () => {
  const files = keyFiles(join(root, 'demo-keys'));
  expect(files.length).toBeGreaterThan(0);
  expect(files.filter((file) => !isDemoKey(material(file)))).toEqual([]);
  expect(isDemoKey({ type: 'rsa', key: createPublicKey(demoCiPublic) })).toBe(true);
  expect(isDemoKey({ type: 'aes', key: new Uint8Array(randomBytes(32)) })).toBe(false);
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  expect(isDemoKey({ type: 'rsa', key: privateKey })).toBe(false);
});

describe('a platform of its own whose key is a copy of a demo key', () => {
  let fixture: SecretsFixture;
  afterEach(() => fixture.remove());

  /** The fixture, its AES key "team" replaced by a copy of the example's demo key. */
  function withDemoAesKey(environmentFields = ''): SecretsFixture {
    fixture = secretsFixture({ declared: ['A'], environmentFields });
    writeFileSync(join(fixture.keys, 'sandbox', 'team.aes'), demoTeamKey, { mode: 0o600 });
    return fixture;
  }

  const refusal =
    'error: environment sandbox, field encryptionKeys: aes key "team" is a published demo key (shipshape\'s example repository publishes it in demo-keys/), so anyone could read a value stored for it, and nothing was written; make real keys with `shipshape secrets keygen sandbox <name>`, list them in encryptionKeys instead and run `shipshape secrets rotate sandbox`, or pass --demo to store a made-up value.\n';
  const encrypting = 'warning: environment sandbox, field encryptionKeys: encrypting for aes key "team", a published demo key: anyone can read these values, so store only made-up ones\n';
  const decrypting = (from: string) => `warning: environment sandbox, field encryptionKeys: decrypting with aes key "team" (from ${from}), a published demo key: anyone can read these values, so they must be made-up ones\n`;

  test('set, edit and rotate refuse without --demo and write nothing; with it they warn and go ahead', async () => {
    const { project, env } = withDemoAesKey();
    const editor = { ...env, EDITOR: "sed -i -e 's/^  A: .*/  A: edited/'" };
    for (const [args, variables] of [[['set', 'sandbox', 'api', 'A'], env], [['edit', 'sandbox'], editor], [['rotate', 'sandbox'], env]] as const) {
      const refused = await shipshape(project, ['secrets', ...args], { input: 'made up', env: variables });
      expect([refused.status, refused.stderr]).toEqual([1, refusal]);
      expect(readdirSync(join(project, 'environments', 'sandbox'))).toEqual(['environment.ts']);
    }
    const set = await shipshape(project, ['secrets', 'set', 'sandbox', 'api', 'A', '--demo'], { input: 'made up', env });
    expect(set.status).toBe(0);
    expect(set.stderr).toBe(encrypting);
    const edit = await shipshape(project, ['secrets', 'edit', 'sandbox', '--demo'], { env: editor });
    expect([edit.status, edit.stderr]).toEqual([0, encrypting]);
    const rotate = await shipshape(project, ['secrets', 'rotate', 'sandbox', '--demo'], { env });
    expect([rotate.status, rotate.stderr]).toEqual([0, encrypting]);
  });

  test('decrypting with a copy warns every time, naming where it was found: a key file, or $SHIPSHAPE_KEY_*', async () => {
    const { project, env, keys } = withDemoAesKey();
    expect((await shipshape(project, ['secrets', 'set', 'sandbox', 'api', 'A', '--demo'], { input: 'made up', env })).status).toBe(0);
    for (const args of [['get', 'sandbox', 'api', 'A'], ['verify', 'sandbox'], ['render', 'sandbox']]) {
      const run = await shipshape(project, ['secrets', ...args], { env });
      expect(run.stderr.split('\n')[0] + '\n').toBe(decrypting(join(keys, 'sandbox', 'team.aes')));
    }
    const inline = await shipshape(project, ['secrets', 'get', 'sandbox', 'api', 'A'], { env: { SHIPSHAPE_KEY_SANDBOX_TEAM: demoTeamKey } });
    expect([inline.stdout, inline.stderr]).toEqual(['made up\n', decrypting('$SHIPSHAPE_KEY_SANDBOX_TEAM')]);
  });

  test('an environment declared `demo: true` needs no --demo, and still warns', async () => {
    const { project, env } = withDemoAesKey('  demo: true,');
    const set = await shipshape(project, ['secrets', 'set', 'sandbox', 'api', 'A'], { input: 'made up', env });
    expect(set.status).toBe(0);
    expect(set.stderr.startsWith(encrypting)).toBe(true);
  });

  test('an RSA demo public key committed elsewhere: a developer without any private key is refused too, and the private half copied into $SHIPSHAPE_KEY_* warns', async () => {
    fixture = secretsFixture({ encryptionKeys: "[EncryptionKey.rsa('ci')]" });
    const { project } = fixture;
    mkdirSync(join(project, 'environments', 'sandbox', 'keys'));
    writeFileSync(join(project, 'environments', 'sandbox', 'keys', 'ci.pub.pem'), demoCiPublic);
    const refused = await shipshape(project, ['secrets', 'set', 'sandbox', 'api', 'A'], { input: 'real?' });
    expect([refused.status, refused.stderr]).toEqual([1, refusal.replace('aes key "team"', 'rsa key "ci"')]);
    expect((await shipshape(project, ['secrets', 'set', 'sandbox', 'api', 'A', '--demo'], { input: 'made up' })).status).toBe(0);
    const get = await shipshape(project, ['secrets', 'get', 'sandbox', 'api', 'A'], { env: { SHIPSHAPE_KEY_SANDBOX_CI: demoCiPrivate } });
    expect([get.stdout, get.stderr]).toEqual(['made up\n', decrypting('$SHIPSHAPE_KEY_SANDBOX_CI').replace('aes key "team"', 'rsa key "ci"')]);
  });

  test('a real key (the fixture\'s own) neither warns nor needs --demo', async () => {
    fixture = secretsFixture();
    const set = await shipshape(fixture.project, ['secrets', 'set', 'sandbox', 'api', 'A'], { input: 'real', env: fixture.env });
    expect(set.status).toBe(0);
    expect(set.stderr).not.toContain('demo');
    expect((await shipshape(fixture.project, ['secrets', 'get', 'sandbox', 'api', 'A'], { env: fixture.env })).stderr).toBe('');
  });
});

test('`demo` in an environment definition is true or false', () => {
  expect(() => defineEnvironment({ name: 'sandbox', domain: 'sandbox.acme.dev', services: [], demo: 'yes' as unknown as boolean })).toThrow(
    'environment sandbox, field demo: expected true or false, found the string "yes"; use true or false.',
  );
});
