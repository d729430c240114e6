import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderDiffReport } from '../lib/diff/diff-report';
import { fieldChanges } from '../lib/diff/field-changes';
import { diffEnvironmentFiles, diffManifestTrees } from '../lib/diff/manifest-diff';
import { commitAll, flowlineCopies } from './support/flowline';
import { scratchFolder } from './support/scratch-folder';
import { shipshape } from './support/shipshape-cli';

describe('field changes', () => {
  test('name the path of each changed leaf; named lists are matched by name, label keys are quoted', () => {
    const before = { metadata: { labels: { 'app.kubernetes.io/version': '1.0.0' } }, spec: { containers: [{ name: 'api', image: 'a:1' }, { name: 'sidecar', image: 's:1' }], replicas: 2 } };
    const after = { metadata: { labels: { 'app.kubernetes.io/version': '1.1.0' } }, spec: { containers: [{ name: 'sidecar', image: 's:1' }, { name: 'api', image: 'a:2' }], paused: true } };
    expect(fieldChanges(before, after)).toEqual([
      { path: 'metadata.labels["app.kubernetes.io/version"]', before: '1.0.0', after: '1.1.0' },
      { path: 'spec.containers[api].image', before: 'a:1', after: 'a:2' },
      { path: 'spec.paused', before: undefined, after: true },
      { path: 'spec.replicas', before: 2, after: undefined },
    ]);
  });
});

describe('the diff report', () => {
  const secret = (password: string) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: api-secrets\n  namespace: staging\ndata:\n  PASSWORD: ${Buffer.from(password).toString('base64')}\n`;
  const configMap = (level: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api-config\n  namespace: staging\ndata:\n  LOG_LEVEL: ${level}\n`;

  test('shows environment → service → object → fields, with short values', () => {
    const before = new Map([['staging', new Map([['api.yaml', configMap('info')]])]]);
    const after = new Map([['staging', new Map([['api.yaml', configMap('debug')]])], ['qa', new Map([['api.yaml', configMap('info')]])]]);
    expect(renderDiffReport(diffManifestTrees(before, after))).toEqual([
      'qa (new)',
      '  api',
      '    + ConfigMap api-config',
      'staging',
      '  api',
      '    ~ ConfigMap api-config',
      '        data.LOG_LEVEL: info → debug',
      '1 changed, 1 added, 0 removed object(s) in qa, staging',
    ]);
  });

  test('never shows a Secret value, only which keys changed', () => {
    const before = new Map([['staging', new Map([['api.yaml', secret('hunter2-old')]])]]);
    const after = new Map([['staging', new Map([['api.yaml', secret('hunter2-new')]])]]);
    const report = renderDiffReport(diffManifestTrees(before, after)).join('\n');
    expect(report).toContain('    ~ Secret api-secrets\n        data.PASSWORD (value hidden)');
    for (const value of ['hunter2-old', 'hunter2-new']) {
      expect(report).not.toContain(value);
      expect(report).not.toContain(Buffer.from(value).toString('base64'));
    }
  });
});

const copyOfFlowline = flowlineCopies();

