import { changedLines, secretsProjectPerTest, STAGING } from './support/secrets-project';
import { shipshape } from './support/shipshape-cli';

// `shipshape secrets set-all` in throwaway copies of flowline, the tests' platform, in this process (stdin a stream).
// test/new-environment.test.ts shows it completing a new environment.
const example = secretsProjectPerTest();
const { withDemoKeys, read } = example;

describe('shipshape secrets set-all', () => {
  test('stores every piped value in one write, then synthesizes, as the environment lacks nothing', async () => {
    const before = read(STAGING);
    const input = '# staging, rotated today\napi DATABASE_URL=postgres://api:rotated@db/flowline?sslmode=require\r\nwebhooks GITHUB_WEBHOOK_SECRET= starts with a space\n';
    const result = await shipshape(example.project, ['secrets', 'set-all', 'staging'], { input, ...withDemoKeys });
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n').slice(0, 3)).toEqual(['changed api/DATABASE_URL', 'changed webhooks/GITHUB_WEBHOOK_SECRET', 'stored 2 values in environments/staging/secrets.json, encrypted for aes key "team"']);
    expect(result.stdout).toMatch(/^staging +\d+ services/m);
    expect(changedLines(before, read(STAGING))).toHaveLength(2);
    expect((await shipshape(example.project, ['secrets', 'get', 'staging', 'api', 'DATABASE_URL'], withDemoKeys)).stdout).toBe('postgres://api:rotated@db/flowline?sslmode=require\n');
    expect((await shipshape(example.project, ['secrets', 'get', 'staging', 'webhooks', 'GITHUB_WEBHOOK_SECRET'], withDemoKeys)).stdout).toBe(' starts with a space\n');
    expect((await shipshape(example.project, ['check'])).status).toBe(0);
  });

  test('a key no service reads is stored with a warning, as with set', async () => {
    const result = await shipshape(example.project, ['secrets', 'set-all', 'staging'], { input: 'web SESSION_SECRET=s3cret\n', ...withDemoKeys });
    expect(result.status).toBe(0);
    expect(result.stderr).toContain("warning: service web does not declare SESSION_SECRET in its secrets, so no pod reads it; add it to secrets in the service's definition\n");
  });

  test('says what the environment still lacks, and does not synthesize before it has it all', async () => {
    expect((await shipshape(example.project, ['secrets', 'rm', 'staging', 'api', 'DATABASE_URL'])).status).toBe(0);
    expect((await shipshape(example.project, ['secrets', 'rm', 'staging', 'api', 'JWT_SIGNING_KEY'])).status).toBe(0);
    const result = await shipshape(example.project, ['secrets', 'set-all', 'staging'], { input: 'api JWT_SIGNING_KEY=jwt\n', ...withDemoKeys });
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n').slice(1)).toEqual([
      'stored 1 value in environments/staging/secrets.json, encrypted for aes key "team"',
      'staging still lacks api DATABASE_URL',
      'next: store it with `shipshape secrets set-all staging`, then it synthesizes',
      '',
    ]);
  });

  test.each([
    ['a line without a key', 'api DATABASE_URL=x\napi-secret-value\n', 'error: environment staging, field line 2: is not `SERVICE KEY=value`; nothing was stored; write one `SERVICE KEY=value` line per value and run the command again.'],
    ['a key given twice', 'api DATABASE_URL=value-one\napi DATABASE_URL=value-two\n', 'error: environment staging, service api, field DATABASE_URL: is given twice (line 2); nothing was stored; write one `SERVICE KEY=value` line per value and run the command again.'],
    ['an empty value', 'api DATABASE_URL=\n', 'error: environment staging, service api, field DATABASE_URL: has no value (line 1); nothing was stored; write one `SERVICE KEY=value` line per value and run the command again.'],
    ['a service that does not run there', 'billing DATABASE_URL=x\n', 'error: environment staging, service billing: does not run in this environment (services: api, web, pipeline-worker, webhooks); check the spelling, or add it to services in environments/staging/environment.ts.'],
    ['a key that is no variable name', 'api DATABASE-URL=x\n', 'error: environment staging, service api, field DATABASE-URL: the key '],
    ['nothing at all', '\n# nothing\n', 'error: environment staging: nothing came on standard input; pipe in `SERVICE KEY=value` lines (from a password manager, say; never from a file in the repository), or run it at a terminal to type each missing value.'],
  ])('refuses %s with one sentence that shows no value, and stores nothing', async (_, input, message) => {
    const before = read(STAGING);
    const result = await shipshape(example.project, ['secrets', 'set-all', 'staging'], { input, ...withDemoKeys });
    expect(result.status).toBe(1);
    expect(result.stderr.startsWith(message)).toBe(true);
    expect(result.stderr.split('\n')).toHaveLength(2);
    expect(result.stderr).not.toMatch(/api-secret-value|value-one|value-two/);
    expect(read(STAGING)).toBe(before);
  });
});
