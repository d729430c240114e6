import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// The package as users get it: pack shipshape as npm would publish it, then scaffold a service repo and a platform
// repo, install the tarball into each (everything else comes from the registry) and run what their READMEs say.

const root = join(__dirname, '..', '..');
const cli = join(root, 'bin', 'shipshape.js');

/** The environment without npm's own variables (a nested npm would act on this repo) and without CI unless asked. */
function environment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('npm_') && key !== 'INIT_CWD' && key !== 'CI'));
  return { ...env, ...extra };
}

/** Runs a command and fails with its output when it fails. */
function run(cwd: string, command: string, args: string[], extra: Record<string, string> = {}): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: environment(extra), maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} in ${cwd} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

const npm = (cwd: string, ...args: string[]) => run(cwd, 'npm', [...args, '--no-audit', '--no-fund']);

let workspace: string;
let tarball: string;
let packedFiles: string[];
beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'shipshape-e2e-'));
  const [packed] = JSON.parse(run(root, 'npm', ['pack', '--json', '--pack-destination', workspace]).stdout);
  tarball = join(workspace, packed.filename);
  packedFiles = packed.files.map((file: { path: string }) => file.path);
});
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

test('npm pack ships compiled JavaScript, types, the CLI and the license, and none of the example or tests', () => {
  expect(packedFiles).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'bin/shipshape.js', 'build/index.js', 'build/index.d.ts', 'build/testing/index.js', 'build/testing/index.d.ts', 'build/cli/main.js', 'build/loader/typescript-loader.js', 'build/loader/disk-cache.js']));
  expect(packedFiles.filter((file) => !/^(bin\/|build\/.*\.(js|d\.ts)$|package\.json$|README\.md$|LICENSE$)/.test(file))).toEqual([]);
});

describe('a service repo on the packed library', () => {
  test('a scaffolded service repo installs it and passes its own tests, first locally and then in CI', () => {
    run(workspace, process.execPath, [cli, 'init', 'service-repo', 'billing', '--shipshape', tarball]);
    const repo = join(workspace, 'billing');
    npm(repo, 'install');
    // The first run records the snapshots, as on a developer's machine; CI then holds the repo to them.
    expect(run(repo, 'npm', ['test']).stderr).toContain('3 snapshots written');
    expect(run(repo, 'npm', ['test'], { CI: 'true' }).stderr).toMatch(/Tests: +7 passed, 7 total\nSnapshots: +3 passed, 3 total/);
  });

  test('a platform repo installs the service package and synthesizes it with the packaged CLI', () => {
    const repo = join(workspace, 'billing');
    const [service] = JSON.parse(run(repo, 'npm', ['pack', '--json', '--pack-destination', workspace]).stdout);
    const platform = join(workspace, 'platform');
    const write = (path: string, content: string) => {
      mkdirSync(dirname(join(platform, path)), { recursive: true });
      writeFileSync(join(platform, path), content);
    };
    write('package.json', JSON.stringify({ name: 'platform', private: true, dependencies: { shipshape: `file:${tarball}`, billing: `file:${join(workspace, service.filename)}` } }));
    write('services/index.ts', "export { billing } from 'billing';\n");
    write('environments/staging/environment.ts', [
      "import { defineEnvironment } from 'shipshape';",
      "import { billing } from '../../services';",
      '',
      "export default defineEnvironment({ name: 'staging', domain: 'staging.example.com', services: [billing], monitoring: { namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' } } });",
      '',
    ].join('\n'));
    npm(platform, 'install');
    expect(existsSync(join(platform, 'node_modules/shipshape/lib'))).toBe(false);

    expect(run(platform, 'npx', ['shipshape', 'synth']).stdout).toMatch(/^staging +1 services +\d+ objects +2 files +→ manifests\/staging$/m);
    run(platform, 'npx', ['shipshape', 'check']);
    // What the service team snapshots in a staging-like environment is what this platform deploys.
    const snapshot = run(repo, process.execPath, ['-e', "const t = require('shipshape/testing'); process.stdout.write(t.synthesizeService(require('./build/service').billing, { environment: 'staging' }).yaml)"]).stdout;
    expect(readFileSync(join(platform, 'manifests/staging/billing.yaml'), 'utf8')).toBe(snapshot);

    // The scaffold works from the package too, importing from 'shipshape' as the environment does.
    run(platform, 'npx', ['shipshape', 'new', 'service', 'payments']);
    expect(readFileSync(join(platform, 'services/payments.ts'), 'utf8')).toContain("import { defineService } from 'shipshape';");
    expect(readFileSync(join(platform, 'test/services/payments.test.ts'), 'utf8')).toContain("from 'shipshape/testing';");
    expect(readFileSync(join(platform, 'manifests/staging/payments.yaml'), 'utf8')).toContain('name: payments');
  });
});

describe('a platform repo from init platform', () => {
  // Install output with a warning in it (EBADENGINE, unreviewed install scripts) is noise a new user would have to judge.
  const warnings = (result: SpawnSyncReturns<string>) => `${result.stdout}\n${result.stderr}`.split('\n').filter((line) => /EBADENGINE|install-scripts/.test(line));

  test('installs shipshape from the tarball; its npm ci, synth and test pass, and so do new service, new environment and cdk8s synth', () => {
    const keys = join(workspace, 'keys');
    const withKeys = { SHIPSHAPE_KEYS_DIR: keys };
    run(workspace, process.execPath, [cli, 'init', 'platform', 'our-platform', '--shipshape', tarball], withKeys);
    const repo = join(workspace, 'our-platform');
    expect(readdirSync(join(keys))).toEqual(['production', 'staging']);

    // As its README says: the first time npm install, which writes the lock file; from then on npm ci.
    expect(warnings(npm(repo, 'install'))).toEqual([]);
    rmSync(join(repo, 'node_modules'), { recursive: true });
    expect(warnings(npm(repo, 'ci'))).toEqual([]);
    expect(run(repo, 'npm', ['run', 'synth']).stdout).toMatch(/^staging +0 services +\d+ objects +1 files +→ manifests\/staging$/m);
    expect(run(repo, 'npm', ['test']).stderr).toMatch(/Snapshots: +2 written, 2 total/);
    run(repo, 'npm', ['test'], { CI: 'true' });

    // Its README's next steps, with the packaged CLI.
    run(repo, 'npm', ['run', 'shipshape', '--', 'new', 'service', 'billing'], withKeys);
    expect(readFileSync(join(repo, 'test/services/billing.test.ts'), 'utf8')).toContain("from 'shipshape/testing';");
    expect(run(repo, 'npm', ['test']).stderr).toMatch(/Snapshots: +5 written, 2 passed, 7 total/);
    // billing declares no secret, so the new environment synthesizes at once.
    expect(run(repo, 'npm', ['run', 'shipshape', '--', 'new', 'environment', 'qa', '--from', 'staging'], withKeys).stdout).toMatch(/^qa +1 services .* → manifests\/qa$/m);
    expect(readdirSync(join(keys))).toEqual(['production', 'qa', 'staging']);
    expect(run(repo, 'npm', ['test']).stderr).toMatch(/Snapshots: +2 written, 7 passed, 9 total/);
    run(repo, 'npm', ['test'], { CI: 'true' });

    // cdk8s's own CLI gives the same environments, and prints no stack trace on the way.
    const cdk8s = run(repo, 'npm', ['run', '-s', 'cdk8s:synth']);
    expect(cdk8s.stderr).toBe('');
    expect(readdirSync(join(repo, 'dist')).sort()).toEqual(['production.k8s.yaml', 'qa.k8s.yaml', 'staging.k8s.yaml']);
  });
});
