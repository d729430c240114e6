import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { changedLines, PRODUCTION, secretsProjectPerTest, STAGING } from './support/secrets-project';
import { shipshape } from './support/shipshape-cli';

// Each test runs `shipshape secrets ...` in a throwaway copy of flowline, the tests' platform repository, in this process.
// What only a real process shows (stdin from a pipe, a signal) is in test/integration/secrets-cli.test.ts.
const example = secretsProjectPerTest();
const { demoKeys, withDemoKeys, read, secrets } = example;

describe('set, get, list and rm', () => {
  test('set reads the value from stdin, changes exactly one line, and get prints it', async () => {
    const before = read(STAGING);
    // In process, with stdin a stream; test/integration/secrets-cli.test.ts pipes the value to a process of its own.
    // The example's keys are published demo keys: --demo says the value is made up (test/demo-keys.test.ts).
    const set = await shipshape(example.project, ['secrets', 'set', 'staging', 'api', 'DATABASE_URL', '--demo'], { input: 'postgres://api:new-password@db/flowline\n', ...withDemoKeys });
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

  test('a developer without any private key writes production values (write-only) but cannot read them', async () => {
    const set = await shipshape(example.project, ['secrets', 'set', 'production', 'webhooks', 'GITHUB_WEBHOOK_SECRET', '--demo'], { input: 'rotated-by-a-developer' });
    expect(set.status).toBe(0);
    const get = await shipshape(example.project, ['secrets', 'get', 'production', 'webhooks', 'GITHUB_WEBHOOK_SECRET']);
    expect(get.status).toBe(1);
    expect(get.stdout).toBe('');
    expect(get.stderr).toBe(
      `error: environment production, service webhooks, field GITHUB_WEBHOOK_SECRET: none of the keys that open the value is held here (it is encrypted for rsa key "ci", rsa key "break-glass"); put one at $SHIPSHAPE_KEY_PRODUCTION_CI or ${example.project}/.no-keys/production/ci.pem, or $SHIPSHAPE_KEY_PRODUCTION_BREAK_GLASS or ${example.project}/.no-keys/production/break-glass.pem; without a key you can still set values, list and remove them.\n`,
    );
    // CI holds the private key as an environment variable.
    const ci = await shipshape(example.project, ['secrets', 'get', 'production', 'webhooks', 'GITHUB_WEBHOOK_SECRET'], { env: { SHIPSHAPE_KEY_PRODUCTION_CI: readFileSync(join(demoKeys, 'production/ci.pem'), 'utf8') } });
    expect(ci.stdout).toBe('rotated-by-a-developer\n');
  });

  test('list shows keys, sizes and what each value is encrypted for, without any key', async () => {
    const list = await shipshape(example.project, ['secrets', 'list', 'production']);
    expect(list.status).toBe(0);
    expect(list.stdout.replace(/\d+ B/g, 'N B')).toBe(
      [
        'environments/production/secrets.json: 4 values; listed keys: rsa key "ci", rsa key "break-glass"',
        'SERVICE          KEY                      SIZE  ENCRYPTED FOR',
        'api              DATABASE_URL           N B  rsa:ci, rsa:break-glass',
        'api              JWT_SIGNING_KEY        N B  rsa:ci, rsa:break-glass',
        'pipeline-worker  REGISTRY_TOKEN         N B  rsa:ci, rsa:break-glass',
        'webhooks         GITHUB_WEBHOOK_SECRET  N B  rsa:ci, rsa:break-glass',
        '',
      ].join('\n'),
    );
  });

  test('rm removes one value without any key, and says what synth will then need', async () => {
    const rm = await shipshape(example.project, ['secrets', 'rm', 'staging', 'webhooks', 'GITHUB_WEBHOOK_SECRET']);
    expect(rm.status).toBe(0);
    expect(rm.stderr).toBe('warning: service webhooks still declares GITHUB_WEBHOOK_SECRET in its secrets, so synth fails until you remove it there or store a value again\n');
    expect(secrets(STAGING, 'staging').keys('webhooks')).toEqual([]);
    expect(secrets(STAGING, 'staging').keys('api')).toEqual(['DATABASE_URL', 'JWT_SIGNING_KEY']);
  });

  test.each([
    [
      'a value on the command line',
      ['set', 'staging', 'api', 'DATABASE_URL', 'hunter2'],
      'environment staging, service api, field DATABASE_URL: a value given on the command line would stay in shell history and be visible in `ps`, so it was not stored; pipe it in (`printf %s "$VALUE" | shipshape secrets set staging api DATABASE_URL`) or run without it to type it at a hidden prompt.',
    ],
    [
      'an empty value',
      ['set', 'staging', 'api', 'DATABASE_URL', '--demo'],
      'environment staging, service api, field DATABASE_URL: the value is empty (nothing came on standard input); pipe the value in, e.g. `printf %s "$TOKEN" | shipshape secrets set ...`, or remove the key with `shipshape secrets rm`.',
    ],
    [
      'an unknown environment',
      ['set', 'prod', 'api', 'DATABASE_URL'],
      'environment prod: there is no environments/prod/environment.ts; choose one of production, staging or create that file.',
    ],
    [
      'an unknown service',
      ['get', 'staging', 'billing', 'DATABASE_URL'],
      'environment staging, service billing: does not run in this environment (services: api, web, pipeline-worker, webhooks); check the spelling, or add it to services in environments/staging/environment.ts.',
    ],
    [
      'a key that is not an environment variable name',
      ['set', 'staging', 'api', 'database-url'],
      'environment staging, service api, field database-url: the key "database-url" is not an environment variable name (letters, digits and "_", not starting with a digit); use a name such as DATABASE_URL.',
    ],
    [
      'a key with no stored value',
      ['get', 'staging', 'api', 'DATABASE_UR'],
      'environment staging, service api, field DATABASE_UR: environments/staging/secrets.json holds no value for it (stored: DATABASE_URL, JWT_SIGNING_KEY); store it with `shipshape secrets set staging api DATABASE_UR`.',
    ],
    [
      'rm of a key with no stored value',
      ['rm', 'staging', 'web', 'SESSION_SECRET'],
      'environment staging, service web, field SESSION_SECRET: environments/staging/secrets.json holds no value for it (nothing is stored for this service); store it with `shipshape secrets set staging web SESSION_SECRET`.',
    ],
  ])('%s: one clear error, exit 1, nothing written', async (_, args, message) => {
    const before = [read(STAGING), read(PRODUCTION)];
    const result = await shipshape(example.project, ['secrets', ...args], withDemoKeys);
    expect(result.status).toBe(1);
    expect(result.stderr.split('\n').filter((line) => !line.startsWith('warning: '))).toEqual([`error: ${message}`, '']);
    expect([read(STAGING), read(PRODUCTION)]).toEqual(before);
  });

  test('a wrong key: one clear error, exit 1, nothing printed', async () => {
    const result = await shipshape(example.project, ['secrets', 'get', 'staging', 'api', 'DATABASE_URL'], { env: { SHIPSHAPE_KEY_STAGING_TEAM: randomBytes(32).toString('base64') } });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'error: environment staging, service api, field DATABASE_URL: the held aes key "team" does not open the value (wrong key: not the key it was encrypted with, or the value was altered); check the key at $SHIPSHAPE_KEY_STAGING_TEAM, then run `shipshape secrets verify staging`.\n',
    );
  });

  test('a hand-edited file stops every command and synth, and nothing is written', async () => {
    const broken = read(STAGING).replace(/"(AgR4[^"]{20})[^"]*"/, '"$1 pasted by hand"');
    writeFileSync(join(example.project, STAGING), broken);
    const message = 'error: environment staging, service api, field DATABASE_URL: the value stored in environments/staging/secrets.json is not base64 (the file was edited by hand); restore the file from git, or store the value again with `shipshape secrets set staging api DATABASE_URL`.\n';
    for (const args of [['secrets', 'list', 'staging'], ['secrets', 'set', 'staging', 'api', 'JWT_SIGNING_KEY'], ['synth']]) {
      const result = await shipshape(example.project, args, { input: 'x', ...withDemoKeys });
      expect([result.status, result.stderr]).toEqual([1, message]);
    }
    expect(read(STAGING)).toBe(broken);
  });
});

