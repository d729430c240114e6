import { secretCatalogOf, SecretsFile } from '../lib';
import { mistake } from './support/mistake';

const SOURCE = 'environments/staging/secrets.json';
// Stand-ins for Encryption SDK messages: the file format only needs base64.
const A = Buffer.from('ciphertext of A').toString('base64');
const B = Buffer.from('ciphertext of B').toString('base64');
const C = Buffer.from('ciphertext of C').toString('base64');

const file = SecretsFile.empty('staging').with('webhooks', 'GITHUB_WEBHOOK_SECRET', C).with('api', 'JWT_SIGNING_KEY', B).with('api', 'DATABASE_URL', A);

describe('the secrets file', () => {
  test('puts each value on its own line under a name line, blank lines between, sorted by service and key', () => {
    expect(file.render()).toBe(
      [
        '{',
        '  "format": "shipshape.dev/secrets/v1",',
        '  "environment": "staging",',
        '  "note": "Each value is an AWS Encryption SDK message (base64). Change values with `shipshape secrets`, never by hand."',
        '',
        ', "api/DATABASE_URL":',
        `    "${A}"`,
        '',
        ', "api/JWT_SIGNING_KEY":',
        `    "${B}"`,
        '',
        ', "webhooks/GITHUB_WEBHOOK_SECRET":',
        `    "${C}"`,
        '',
        '}',
        '',
      ].join('\n'),
    );
  });

  test('is plain JSON, and reads back to the same values', () => {
    expect(Object.keys(JSON.parse(file.render()))).toEqual(['format', 'environment', 'note', 'api/DATABASE_URL', 'api/JWT_SIGNING_KEY', 'webhooks/GITHUB_WEBHOOK_SECRET']);
    const read = SecretsFile.parse(file.render(), 'staging', SOURCE);
    expect(read.entries()).toEqual(file.entries());
    expect(read.render()).toBe(file.render());
    expect(SecretsFile.parse(SecretsFile.empty('staging').render(), 'staging', SOURCE).size).toBe(0);
  });

  test('changing one value changes exactly one line', () => {
    const before = file.render().split('\n');
    const after = file.with('api', 'DATABASE_URL', B).render().split('\n');
    expect(after.filter((line, index) => line !== before[index])).toEqual([`    "${B}"`]);
  });

  test('synth reads the stored keys and a fingerprint of each service without any key', () => {
    const catalog = secretCatalogOf(file, SOURCE);
    expect(catalog.services()).toEqual(['api', 'webhooks']);
    expect(catalog.keys('api')).toEqual(['DATABASE_URL', 'JWT_SIGNING_KEY']);
    expect(catalog.keys('web')).toEqual([]);
    expect(catalog.digest('web')).toBeUndefined();
    expect(catalog.digest('api')).toMatch(/^[0-9a-f]{16}$/);
    // A changed ciphertext rolls that service's pods, and only that service's.
    const changed = secretCatalogOf(file.with('api', 'JWT_SIGNING_KEY', C), SOURCE);
    expect(changed.digest('api')).not.toBe(catalog.digest('api'));
    expect(changed.digest('webhooks')).toBe(catalog.digest('webhooks'));
  });

  const text = file.render();
  test.each([
    [
      'an unresolved merge conflict',
      text.replace(', "api/JWT_SIGNING_KEY":', '<<<<<<< ours\n, "api/JWT_SIGNING_KEY":'),
      'environment staging, field environments/staging/secrets.json: has an unresolved git merge conflict (line 9); configure the merge driver once (`npm run secrets:merge-driver`) and merge again, or keep one side of each conflict and run `shipshape secrets verify`.',
    ],
    [
      'broken JSON',
      text.replace(`"${A}"`, `"${A}",`),
      /^environment staging, field environments\/staging\/secrets.json: is not valid JSON \(.*\); restore it with `git checkout -- environments\/staging\/secrets.json` and make changes with `shipshape secrets`\.$/,
    ],
    ['not an object', '[]', 'environment staging, field environments/staging/secrets.json: is not a JSON object; restore it with `git checkout -- environments/staging/secrets.json`.'],
    [
      'another format',
      text.replace('shipshape.dev/secrets/v1', 'shipshape.dev/secrets/v2'),
      'environment staging, field environments/staging/secrets.json: has format "shipshape.dev/secrets/v2", not "shipshape.dev/secrets/v1"; upgrade shipshape, or restore the file from git if it was edited by hand.',
    ],
    [
      "another environment's file",
      text.replace('"environment": "staging"', '"environment": "production"'),
      'environment staging, field environments/staging/secrets.json: belongs to environment "production", not staging; move it back to environments/production/ (values are bound to their environment and cannot be copied).',
    ],
    [
      'a malformed entry name',
      text.replace('"api/DATABASE_URL"', '"api/DATABASE-URL"'),
      'environment staging, field environments/staging/secrets.json: has an entry "api/DATABASE-URL" that is not a stored value: "DATABASE-URL" is not an environment variable name (letters, digits and "_", not starting with a digit); remove it (git checkout -- environments/staging/secrets.json) and store values with `shipshape secrets set`.',
    ],
    [
      'an entry without a service',
      text.replace('"api/DATABASE_URL"', '"DATABASE_URL"'),
      'environment staging, field environments/staging/secrets.json: has an entry "DATABASE_URL" that is not a stored value: "DATABASE_URL" is not <service>/<KEY>; remove it (git checkout -- environments/staging/secrets.json) and store values with `shipshape secrets set`.',
    ],
    [
      'a value that is not base64',
      text.replace(`"${A}"`, '"postgres://plaintext pasted by hand"'),
      'environment staging, service api, field DATABASE_URL: the value stored in environments/staging/secrets.json is not base64 (the file was edited by hand); restore the file from git, or store the value again with `shipshape secrets set staging api DATABASE_URL`.',
    ],
    [
      'a value that is not a string',
      text.replace(`"${A}"`, '42'),
      'environment staging, service api, field DATABASE_URL: the value stored in environments/staging/secrets.json is not base64 (the file was edited by hand); restore the file from git, or store the value again with `shipshape secrets set staging api DATABASE_URL`.',
    ],
    [
      'a note that is not text',
      text.replace(/"note": "[^"]*"/, '"note": 42'),
      'environment staging, field environments/staging/secrets.json: has a note that is not text; restore it with `git checkout -- environments/staging/secrets.json`.',
    ],
    [
      'no format at all',
      text.replace(/"format": "[^"]*",/, ''),
      'environment staging, field environments/staging/secrets.json: has format undefined, not "shipshape.dev/secrets/v1"; upgrade shipshape, or restore the file from git if it was edited by hand.',
    ],
    [
      'a value stored twice (JSON.parse would silently keep the last)',
      text.replace(', "api/JWT_SIGNING_KEY":', `, "api/DATABASE_URL":\n    "${C}"\n\n, "api/JWT_SIGNING_KEY":`),
      'environment staging, service api, field DATABASE_URL: environments/staging/secrets.json holds two values for it (a merge kept both versions); delete one of the two entries, keeping the intended one, and run `shipshape secrets verify`.',
    ],
  ])('refuses %s', (_, broken, message) => {
    const received = mistake(() => SecretsFile.parse(broken, 'staging', SOURCE));
    if (typeof message === 'string') expect(received).toBe(message);
    else expect(received).toMatch(message);
  });
});
