import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEnvironments } from '../lib/cli/environment-loading';
import { projectAt } from '../lib/cli/project';
import { filesUnder } from './support/files-under';
import { flowlineCopies } from './support/flowline';
import { platformFixtures } from './support/platform-fixture';
import { scratchFolder } from './support/scratch-folder';
import { shipshape } from './support/shipshape-cli';

// `shipshape new environment` on throwaway copies of flowline, the tests' platform, with a keys folder outside it.
const copyOfFlowline = flowlineCopies();
const platformFixture = platformFixtures();

describe('shipshape new environment', () => {
  let project: string;
  let keys: string;
  beforeEach(() => {
    project = copyOfFlowline();
    keys = scratchFolder('shipshape-keys');
  });
  afterEach(() => {
    rmSync(project, { recursive: true, force: true });
    rmSync(keys, { recursive: true, force: true });
  });
  const read = (path: string) => readFileSync(join(project, path), 'utf8');
  const run = (args: string[], input?: string) => shipshape(project, args, { env: { SHIPSHAPE_KEYS_DIR: keys }, input });
  const QA_VALUES = 'api DATABASE_URL=postgres://api@qa-db/flowline\napi JWT_SIGNING_KEY=qa-signing-key\npipeline-worker REGISTRY_TOKEN=qa-token\n\n# the webhooks secret\nwebhooks GITHUB_WEBHOOK_SECRET=qa=hook secret\n';

  test('--from copies the definition and released versions, makes its key, names every secret it needs; set-all stores them and synthesizes', async () => {
    const created = await run(['new', 'environment', 'qa', '--from', 'staging']);
    expect([created.status, created.stderr]).toEqual([0, '']);
    expect(created.stdout.split('\n')).toEqual([
      'created environments/qa/environment.ts',
      'created environments/qa/secrets.json',
      'created environments/qa/versions.json',
      `made the aes key "team" of qa at ${keys}/qa/team.aes (mode 0600; never commit it)`,
      'qa needs 4 secret values before it synthesizes: api DATABASE_URL, api JWT_SIGNING_KEY, pipeline-worker REGISTRY_TOKEN, webhooks GITHUB_WEBHOOK_SECRET',
      'next: store them all with `shipshape secrets set-all qa` (one `SERVICE KEY=value` line each on stdin, or typed at hidden prompts), which then synthesizes; review environments/qa/environment.ts and commit environments/qa/ with manifests/',
      '',
    ]);
    const definition = read('environments/qa/environment.ts');
    expect(definition.split('\n')[0]).toBe("// environments/qa: a copy of environments/staging/environment.ts (`shipshape new environment qa --from staging`); its comments may still speak of staging.");
    expect(definition).toContain("  name: 'qa',\n  domain: 'qa.flowline.dev',\n");
    // Previews copy one environment, so the copy leaves staging's preview (and the comment about it) behind.
    expect(definition).not.toContain('preview');
    expect(definition.split('\n').slice(1).join('\n')).toBe(read('environments/staging/environment.ts').replace("name: 'staging'", "name: 'qa'").replace("domain: 'staging.flowline.dev'", "domain: 'qa.flowline.dev'").replace(/\n *\/\/ Branch previews[^\n]*\n *preview: [^\n]*/, ''));
    expect(read('environments/qa/versions.json')).toBe(read('environments/staging/versions.json'));
    expect(statSync(join(keys, 'qa/team.aes')).mode & 0o777).toBe(0o600);

    // Synth names every missing key at once, until they are stored.
    expect((await run(['synth'])).stderr).toBe(
      'error: environment qa, field secrets: its services require 4 secret keys that environments/qa/secrets.json does not hold (api DATABASE_URL, api JWT_SIGNING_KEY, pipeline-worker REGISTRY_TOKEN, webhooks GITHUB_WEBHOOK_SECRET); store them all at once with `shipshape secrets set-all qa`, one `SERVICE KEY=value` line each on stdin.\n',
    );
    const setAll = await run(['secrets', 'set-all', 'qa'], QA_VALUES);
    expect([setAll.status, setAll.stderr]).toEqual([0, expect.not.stringContaining('error')]);
    expect(setAll.stdout).toContain('added api/DATABASE_URL\nadded api/JWT_SIGNING_KEY\nadded pipeline-worker/REGISTRY_TOKEN\nadded webhooks/GITHUB_WEBHOOK_SECRET\nstored 4 values in environments/qa/secrets.json, encrypted for aes key "team"\n');
    expect(setAll.stdout).toMatch(/^qa +4 services +\d+ objects +\d+ files +→ manifests\/qa$/m);
    expect(setAll.stdout).toContain('gitops  3 environments handed to Argo CD / Flux');
    expect(setAll.stdout.trimEnd().split('\n').at(-1)).toBe('next: commit environments/qa/secrets.json with manifests/');
    expect((await run(['check'])).status).toBe(0);
    // The value is the rest of its line, as it is.
    expect((await run(['secrets', 'get', 'qa', 'webhooks', 'GITHUB_WEBHOOK_SECRET'])).stdout).toBe('qa=hook secret\n');
    expect(read('manifests/qa/api.yaml')).toContain('namespace: qa');
  });

  test('--from an environment with RSA keys makes RSA keys of the same names, their public halves committed beside it', async () => {
    const created = await run(['new', 'environment', 'perf', '--from', 'production']);
    expect([created.status, created.stderr]).toEqual([0, '']);
    // production's domain has no label of its own to rename, so the new name goes in front.
    expect(read('environments/perf/environment.ts')).toContain("  name: 'perf',\n  domain: 'perf.flowline.io',\n");
    for (const name of ['ci', 'break-glass']) {
      expect(read(`environments/perf/keys/${name}.pub.pem`)).toMatch(/^-----BEGIN PUBLIC KEY-----/);
      expect(readFileSync(join(keys, `perf/${name}.pem`), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    }
    expect((await run(['secrets', 'set-all', 'perf'], QA_VALUES)).status).toBe(0);
    // Anyone can write with the public keys; the private one reads.
    expect((await run(['secrets', 'verify', 'perf'])).status).toBe(0);
  });

  test('keeps a key already in the keys folder (an environment of that name removed earlier), whose values it still opens', async () => {
    mkdirSync(join(keys, 'qa'), { recursive: true });
    writeFileSync(join(keys, 'qa/team.aes'), `${Buffer.alloc(32, 7).toString('base64')}\n`, { mode: 0o600 });
    const created = await run(['new', 'environment', 'qa', '--from', 'staging']);
    expect(created.stdout).toContain(`kept the aes key "team" of qa that was already at ${keys}/qa/team.aes\n`);
    expect(readFileSync(join(keys, 'qa/team.aes'), 'utf8')).toBe(`${Buffer.alloc(32, 7).toString('base64')}\n`);
  });

  describe('refuses with one sentence and writes nothing', () => {
    test.each<[string, string[], Record<string, string>, string]>([
      ['an invalid name', ['QA'], {}, 'error: environment QA, field name: the environment name "QA" is not a DNS label (lowercase letters, digits and "-", starting and ending with a letter or digit); use a short lowercase name such as "qa".'],
      ['an existing environment', ['staging', '--from', 'production'], {}, 'error: environment staging: environments/staging/ already exists; choose another name, or edit that environment.'],
      ['the GitOps folder', ['gitops', '--from', 'staging'], {}, 'error: environment gitops, field name: "gitops" is the folder manifests/gitops/ of the GitOps objects; give the environment another name.'],
      ['an unknown --from', ['qa', '--from', 'stage'], {}, 'error: environment stage, field --from: there is no environments/stage/environment.ts; choose one of production, staging.'],
      ['the template without --domain', ['qa'], {}, 'error: environment qa, field --domain: is needed for an environment made from the template; pass the domain its hosts go under, e.g. --domain qa.example.com, or copy an environment with --from production.'],
      ['a domain that is not one', ['qa', '--from', 'staging', '--domain', 'https://qa.example.com'], {}, 'error: environment qa, field --domain: the domain '],
      ['a keys folder inside the repository', ['qa', '--from', 'staging'], { SHIPSHAPE_KEYS_DIR: 'keys' }, 'error: environment qa, field encryptionKeys: the keys folder '],
    ])('%s', async (_, args, env, message) => {
      const before = [filesUnder(join(project, 'environments')), filesUnder(keys)];
      const result = await shipshape(project, ['new', 'environment', ...args], { env: { SHIPSHAPE_KEYS_DIR: keys, ...env } });
      expect(result.stderr.startsWith(message)).toBe(true);
      expect(result.stderr.split('\n')).toHaveLength(2);
      expect(result.status).toBe(1);
      expect([filesUnder(join(project, 'environments')), filesUnder(keys)]).toEqual(before);
    });
  });

  test('a definition it cannot copy safely is refused, naming what it did not recognise', async () => {
    const staging = join(project, 'environments/staging/environment.ts');
    writeFileSync(staging, readFileSync(staging, 'utf8').replace("domain: 'staging.flowline.dev'", "domain: ['staging', 'flowline.dev'].join('.')"));
    const result = await run(['new', 'environment', 'qa', '--from', 'staging']);
    expect(result.stderr).toBe(
      "error: environment qa, field environments/staging/environment.ts: has no `domain: 'staging.flowline.dev'` to change, so shipshape cannot copy it safely and wrote nothing; write environments/qa/environment.ts by hand, or pass no --from to start from shipshape's template.\n",
    );
    expect(existsSync(join(project, 'environments/qa'))).toBe(false);
  });
});

describe('shipshape new environment from the template', () => {
  test('runs every service the platform exports, with a key of its own, and synthesizes when no secret is needed', async () => {
    const project = platformFixture();
    const keys = scratchFolder('shipshape-keys');
    try {
      const created = await shipshape(project, ['new', 'environment', 'qa', '--domain', 'qa.acme.dev'], { env: { SHIPSHAPE_KEYS_DIR: keys } });
      expect([created.status, created.stderr]).toEqual([0, '']);
      expect(created.stdout).toMatch(/^qa +2 services +\d+ objects +3 files +→ manifests\/qa$/m);
      expect(created.stdout.trimEnd().split('\n').at(-1)).toBe('next: review environments/qa/environment.ts and commit environments/qa/ with manifests/');
      const definition = readFileSync(join(project, 'environments/qa/environment.ts'), 'utf8');
      expect(definition).toContain("import { defineEnvironment, EncryptionKey } from '../../lib';\nimport { api, web } from '../../services';\n");
      expect(definition).toContain("  name: 'qa',\n");
      expect(definition).toContain("  services: [api, web],\n");
      expect(definition).toContain('CI gets it as $SHIPSHAPE_KEY_QA_TEAM.');
      const [qa] = loadEnvironments(projectAt(project), ['qa']);
      expect(qa).toMatchObject({ name: 'qa', domain: 'qa.acme.dev', encryptionKeys: [{ type: 'aes', name: 'team' }] });
      expect(existsSync(join(keys, 'qa/team.aes'))).toBe(true);
      expect((await shipshape(project, ['check'])).status).toBe(0);
      // The new environment takes new services like the others.
      expect((await shipshape(project, ['new', 'service', 'ledger', '--env', 'qa'])).status).toBe(0);
      expect(readFileSync(join(project, 'environments/qa/environment.ts'), 'utf8')).toContain('services: [api, web, ledger],');
    } finally {
      rmSync(project, { recursive: true, force: true });
      rmSync(keys, { recursive: true, force: true });
    }
  });
});
