import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatReleaseVersions, parseRelease } from '../lib/environment/release-versions';
import { parseObjects } from '../lib/testing/synthesized-object';
import { flowlineCopies } from './support/flowline';
import { shipshape } from './support/shipshape-cli';
import { httpService, only, renderService } from './support/render';

// shipshape's commands on throwaway copies of flowline, the tests' platform.
const copyOfFlowline = flowlineCopies();

const digest = `sha256:${'4f'.repeat(32)}`;

describe('a release reference', () => {
  test.each([
    ['2.15.0', { tag: '2.15.0', digest: undefined }],
    [digest, { tag: undefined, digest }],
    [`2.15.0@${digest}`, { tag: '2.15.0', digest }],
    ['ghcr.io/acme/api:2.15.0', { tag: '2.15.0', digest: undefined }],
  ])('%s', (reference, expected) => {
    expect(parseRelease(reference, 'ghcr.io/acme/api', 'release')).toEqual(expected);
  });

  test('is written to versions.json sorted, one service per line', () => {
    expect(formatReleaseVersions({ web: '5.4.0', api: `2.15.0@${digest}` })).toBe(`{\n  "api": "2.15.0@${digest}",\n  "web": "5.4.0"\n}\n`);
  });
});

describe('released versions in an environment', () => {
  const deployment = (releases: Record<string, string>) => only(renderService(httpService, { releases }), 'Deployment');

  test('win over the definition: image, version label and change-cause follow the release', () => {
    const released = deployment({ api: '1.5.0' });
    expect(released.spec.template.spec.containers[0].image).toBe('ghcr.io/acme/api:1.5.0');
    expect(released.spec.template.metadata.labels['app.kubernetes.io/version']).toBe('1.5.0');
    expect(released.metadata.annotations['kubernetes.io/change-cause']).toBe('image ghcr.io/acme/api:1.5.0');
  });

  test('a digest release pulls by digest', () => {
    expect(deployment({ api: digest }).spec.template.spec.containers[0].image).toBe(`ghcr.io/acme/api@${digest}`);
  });

  test('the change-cause names what rolled the pods, so kubectl rollout history reads well', () => {
    const withConfig = only(renderService({ ...httpService, config: { LOG_LEVEL: 'info' } }), 'Deployment');
    expect(withConfig.metadata.annotations['kubernetes.io/change-cause']).toMatch(/^image ghcr\.io\/acme\/api:1\.4\.2, config [0-9a-f]{16}$/);
  });

  test('a release of a service that does not run there is refused', () => {
    expect(() => renderService(httpService, { releases: { billing: '1.0.0' } })).toThrow(
      "environment test, service billing, field releases.billing: pins a release of a service that does not run in this environment (services: api); remove billing from the environment's versions.json or add it to services.",
    );
  });

  test('a release tagged latest is refused', () => {
    expect(() => renderService(httpService, { releases: { api: 'latest' } })).toThrow('environment test, service api, field releases.api: "ghcr.io/acme/api:latest" uses the tag "latest"');
  });
});