describe('edit', () => {
  /** An "editor" that records how it found the file, then rewrites the YAML. */
  function editor(script: string): Record<string, string> {
    const file = join(example.keys, 'editor.js');
    writeFileSync(
      file,
      `const fs = require('fs'); const path = process.argv[2];
       fs.writeFileSync(${JSON.stringify(join(example.keys, 'seen.json'))}, JSON.stringify({ path, mode: fs.statSync(path).mode & 0o777, folderMode: fs.statSync(require('path').dirname(path)).mode & 0o777 }));
       let text = fs.readFileSync(path, 'utf8');
       ${script}
       fs.writeFileSync(path, text);`,
    );
    return { EDITOR: `${process.execPath} ${file}`, SHIPSHAPE_KEYS_DIR: demoKeys };
  }
  const seen = () => JSON.parse(readFileSync(join(example.keys, 'seen.json'), 'utf8'));

  test('re-encrypts only the changed values, applies additions and removals, and wipes the private temp file', async () => {
    const before = secrets(STAGING, 'staging');
    const env = editor(`text = text.replace(/JWT_SIGNING_KEY: .*/, 'JWT_SIGNING_KEY: changed-in-editor').replace(/  REGISTRY_TOKEN: .*\\n/, '') + 'web:\\n  SESSION_SECRET: "multi\\\\nline"\\n';`);
    const edit = await shipshape(example.project, ['secrets', 'edit', 'staging', '--demo'], { env });
    expect(edit.stderr).toBe(
      'warning: environment staging, field encryptionKeys: encrypting for aes key "team", a published demo key: anyone can read these values, so store only made-up ones\n' +
        "warning: service web does not declare SESSION_SECRET in its secrets, so no pod reads it; add it to secrets in the service's definition\n",
    );
    expect(edit.stdout).toBe(
      'removed pipeline-worker/REGISTRY_TOKEN\nchanged api/JWT_SIGNING_KEY\nadded web/SESSION_SECRET\nnext: run `npm run synth` and commit environments/staging/secrets.json with manifests/staging/ (the pods\' secrets hash changed)\n',
    );
    const after = secrets(STAGING, 'staging');
    expect(after.get('api', 'DATABASE_URL')).toBe(before.get('api', 'DATABASE_URL'));
    expect(after.get('webhooks', 'GITHUB_WEBHOOK_SECRET')).toBe(before.get('webhooks', 'GITHUB_WEBHOOK_SECRET'));
    expect(after.get('api', 'JWT_SIGNING_KEY')).not.toBe(before.get('api', 'JWT_SIGNING_KEY'));
    expect(after.get('pipeline-worker', 'REGISTRY_TOKEN')).toBeUndefined();
    expect((await shipshape(example.project, ['secrets', 'get', 'staging', 'web', 'SESSION_SECRET'], withDemoKeys)).stdout).toBe('multi\nline\n');
    const file = seen();
    expect([file.mode, file.folderMode]).toEqual([0o600, 0o700]);
    expect(existsSync(file.path)).toBe(false);
    expect(existsSync(join(file.path, '..'))).toBe(false);
  });

  test.each([
    ['YAML that does not parse', "text = text + '\\n  : [unclosed';", /^error: environment staging: the edited file is not valid YAML \(line \d+: [A-Z_]+\); nothing was changed; run `shipshape secrets edit` again\.\n$/],
    ['an emptied value', "text = text.replace(/JWT_SIGNING_KEY: .*/, 'JWT_SIGNING_KEY: \"\"');", /^error: environment staging, service api, field JWT_SIGNING_KEY: has no value in the edited file; nothing was changed; run `shipshape secrets edit` again, and delete the line to remove a key\.\n$/],
    ['an editor that fails', 'process.exit(3);', /^error: environment staging: the editor \(.*\) exited with status 3; nothing was changed; set \$EDITOR to an editor that waits until the file is closed, e.g\. EDITOR="code --wait"\.\n$/],
  ])('%s: nothing is written, no plaintext printed, and the temp file is gone', async (_, script, message) => {
    const before = read(STAGING);
    const edit = await shipshape(example.project, ['secrets', 'edit', 'staging', '--demo'], { env: editor(script) });
    expect(edit.status).toBe(1);
    expect(edit.stderr.replace(/^warning: .*\n/, '')).toMatch(message);
    expect(edit.stderr).not.toContain('demo-only');
    expect(read(STAGING)).toBe(before);
    expect(existsSync(seen().path)).toBe(false);
  });
});

