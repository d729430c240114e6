import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEnvironments } from '../lib/cli/environment-loading';
import { projectAt } from '../lib/cli/project';
import { synthesizeEnvironments } from '../lib';
import { FLOWLINE, flowlineCopies } from './support/flowline';
import { shipshape } from './support/shipshape-cli';

// On flowline, the tests' own platform; the example's drift check is its own test, test/platform/environments.test.ts.
const copyOfFlowline = flowlineCopies();

describe('the command line', () => {
  test('lists every command in its help, and suggests the nearest for a mistyped one', async () => {
    const help = await shipshape(FLOWLINE, ['--help']);
    expect(help.status).toBe(0);
    const commands = help.stdout.split('Commands:')[1].split('\n').map((line) => line.trim().split(' ')[0]).filter(Boolean);
    expect(commands).toEqual(['synth', 'check', 'release', 'preview', 'diff', 'graph', 'new', 'init', 'secrets', 'validate', 'cdk8s-app', 'help']);
    expect(await shipshape(FLOWLINE, ['synt'])).toEqual({ status: 1, stdout: '', stderr: "error: unknown command 'synt'\n(Did you mean synth?)\n" });
  });

  test('prints its version, from package.json', async () => {
    const { version } = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
    expect(await shipshape(FLOWLINE, ['--version'])).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
  });
});

describe('synth', () => {
  test('is deterministic: two runs give byte-identical files', () => {
    const first = synthesizeEnvironments(loadEnvironments(projectAt(FLOWLINE)));
    const second = synthesizeEnvironments(loadEnvironments(projectAt(FLOWLINE)));
    expect(first.map((m) => [...m.files])).toEqual(second.map((m) => [...m.files]));
  });
});

describe('the shipshape CLI', () => {
  let project: string;
  beforeEach(() => {
    project = copyOfFlowline();
  });
  afterEach(() => rmSync(project, { recursive: true, force: true }));

  test('synth writes one folder per environment with a file per service, and check then passes', async () => {
    rmSync(join(project, 'manifests'), { recursive: true });
    const synth = await shipshape(project, ['synth']);
    expect(synth.status).toBe(0);
    // A file per service and per extension, plus 00-environment.yaml.
    const [production] = synthesizeEnvironments(loadEnvironments(projectAt(FLOWLINE), ['production']));
    expect(synth.stdout).toMatch(new RegExp(`^production +${production.serviceCount} services +${production.objectCount} objects +${production.files.size} files +→ manifests/production$`, 'm'));
    for (const [file, text] of production.files) expect(readFileSync(join(project, 'manifests/production', file), 'utf8')).toBe(text);
    expect((await shipshape(project, ['check'])).status).toBe(0);
  });

  test('check names every stale, missing and stray file and fails', async () => {
    writeFileSync(join(project, 'manifests/staging/api.yaml'), 'edited by hand\n');
    rmSync(join(project, 'manifests/production/web.yaml'));
    writeFileSync(join(project, 'manifests/staging/old-service.yaml'), 'kind: Deployment\n');
    const check = await shipshape(project, ['check']);
    expect(check.status).toBe(1);
    expect(check.stderr).toContain('manifests/staging/api.yaml differs from what synth produces');
    expect(check.stderr).toContain('manifests/production/web.yaml is missing');
    expect(check.stderr).toContain('manifests/staging/old-service.yaml is not produced by synth');
  });

  test('a mistake fails synth with one sentence, and leaves manifests/ as it was', async () => {
    const file = join(project, 'services/api.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace('api:2.14.0', 'api:latest'));
    const before = readFileSync(join(project, 'manifests/staging/api.yaml'), 'utf8');
    // In process; test/integration/synth.test.ts shows the exit code and the one line a shell gets from the bin.
    const synth = await shipshape(project, ['synth']);
    expect(synth.status).toBe(1);
    expect(synth.stdout).toBe('');
    expect(synth.stderr).toBe(
      'error: environment production, service api, field image: "ghcr.io/flowline/api:latest" uses the tag "latest", which changes under a running Deployment; pin a release tag such as "1.4.2" or a digest.\n',
    );
    expect(readFileSync(join(project, 'manifests/staging/api.yaml'), 'utf8')).toBe(before);
    expect(existsSync(join(project, 'manifests/production/api.yaml'))).toBe(true);
  });

  test('SHIPSHAPE_WITHOUT turns speed techniques off for a measurement, with the same files; an unknown name is an error', async () => {
    const without = await shipshape(project, ['synth', '--out', 'without'], { env: { SHIPSHAPE_WITHOUT: 'parallel-synthesis, optimization-budget' } });
    expect(without.status).toBe(0);
    expect((await shipshape(project, ['synth', '--out', 'with'])).status).toBe(0);
    for (const environment of ['production', 'staging']) {
      for (const file of readdirSync(join(project, 'with', environment))) {
        expect(readFileSync(join(project, 'without', environment, file), 'utf8')).toBe(readFileSync(join(project, 'with', environment, file), 'utf8'));
      }
    }
    const unknown = await shipshape(project, ['synth'], { env: { SHIPSHAPE_WITHOUT: 'caching' } });
    expect([unknown.status, unknown.stderr]).toEqual([1, 'error: field SHIPSHAPE_WITHOUT: "caching" is not a speed technique synth can turn off; name parallel-synthesis or optimization-budget, or unset it.\n']);
  });

  test('an unknown environment is a clear error', async () => {
    const synth = await shipshape(project, ['synth', '--env', 'prod']);
    expect(synth.status).toBe(1);
    expect(synth.stderr.trim()).toBe('error: environment prod: there is no environments/prod/environment.ts; choose one of production, staging or create that file.');
  });
});
