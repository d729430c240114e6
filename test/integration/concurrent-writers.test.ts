import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { platformFixtures } from '../support/platform-fixture';
import { secretsFixture, SecretsFixture } from '../support/secrets-fixture';

jest.setTimeout(300_000);

// Commands that change one file, started together as separate processes: each takes the file's lock
// (lib/cli/file-lock.ts) and re-reads the file under it, so none loses another's change.
const bin = join(__dirname, '..', '..', 'bin', 'shipshape.js');

/** Runs `node bin/shipshape.js <args>` as its own process, asynchronously, so several run at once. */
function start(cwd: string, args: readonly string[], env: Record<string, string>, input = ''): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env: { PATH: process.env.PATH ?? '', HOME: join(cwd, '.home'), ...env } });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.resume();
    child.stdin.end(input);
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

const platform = platformFixtures();
let fixture: SecretsFixture | undefined;
let project: string | undefined;
afterEach(() => {
  fixture?.remove();
  if (project) rmSync(project, { recursive: true, force: true });
});

test('3 `secrets set` of different keys of one file, started together, 30 rounds: every value is stored and decrypts', async () => {
  fixture = secretsFixture();
  const { env, read, cipher } = fixture;
  const expected = new Map<string, string>();
  for (let round = 0; round < 30; round++) {
    const runs = [0, 1, 2].map((writer) => {
      const key = `ROUND_${round}_WRITER_${writer}`;
      const value = `value of writer ${writer} in round ${round}`;
      expected.set(key, value);
      return start(fixture!.project, ['secrets', 'set', 'sandbox', 'api', key], env, value);
    });
    expect((await Promise.all(runs)).map((run) => run.status)).toEqual([0, 0, 0]);
    // Checked every round, so a lost value names its round.
    expect(read().keys('api').filter((key) => key.startsWith(`ROUND_${round}_`))).toHaveLength(3);
  }
  const entries = read().entries();
  const plaintexts = await cipher().decryptAll(entries);
  expect(new Map(entries.map((entry, index) => [entry.key, plaintexts[index]]))).toEqual(expected);
});

test('2 releases of different services to one environment, started together, 5 rounds: versions.json keeps both pins, and so do the manifests', async () => {
  project = platform();
  for (let round = 0; round < 5; round++) {
    const runs = ['api', 'web'].map((service) => start(project!, ['release', service, `9.${round}.0`, '--env', 'staging'], {}));
    expect((await Promise.all(runs)).map((run) => run.status)).toEqual([0, 0]);
    expect(JSON.parse(readFileSync(join(project, 'environments/staging/versions.json'), 'utf8'))).toEqual({ api: `9.${round}.0`, web: `9.${round}.0` });
    for (const service of ['api', 'web']) expect(readFileSync(join(project, `manifests/staging/${service}.yaml`), 'utf8')).toContain(`:9.${round}.0`);
  }
});