describe('shipshape release', () => {
  let project: string;
  beforeEach(() => {
    project = copyOfFlowline();
  });
  afterEach(() => rmSync(project, { recursive: true, force: true }));

  const versions = (env: string) => JSON.parse(readFileSync(join(project, 'environments', env, 'versions.json'), 'utf8'));
  const deploymentOf = (env: string, service: string) =>
    only(parseObjects(readFileSync(join(project, 'manifests', env, `${service}.yaml`), 'utf8')), 'Deployment');

  test('records the version, re-synthesizes only that environment, and says how to commit it', async () => {
    const productionBefore = readFileSync(join(project, 'manifests/production/web.yaml'), 'utf8');
    const result = await shipshape(project, ['release', 'web', '5.4.0', '--env', 'staging']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe([
      'staging: web 5.3.1 → 5.4.0 (ghcr.io/flowline/web:5.4.0)',
      'updated environments/staging/versions.json and manifests/staging/',
      'commit it on its own, so a rollback is one revert: git commit -m "release web 5.4.0 to staging" -- environments/staging/versions.json manifests/staging',
      '',
    ].join('\n'));
    expect(versions('staging')).toEqual({ api: '2.15.0', web: '5.4.0' });
    const web = deploymentOf('staging', 'web');
    expect(web.spec.template.spec.containers[0].image).toBe('ghcr.io/flowline/web:5.4.0');
    expect(web.metadata.annotations['kubernetes.io/change-cause']).toMatch(/^image ghcr\.io\/flowline\/web:5\.4\.0, config /);
    expect(readFileSync(join(project, 'manifests/production/web.yaml'), 'utf8')).toBe(productionBefore);
    expect((await shipshape(project, ['check'])).status).toBe(0);
    expect(readdirSync(join(project, 'environments/staging')).sort()).toEqual(['environment.ts', 'secrets.json', 'versions.json']);
  });

  test('accepts a digest and the full image reference a build pipeline prints', async () => {
    expect((await shipshape(project, ['release', 'api', `ghcr.io/flowline/api:2.16.0@${digest}`, '--env', 'production'])).status).toBe(0);
    expect(versions('production')).toEqual({ api: `2.16.0@${digest}` });
    expect(deploymentOf('production', 'api').spec.template.spec.containers[0].image).toBe(`ghcr.io/flowline/api@${digest}`);
  });

  test('creates versions.json when the environment has none yet', async () => {
    rmSync(join(project, 'environments/production/versions.json'));
    expect((await shipshape(project, ['release', 'webhooks', '0.9.0', '--env', 'production'])).status).toBe(0);
    expect(versions('production')).toEqual({ webhooks: '0.9.0' });
  });

  test.each([
    [['api', 'latest', '--env', 'staging'], 'error: environment staging, service api, field release: "ghcr.io/flowline/api:latest" uses the tag "latest", which changes under a running Deployment; pin a release tag such as "1.4.2" or a digest.'],
    [['api', 'sha256:123', '--env', 'staging'], 'error: environment staging, service api, field release: "sha256:123" is not an image digest; write it as "sha256:" followed by 64 lowercase hex digits.'],
    [['api', 'ghcr.io/someone-else/api:1.0.0', '--env', 'staging'], 'error: environment staging, service api, field release: "ghcr.io/someone-else/api:1.0.0" is an image of ghcr.io/someone-else/api, but the service runs ghcr.io/flowline/api; release a tag or digest of the same repository, or change the repository in the service definition.'],
    [['billing', '1.0.0', '--env', 'staging'], 'error: environment staging, service billing, field service: does not run in this environment (services: api, web, pipeline-worker, webhooks); release one of those, or add billing to environments/staging/environment.ts first.'],
    [['api', '2.15.0', '--env', 'qa'], 'error: environment qa: there is no environments/qa/environment.ts; choose one of production, staging or create that file.'],
  ])('refuses %j with one sentence and changes nothing', async (args, message) => {
    const before = readFileSync(join(project, 'environments/staging/versions.json'), 'utf8');
    const manifests = readFileSync(join(project, 'manifests/staging/api.yaml'), 'utf8');
    const result = await shipshape(project, ['release', ...args]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(message);
    expect(readFileSync(join(project, 'environments/staging/versions.json'), 'utf8')).toBe(before);
    expect(readFileSync(join(project, 'manifests/staging/api.yaml'), 'utf8')).toBe(manifests);
  });

  test('a broken versions.json names the file and how to restore it', async () => {
    writeFileSync(join(project, 'environments/staging/versions.json'), '{"api": 2.15}\n');
    expect((await shipshape(project, ['synth'])).stderr.trim()).toBe(
      'error: environment staging, service api, field environments/staging/versions.json: the version of api is 2.15, not a tag or digest; write it like "2.15.0" or "sha256:…".',
    );
  });

  test('releasing the version already recorded changes nothing', async () => {
    const result = await shipshape(project, ['release', 'api', '2.15.0', '--env', 'staging']);
    expect(result.stdout.trim()).toBe('staging: api is already released at 2.15.0 in environments/staging/versions.json; nothing changed');
    expect(existsSync(join(project, 'environments/staging/versions.json'))).toBe(true);
  });
});
