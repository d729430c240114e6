import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadEnvironments } from '../../lib/cli/environment-loading';
import { environmentNames, projectAt } from '../../lib/cli/project';
import { readSecretsFile } from '../../lib/cli/secrets/file-store';
import { keySourceFor } from '../../lib/cli/secrets/key-files';
import { SecretCipher } from '../../lib/secrets/secret-cipher';
import { privateCopyOfKeys } from '../support/flowline';
import { shipshape } from '../support/shipshape-cli';

// The example's encrypted demo values, opened by demo-keys/: every environment those keys open (one added
// later has keys of its own, outside the repository).
const root = join(__dirname, '..', '..');
const project = projectAt(root);
const demoKeys = privateCopyOfKeys(join(root, 'demo-keys'));
const opened = environmentNames(project).filter((environment) => existsSync(join(root, 'demo-keys', environment)));
const quiet = { out: () => undefined, err: () => undefined };

function cipherFor(environment: string, variables: NodeJS.ProcessEnv): SecretCipher {
  const [definition] = loadEnvironments(project, [environment]);
  return new SecretCipher({ environment, keys: definition.encryptionKeys ?? [], source: keySourceFor(project, environment, variables, quiet) });
}

async function examplePlaintexts(environment: string): Promise<string[]> {
  return cipherFor(environment, { SHIPSHAPE_KEYS_DIR: demoKeys }).decryptAll(readSecretsFile(project, environment).entries());
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((entry) => {
    const path = join(folder, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The value as it could appear encoded: base64 (as in a Secret's data) at each byte alignment, and base64url. */
function encodings(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const aligned = [0, 1, 2].map((offset) => {
    // Bytes before the value shift its base64; the characters that depend only on the value are the middle ones.
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    return encoded.slice(4, -4);
  });
  return [bytes.toString('base64'), bytes.toString('base64url'), ...aligned];
}

test.each(opened)('secrets verify %s passes with the demo keys (what CI runs where it holds a key)', async (environment) => {
  const verify = await shipshape(root, ['secrets', 'verify', environment], { env: { SHIPSHAPE_KEYS_DIR: demoKeys } });
  expect(verify.status).toBe(0);
  const stored = readSecretsFile(project, environment).entries().length;
  expect(verify.stdout).toMatch(new RegExp(`^environments/${environment}/secrets.json: all ${stored} values decrypt, belong where they are stored and are encrypted for `));
});

test('no example secret value appears in manifests/, plain or base64', async () => {
  const values = (await Promise.all(opened.map(examplePlaintexts))).flat();
  expect(values.length).toBeGreaterThan(0);
  expect(values.every((value) => value.includes('demo-only'))).toBe(true);
  const manifests = filesUnder(project.manifestsFolder).map((file) => readFileSync(file, 'utf8'));
  expect(manifests.length).toBeGreaterThan(0);
  for (const value of values) {
    for (const form of [value, ...encodings(value)]) {
      expect(manifests.filter((text) => text.includes(form))).toEqual([]);
    }
  }
  // The manifests do reference every declared key, by name only.
  expect(readFileSync(join(project.manifestsFolder, 'production/api.yaml'), 'utf8')).toContain('secretKeyRef:\n                  key: DATABASE_URL\n                  name: api-secrets');
});

test("each environment's values are encrypted only for its own keys, and staging's key opens no production value", async () => {
  const staging = readSecretsFile(project, 'staging').entries();
  const production = readSecretsFile(project, 'production').entries();
  const keysOf = (cipher: SecretCipher, entries: typeof staging) =>
    new Set(entries.map((entry) => {
      const header = cipher.inspect(entry);
      return 'problem' in header ? header.problem : header.keyIds.join(', ');
    }));
  expect(keysOf(cipherFor('staging', {}), staging)).toEqual(new Set(['aes:team']));
  expect(keysOf(cipherFor('production', {}), production)).toEqual(new Set(['rsa:ci, rsa:break-glass']));
  // Staging's key material at hand for production opens nothing there, wherever it is put.
  const stagingKey = readFileSync(join(demoKeys, 'staging/team.aes'), 'utf8');
  const results = await cipherFor('production', { SHIPSHAPE_KEY_PRODUCTION_TEAM: stagingKey }).decryptEach(production);
  expect(results.map((result) => ('error' in result ? result.error.problem.split(' (')[0] : 'decrypted'))).toEqual(production.map(() => 'none of the keys that open the value is held here'));
  expect(() => cipherFor('production', { SHIPSHAPE_KEY_PRODUCTION_CI: stagingKey })).toThrow(
    'environment production, field encryptionKeys: $SHIPSHAPE_KEY_PRODUCTION_CI is not a PEM private key; replace it with the private key `shipshape secrets keygen --type rsa` wrote.',
  );
  // A staging value copied into production's file is refused even where production's own keys are held.
  await expect(cipherFor('production', { SHIPSHAPE_KEYS_DIR: demoKeys }).decrypt(staging[0])).rejects.toThrow(
    'environment production, service api, field DATABASE_URL: the stored value was encrypted for environment staging, service api, key DATABASE_URL, so it was copied here by hand',
  );
});