describe('keygen and rotate', () => {
  test('keygen writes a 0600 key outside the repository, refuses to overwrite one or to write inside the repository', async () => {
    const env = { SHIPSHAPE_KEYS_DIR: example.keys };
    expect((await shipshape(example.project, ['secrets', 'keygen', 'production', 'ci-2026', '--type', 'rsa'], { env })).status).toBe(0);
    expect(statSync(join(example.keys, 'production/ci-2026.pem')).mode & 0o777).toBe(0o600);
    expect(read('environments/production/keys/ci-2026.pub.pem')).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    const again = await shipshape(example.project, ['secrets', 'keygen', 'production', 'ci-2026', '--type', 'rsa'], { env });
    expect(again.stderr).toBe(
      `error: environment production, field encryptionKeys: ${example.keys}/production/ci-2026.pem already exists, and a key is never overwritten (the values encrypted for it could not be read again); choose a new name, list it in encryptionKeys and run \`shipshape secrets rotate\`.\n`,
    );
    const inside = await shipshape(example.project, ['secrets', 'keygen', 'staging', 'team-2026'], { env: { SHIPSHAPE_KEYS_DIR: join(example.project, 'keys') } });
    expect(inside.stderr).toBe(
      `error: environment staging, field encryptionKeys: the keys folder ${example.project}/keys is inside the repository, where a private key would be committed; set SHIPSHAPE_KEYS_DIR to a folder outside ${example.project}.\n`,
    );
  });

  test('rotate re-encrypts every value for the keys listed now; the retired key opens nothing afterwards', async () => {
    const env = { SHIPSHAPE_KEYS_DIR: example.keys };
    // Read from a second copy: this copy's environment file changes below, and the CLI in this process loads it once.
    const untouched = example.freshCopy();
    const before = (await shipshape(untouched, ['secrets', 'get', 'staging', 'api', 'DATABASE_URL'], withDemoKeys)).stdout;
    rmSync(untouched, { recursive: true, force: true });
    expect((await shipshape(example.project, ['secrets', 'keygen', 'staging', 'team-2026'], { env })).status).toBe(0);
    const definition = join(example.project, 'environments/staging/environment.ts');
    writeFileSync(definition, readFileSync(definition, 'utf8').replace("EncryptionKey.aes('team')", "EncryptionKey.aes('team-2026')"));
    // Both keys at hand: the old one reads, the new one writes and checks the round trip.
    const oldKey = readFileSync(join(demoKeys, 'staging/team.aes'), 'utf8');
    const rotate = await shipshape(example.project, ['secrets', 'rotate', 'staging'], { env: { ...env, SHIPSHAPE_KEY_STAGING_TEAM: oldKey } });
    // Rotating away from the demo key needs no --demo: the new key is not one.
    expect(rotate.stderr).toBe('warning: environment staging, field encryptionKeys: decrypting with aes key "team" (from $SHIPSHAPE_KEY_STAGING_TEAM), a published demo key: anyone can read these values, so they must be made-up ones\n');
    expect(rotate.stdout).toBe(
      'rotated 4 values of environments/staging/secrets.json: each is now encrypted for aes key "team-2026" and was checked with aes key "team-2026"\n' +
        "next: run `npm run synth` and commit environments/staging/secrets.json with manifests/staging/ (the pods' secrets hash changed)\n",
    );
    expect(before).toMatch(/^postgres:\/\//);
    expect((await shipshape(example.project, ['secrets', 'get', 'staging', 'api', 'DATABASE_URL'], { env })).stdout).toBe(before);
    expect((await shipshape(example.project, ['secrets', 'verify', 'staging'], { env })).status).toBe(0);
    const retired = await shipshape(example.project, ['secrets', 'get', 'staging', 'api', 'DATABASE_URL'], { env: { SHIPSHAPE_KEY_STAGING_TEAM: oldKey } });
    expect(retired.stderr).toMatch(/^error: environment staging, service api, field DATABASE_URL: none of the keys that open the value is held here \(it is encrypted for aes key "team-2026"\)/);
  });

  test('rotate to keys nobody here can open with, or whose public half is missing, writes nothing', async () => {
    const before = read(STAGING);
    const definition = join(example.project, 'environments/staging/environment.ts');
    writeFileSync(definition, readFileSync(definition, 'utf8').replace("EncryptionKey.aes('team')", "EncryptionKey.rsa('ci')"));
    const noPublicKey = await shipshape(example.project, ['secrets', 'rotate', 'staging'], withDemoKeys);
    expect(noPublicKey.stderr).toBe(
      'error: environment staging, field encryptionKeys: the rsa key "ci" has no public key at environments/staging/keys/ci.pub.pem; commit the public key `shipshape secrets keygen staging ci --type rsa` wrote there.\n',
    );
    // Production's public key committed for staging: encrypting works, but nobody here holds staging's private half.
    mkdirSync(join(example.project, 'environments/staging/keys'));
    writeFileSync(join(example.project, 'environments/staging/keys/ci.pub.pem'), read('environments/production/keys/ci.pub.pem'));
    const unchecked = await shipshape(example.project, ['secrets', 'rotate', 'staging'], withDemoKeys);
    expect(unchecked.stderr).toBe(
      `error: environment staging, field encryptionKeys: rotate checks each new value by decrypting it, which needs one of the listed keys (rsa key "ci"), and none is held here; put one at $SHIPSHAPE_KEY_STAGING_CI or ${demoKeys}/staging/ci.pem.\n`,
    );
    expect(read(STAGING)).toBe(before);
  });
});

describe('verify and render', () => {
  test('verify reports every value that is not where it was encrypted for, and exits 1', async () => {
    const file = secrets(STAGING, 'staging');
    const swapped = file.with('api', 'DATABASE_URL', file.get('api', 'JWT_SIGNING_KEY')!).with('api', 'JWT_SIGNING_KEY', file.get('api', 'DATABASE_URL')!);
    writeFileSync(join(example.project, STAGING), swapped.render());
    const verify = await shipshape(example.project, ['secrets', 'verify', 'staging'], withDemoKeys);
    expect(verify.status).toBe(1);
    expect(verify.stdout).toBe('');
    expect(verify.stderr).toBe(
      [
        `warning: environment staging, field encryptionKeys: decrypting with aes key "team" (from ${demoKeys}/staging/team.aes), a published demo key: anyone can read these values, so they must be made-up ones`,
        'error: environment staging, service api, field DATABASE_URL: the stored value was encrypted for environment staging, service api, key JWT_SIGNING_KEY, so it was copied here by hand; set it again with `shipshape secrets set staging api DATABASE_URL`.',
        'error: environment staging, service api, field JWT_SIGNING_KEY: the stored value was encrypted for environment staging, service api, key DATABASE_URL, so it was copied here by hand; set it again with `shipshape secrets set staging api JWT_SIGNING_KEY`.',
        'environments/staging/secrets.json: 2 problems in 4 values',
        '',
      ].join('\n'),
    );
  });

  test('render prints a Secret per service with the service labels and the pods\' secrets hash', async () => {
    const render = await shipshape(example.project, ['secrets', 'render', 'staging'], withDemoKeys);
    expect(render.status).toBe(0);
    expect(render.stdout).toMatch(/^# Rendered by shipshape secrets render for environment staging\. Holds secret values: apply it, never commit it\.\napiVersion: v1\nkind: Secret\n/);
    expect(render.stdout.match(/^  name: [a-z-]+-secrets$/gm)).toEqual(['  name: api-secrets', '  name: pipeline-worker-secrets', '  name: webhooks-secrets']);
    const hash = read('manifests/staging/api.yaml').match(/shipshape\.dev\/secrets-hash: (\w+)/)![1];
    expect(render.stdout).toContain(`  labels:\n    app.kubernetes.io/component: api\n    app.kubernetes.io/instance: api\n`);
    expect(render.stdout).toContain(`  annotations:\n    shipshape.dev/secrets-hash: ${hash}\n`);
  });

  test('render --namespace puts the Secrets in a branch preview copied from the environment', async () => {
    const namespace = 'preview-feature-x-217d2bf5';
    const render = await shipshape(example.project, ['secrets', 'render', 'staging', '--namespace', namespace], withDemoKeys);
    expect(render.status).toBe(0);
    expect(render.stdout.match(/^  namespace: .*$/gm)).toEqual([`  namespace: ${namespace}`, `  namespace: ${namespace}`, `  namespace: ${namespace}`]);
    const bad = await shipshape(example.project, ['secrets', 'render', 'staging', '--namespace', 'Preview_X'], withDemoKeys);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toBe('error: environment staging, field --namespace: the namespace "Preview_X" is not a DNS label (lowercase letters, digits and "-", starting and ending with a letter or digit); pass a namespace name such as the one `shipshape preview name <branch>` prints.\n');
  });

  test('render --out writes a 0600 file to an ignored folder, and refuses manifests/ or a folder git would commit', async () => {
    const out = await shipshape(example.project, ['secrets', 'render', 'staging', '--out', '.shipshape'], withDemoKeys);
    expect(out.status).toBe(0);
    expect(statSync(join(example.project, '.shipshape/staging/secrets.yaml')).mode & 0o777).toBe(0o600);
    const manifests = await shipshape(example.project, ['secrets', 'render', 'staging', '--out', 'manifests'], withDemoKeys);
    expect(manifests.stderr).toBe(
      'error: environment staging, field --out: manifests/staging/secrets.yaml is inside manifests/, which is committed; rendered Secrets hold plaintext; print to stdout for `kubectl apply -f -`, or use --out .shipshape.\n',
    );
    const tracked = await shipshape(example.project, ['secrets', 'render', 'staging', '--out', 'rendered'], withDemoKeys);
    expect(tracked.stderr).toBe(
      'error: environment staging, field --out: rendered/staging/secrets.yaml is not ignored by git, so the plaintext Secrets could be committed; use --out .shipshape (ignored), or a folder outside the repository.\n',
    );
    expect(existsSync(join(example.project, 'manifests/staging/secrets.yaml'))).toBe(false);
    expect(existsSync(join(example.project, 'rendered'))).toBe(false);
  });
});
