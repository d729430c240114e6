import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { filesUnder } from './support/files-under';
import { scratchFolder } from './support/scratch-folder';
import { shipshape } from './support/shipshape-cli';

// The scaffold in process; test/e2e/ installs the packed shipshape into one and runs its npm ci, synth and test.
const own = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));

describe('shipshape init platform', () => {
  let workspace: string;
  let keys: string;
  beforeEach(() => {
    workspace = scratchFolder('shipshape-init');
    keys = scratchFolder('shipshape-keys');
  });
  afterEach(() => {
    rmSync(workspace, { recursive: true, force: true });
    rmSync(keys, { recursive: true, force: true });
  });
  const read = (path: string) => readFileSync(join(workspace, path), 'utf8');
  const init = (args: string[]) => shipshape(workspace, ['init', 'platform', ...args], { env: { SHIPSHAPE_KEYS_DIR: keys } });

  test('writes a repository that installs shipshape, with staging and production, their keys outside it, tests, pipelines and a README', async () => {
    const run = await init(['platform', '--domain', 'acme.dev']);
    expect([run.status, run.stderr]).toEqual([0, '']);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.filter((line) => line.startsWith('created ')).map((line) => line.slice('created platform/'.length)).sort()).toEqual([
      '.gitattributes',
      '.github/workflows/apply-environment.yml',
      '.github/workflows/deploy.yml',
      '.github/workflows/pull-request.yml',
      '.gitignore',
      'README.md',
      'cdk8s.yaml',
      'environments/production/environment.ts',
      'environments/production/secrets.json',
      'environments/staging/environment.ts',
      'environments/staging/secrets.json',
      'jest.config.js',
      'package.json',
      'services/index.ts',
      'test/environments.test.ts',
      'tsconfig.json',
    ]);
    expect(lines.slice(-3)).toEqual([
      `made the aes key "team" of staging at ${keys}/staging/team.aes (mode 0600; never commit it)`,
      `made the aes key "team" of production at ${keys}/production/team.aes (mode 0600; never commit it)`,
      'next: cd platform && npm install && npm run synth && npm test, then commit everything, package-lock.json and manifests/ too',
    ]);
    for (const environment of ['staging', 'production']) expect(statSync(join(keys, environment, 'team.aes')).mode & 0o777).toBe(0o600);

    const pkg = JSON.parse(read('platform/package.json'));
    expect(pkg).toMatchObject({ name: 'platform', private: true, engines: own.engines, scripts: { synth: 'shipshape synth', test: 'tsc --noEmit && jest' } });
    // shipshape's peers in the releases it is tested with, and its test tools, pinned as here.
    expect(pkg.dependencies).toEqual({ cdk8s: own.devDependencies.cdk8s, 'cdk8s-plus-27': own.devDependencies['cdk8s-plus-27'], constructs: own.devDependencies.constructs, shipshape: `^${own.version}` });
    for (const [tool, version] of Object.entries(pkg.devDependencies)) expect(version).toBe({ ...own.dependencies, ...own.devDependencies }[tool]);

    expect(read('platform/environments/staging/environment.ts')).toContain("import { defineEnvironment, EncryptionKey } from 'shipshape';\n");
    expect(read('platform/environments/staging/environment.ts')).toContain("  name: 'staging',\n  // A service with `ingress: { subdomain: 'x' }` is served at https://x.staging.acme.dev.\n  domain: 'staging.acme.dev',\n  services: [],\n");
    expect(read('platform/environments/production/environment.ts')).toContain("  domain: 'acme.dev',\n");
    expect(read('platform/.gitattributes')).toContain('environments/*/secrets.json merge=shipshape-secrets');
    // What a killed command leaves beside a file (its lock, a temporary file) is never committed.
    expect(read('platform/.gitignore').split('\n')).toEqual(expect.arrayContaining(['.shipshape/', '.*.lock', '.*.tmp']));
    expect(read('platform/test/environments.test.ts')).toContain("import { synthesizePlatform } from 'shipshape/testing';");

    // On main, each environment in order: verify and render its secrets, Namespace first, then the rest, then wait.
    const deploy = parse(read('platform/.github/workflows/deploy.yml'));
    expect(deploy.jobs.test.steps.map((step: { run?: string }) => step.run).filter(Boolean)).toEqual(['npm ci --no-audit --no-fund', 'npm test']);
    expect(deploy.jobs.staging).toMatchObject({ needs: 'test', uses: './.github/workflows/apply-environment.yml', with: { environment: 'staging' } });
    expect(deploy.jobs.production).toMatchObject({ needs: 'staging', with: { environment: 'production' } });
    const apply = parse(read('platform/.github/workflows/apply-environment.yml')).jobs.apply.steps.map((step: { run?: string }) => step.run ?? '').join('\n');
    const order = ['npx shipshape secrets verify "$ENV"', 'kubectl apply -f "manifests/$ENV/00-environment.yaml"', 'npx shipshape secrets render "$ENV" | kubectl apply -f -', 'kubectl apply -f "manifests/$ENV"', 'kubectl rollout status'];
    expect(order.map((command) => apply.indexOf(command))).toEqual(order.map((command) => apply.indexOf(command)).sort((a, b) => a - b));
    expect(order.every((command) => apply.includes(command))).toBe(true);
  });

  test('new service then works in it as in any platform repository, importing from shipshape', async () => {
    expect((await init(['platform'])).status).toBe(0);
    const platform = join(workspace, 'platform');
    // The synth new service ends with needs shipshape installed there (test/e2e/ does that); the files come first.
    const run = await shipshape(platform, ['new', 'service', 'billing']);
    expect(run.stdout.split('\n').slice(0, 5)).toEqual([
      'created services/billing.ts',
      'created test/services/billing.test.ts',
      'edited  services/index.ts',
      'edited  environments/production/environment.ts',
      'edited  environments/staging/environment.ts',
    ]);
    expect(read('platform/environments/staging/environment.ts')).toContain("import { defineEnvironment, EncryptionKey } from 'shipshape';\nimport { billing } from '../../services';\n");
    expect(read('platform/environments/staging/environment.ts')).toContain('  services: [billing],\n');
    expect(read('platform/test/services/billing.test.ts')).toContain("from 'shipshape/testing';");
  });

  test.each<[string, string[], (workspace: string) => void, string]>([
    ['a folder that is not empty', ['platform'], (w) => { mkdirSync(join(w, 'platform')); writeFileSync(join(w, 'platform', 'notes.md'), 'ours\n'); }, 'error: field <dir>: platform already exists and is not empty; choose a new folder.'],
    ['a folder name npm refuses', ['Our Platform'], () => {}, 'error: field <dir>: "Our Platform" is not an npm package name (lowercase letters, digits, ".", "_" and "-"); name the folder like a package, e.g. "platform".'],
    ['a domain that is not one', ['platform', '--domain', 'https://acme.dev'], () => {}, 'error: field --domain: the domain '],
  ])('refuses %s with one sentence and writes nothing', async (_, args, prepare, message) => {
    prepare(workspace);
    const before = [filesUnder(workspace), filesUnder(keys)];
    const run = await init(args);
    expect(run.status).toBe(1);
    expect(run.stderr.startsWith(message)).toBe(true);
    expect(run.stderr.split('\n')).toHaveLength(2);
    expect([filesUnder(workspace), filesUnder(keys)]).toEqual(before);
  });

  test('refuses a keys folder inside the new repository before writing anything', async () => {
    const run = await shipshape(workspace, ['init', 'platform', 'platform'], { env: { SHIPSHAPE_KEYS_DIR: join(workspace, 'platform', 'keys') } });
    expect(run.stderr).toBe(`error: environment staging, field encryptionKeys: the keys folder ${workspace}/platform/keys is inside the repository, where a private key would be committed; set SHIPSHAPE_KEYS_DIR to a folder outside ${workspace}/platform, or unset it.\n`);
    expect(filesUnder(workspace).size).toBe(0);
  });
});
