import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { environmentNames, projectAt } from '../../lib/cli/project';

// The proof that a service team can work without the platform repo: pack shipshape as npm would
// publish it, scaffold a service repo, install the tarball into it (everything else comes from
// the registry) and run its tests; then let a platform repo consume both packages.

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

describe('a service repo on the packed library', () => {
  let workspace: string;
  let tarball: string;
  beforeAll(() => {
    workspace = mkdtempSync(join(tmpdir(), 'shipshape-e2e-'));
  });
  afterAll(() => rmSync(workspace, { recursive: true, force: true }));

  test('npm pack ships compiled JavaScript, types, the CLI and the license, and none of the example or tests', () => {
    const [packed] = JSON.parse(run(root, 'npm', ['pack', '--json', '--pack-destination', workspace]).stdout);
    tarball = join(workspace, packed.filename);
    const files: string[] = packed.files.map((file: { path: string }) => file.path);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'bin/shipshape.js', 'build/index.js', 'build/index.d.ts', 'build/testing/index.js', 'build/testing/index.d.ts', 'build/cli/main.js', 'build/loader/typescript-loader.js', 'build/loader/disk-cache.js', 'LICENSE']));
    expect(files.filter((file) => !/^(bin\/|build\/.*\.(js|d\.ts)$|package\.json$|README\.md$|LICENSE$)/.test(file))).toEqual([]);
  });

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

describe('a new service in a clean copy of this repo', () => {
  // What a platform repo's own tests are: the type-check, the environment snapshots, the new service's
  // snapshot test and the drift check. This repository's other suites pin the example's exact services
  // (their counts, the README graph), so a new service legitimately changes what they expect.
  test('type-checks, stays in sync with manifests/ and passes its snapshot tests as generated', () => {
    const copy = mkdtempSync(join(tmpdir(), 'shipshape-e2e-platform-'));
    try {
      const files = run(root, 'git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z']).stdout.split('\0').filter((file) => file && existsSync(join(root, file)));
      for (const file of files) cpSync(join(root, file), join(copy, file), { recursive: true });
      symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
      run(copy, process.execPath, [join(copy, 'bin', 'shipshape.js'), 'new', 'service', 'billing']);
      // A snapshot for each kind of environment in its own test, and for its file in each example environment.
      const written = 3 + environmentNames(projectAt(copy)).length;
      run(copy, 'npm', ['run', '-s', 'typecheck']);
      run(copy, 'npm', ['run', '-s', 'check']);
      const test = run(copy, 'npx', ['jest', 'test/services', 'test/environments.test.ts']).stderr;
      expect(test).toMatch(/^Tests: +(\d+) passed, \1 total$/m);
      expect(test).toMatch(new RegExp(`^Snapshots: +${written} written, \\d+ passed, \\d+ total$`, 'm'));
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
