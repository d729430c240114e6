import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check } from '../lib/cli/check-command';
import { loadEnvironments, projectAt } from '../lib/cli/project';
import { Terminal } from '../lib/cli/terminal';
import { synthesizeEnvironments } from '../lib';

const root = join(__dirname, '..');
const cli = join(root, 'bin', 'shipshape.js');

function recorder(): Terminal & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (line) => lines.push(line), err: (line) => lines.push(line) };
}

/** A throwaway copy of the example platform repo, so tests can break it. */
function copyOfExample(): string {
  const folder = mkdtempSync(join(tmpdir(), 'shipshape-test-'));
  for (const entry of ['services', 'environments', 'manifests']) cpSync(join(root, entry), join(folder, entry), { recursive: true });
  // The copy's definitions import '../lib', which this file points at the library in this checkout.
  writeFileSync(join(folder, 'lib.ts'), `export * from ${JSON.stringify(join(root, 'lib'))};\n`);
  return folder;
}

function run(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
}

describe('synth', () => {
  test('is deterministic: two runs give byte-identical files', () => {
    const first = synthesizeEnvironments(loadEnvironments(projectAt(root)));
    const second = synthesizeEnvironments(loadEnvironments(projectAt(root)));
    expect(first.map((m) => [...m.files])).toEqual(second.map((m) => [...m.files]));
  });

  test('the committed manifests/ are exactly what synth produces (npm run check)', () => {
    const terminal = recorder();
    expect(check(projectAt(root), terminal)).toBe(0);
  });
});

describe('the shipshape CLI', () => {
  let project: string;
  beforeEach(() => {
    project = copyOfExample();
  });
  afterEach(() => rmSync(project, { recursive: true, force: true }));

  test('synth writes one folder per environment with a file per service, and check then passes', () => {
    rmSync(join(project, 'manifests'), { recursive: true });
    const synth = run(project, 'synth');
    expect(synth.status).toBe(0);
    // A file per service plus 00-environment.yaml, however many services the example has.
    const services = loadEnvironments(projectAt(project), ['production'])[0].services.length;
    expect(synth.stdout).toMatch(new RegExp(`^production +${services} services +\\d+ objects +${services + 1} files +→ manifests/production$`, 'm'));
    expect(readFileSync(join(project, 'manifests/production/api.yaml'), 'utf8')).toBe(readFileSync(join(root, 'manifests/production/api.yaml'), 'utf8'));
    expect(run(project, 'check').status).toBe(0);
  });

  test('check names every stale, missing and stray file and fails', () => {
    writeFileSync(join(project, 'manifests/staging/api.yaml'), 'edited by hand\n');
    rmSync(join(project, 'manifests/production/web.yaml'));
    writeFileSync(join(project, 'manifests/staging/old-service.yaml'), 'kind: Deployment\n');
    const check = run(project, 'check');
    expect(check.status).toBe(1);
    expect(check.stderr).toContain('manifests/staging/api.yaml differs from what synth produces');
    expect(check.stderr).toContain('manifests/production/web.yaml is missing');
    expect(check.stderr).toContain('manifests/staging/old-service.yaml is not produced by synth');
  });

  test('a mistake fails synth with one sentence, no stack trace, and leaves manifests/ as it was', () => {
    const file = join(project, 'services/api.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace('api:2.14.0', 'api:latest'));
    const before = readFileSync(join(project, 'manifests/staging/api.yaml'), 'utf8');
    const synth = run(project, 'synth');
    expect(synth.status).toBe(1);
    expect(synth.stderr.trim()).toBe(
      'error: service api, field image: "ghcr.io/flowline/api:latest" uses the tag "latest", which changes under a running Deployment; pin a release tag such as "1.4.2" or a digest.'.replace('service api', 'environment production, service api'),
    );
    expect(readFileSync(join(project, 'manifests/staging/api.yaml'), 'utf8')).toBe(before);
    expect(existsSync(join(project, 'manifests/production/api.yaml'))).toBe(true);
  });

  test('an unknown environment is a clear error', () => {
    const synth = run(project, 'synth', '--env', 'prod');
    expect(synth.status).toBe(1);
    expect(synth.stderr.trim()).toBe('error: environment prod: there is no environments/prod/environment.ts; choose one of production, staging or create that file.');
  });
});