describe('shipshape diff', () => {
  // One committed clone of flowline, the tests' platform, per file; each test works in its own copy of it (git's files included),
  // which costs a folder copy instead of a git init, add and commit.
  let committed: string;
  let project: string;
  beforeAll(() => {
    committed = copyOfFlowline();
    commitAll(committed);
  });
  afterAll(() => rmSync(committed, { recursive: true, force: true }));
  beforeEach(() => {
    project = scratchFolder('shipshape-test');
    cpSync(committed, project, { recursive: true });
  });
  afterEach(() => rmSync(project, { recursive: true, force: true }));

  const edit = (file: string, from: string, to: string) => {
    const path = join(project, file);
    const text = readFileSync(path, 'utf8');
    expect(text).toContain(from);
    writeFileSync(path, text.replace(from, to));
  };

  test('exits 0 when the working tree synthesizes exactly the committed manifests', async () => {
    const result = await shipshape(project, ['diff']);
    expect(result.stdout).toBe('gitops: no changes\nproduction: no changes\nstaging: no changes\nno differences in 3 folders\n');
    expect(result.status).toBe(0);
  });

  test('exits 1 and shows what a definition change does to each environment, before synth is run', async () => {
    edit('services/webhooks.ts', 'replicas: 2,', 'replicas: 4,');
    edit('services/webhooks.ts', "PROVIDERS: 'github,gitlab,bitbucket'", "PROVIDERS: 'github,gitlab'");
    const result = await shipshape(project, ['diff']);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe([
      'gitops: no changes',
      'production',
      '  webhooks',
      '    ~ ConfigMap webhooks-config',
      '        data.PROVIDERS: github,gitlab,bitbucket → github,gitlab',
      '    ~ Deployment webhooks',
      '        metadata.annotations["kubernetes.io/change-cause"]: image ghcr.io/flowline/webhooks:0.8.2, config d45254fa13ff9… → image ghcr.io/flowline/webhooks:0.8.2, config 92c03b7310150…',
      '        spec.template.metadata.annotations["shipshape.dev/config-hash"]: d45254fa13ff9e41 → 92c03b7310150bc3',
      'staging',
      '  webhooks',
      '    ~ ConfigMap webhooks-config',
      '        data.PROVIDERS: github,gitlab,bitbucket → github,gitlab',
      '    ~ Deployment webhooks',
      '        metadata.annotations["kubernetes.io/change-cause"]: image ghcr.io/flowline/webhooks:0.8.2, config d45254fa13ff9… → image ghcr.io/flowline/webhooks:0.8.2, config 92c03b7310150…',
      '        spec.replicas: 2 → 4',
      '        spec.template.metadata.annotations["shipshape.dev/config-hash"]: d45254fa13ff9e41 → 92c03b7310150bc3',
      '4 changed, 0 added, 0 removed object(s) in production, staging',
      '',
    ].join('\n'));
  });

  test('--ref compares with another commit: a release reads as an image change', async () => {
    expect((await shipshape(project, ['release', 'web', '5.4.0', '--env', 'staging'])).status).toBe(0);
    commitAll(project, 'release web 5.4.0 to staging');
    expect((await shipshape(project, ['diff'])).status).toBe(0);
    const result = await shipshape(project, ['diff', '--ref', 'HEAD~1', '--env', 'staging']);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('    ~ Deployment web\n');
    expect(result.stdout).toContain('        spec.template.spec.containers[web].image: ghcr.io/flowline/web:5.3.1 → ghcr.io/flowline/web:5.4.0\n');
    expect(result.stdout).not.toContain('production');
  });

  test('a service removed from an environment shows its objects as removed', async () => {
    edit('environments/production/environment.ts', 'services: [api, web, pipelineWorker, webhooks]', 'services: [api, web, pipelineWorker]');
    edit('environments/production/environment.ts', '    webhooks: { replicas: 3 },\n', '');
    const result = await shipshape(project, ['diff', '--env', 'production']);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('  webhooks\n    - ServiceAccount webhooks\n    - ConfigMap webhooks-config\n    - Deployment webhooks\n');
  });

  test('--against compares two environments, ignoring the names that only say which environment it is', async () => {
    const result = await shipshape(project, ['diff', '--env', 'staging', '--against', 'production']);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('production → staging\n  environment\n    ~ Ingress flowline\n        metadata.annotations["cert-manager.io/cluster-issuer"]: letsencrypt → letsencrypt-staging\n');
    expect(result.stdout).toContain('    ~ HorizontalPodAutoscaler pipeline-worker\n        spec.maxReplicas: 50 → 4\n        spec.minReplicas: 3 → 2\n');
    // Each environment's PriorityClasses are its own, `<env>-<tier>`: the same objects, by name and by reference.
    expect(result.stdout).not.toContain('PriorityClass');
    expect(result.stdout).not.toContain('priorityClassName');
    expect(result.stdout).not.toContain('namespace');
    expect(result.stdout).not.toContain('app.kubernetes.io/instance');
  });

  test('--folder compares with a manifests folder on disk', async () => {
    edit('manifests/staging/web.yaml', 'replicas: 2', 'replicas: 7');
    const result = await shipshape(project, ['diff', '--folder', 'manifests', '--env', 'staging']);
    expect(result.stdout).toBe('staging\n  web\n    ~ Deployment web\n        spec.replicas: 7 → 2\n1 changed, 0 added, 0 removed object(s) in staging\n');
  });

  test.each([
    [['--ref', 'no-such-branch'], 'error: field --ref: git does not know "no-such-branch"; name a branch, tag or commit such as HEAD or origin/main (fetch it first in a shallow CI clone).'],
    [['--ref', '--output=x'], 'error: field --ref: "--output=x" is not a git ref; name a branch, tag or commit such as origin/main.'],
    [['--against', 'staging'], 'error: field --against: compares one environment with staging, but --env names 0; name exactly one, e.g. shipshape diff --env production --against staging.'],
    [['--env', 'staging', '--against', 'staging'], 'error: environment staging, field --against: names the same environment as --env; compare two different environments, e.g. --env production --against staging.'],
  ])('%j is a clear error', async (args, message) => {
    const result = await shipshape(project, ['diff', ...args]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(message);
  });

  test('outside a git repository it says to use --folder', async () => {
    rmSync(join(project, '.git'), { recursive: true, force: true });
    expect((await shipshape(project, ['diff'])).stderr.trim()).toBe(
      `error: field --ref: ${project} is not inside a git repository, so there are no committed manifests to compare with; run shipshape diff in a clone, or compare with a folder using --folder.`,
    );
  });
});

describe('diffing files', () => {
  test('a file edited by hand into YAML js-yaml refuses (a repeated key) is still compared, as the forgiving parser reads it', () => {
    const before = new Map([['api.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api-config\ndata:\n  LOG_LEVEL: info\n']]);
    const after = new Map([['api.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api-config\ndata:\n  LOG_LEVEL: info\n  LOG_LEVEL: debug\n']]);
    const diff = diffEnvironmentFiles('staging', before, after);
    expect(diff.services).toEqual([{ service: 'api', objects: [{ kind: 'ConfigMap', name: 'api-config', change: 'changed', fields: expect.any(Array) }] }]);
    expect(JSON.stringify(diff.services[0].objects[0].fields)).toContain('debug');
  });
});
