import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { EnvironmentProps, synthesizeGitOps } from '../lib';
import { loadEnvironments } from '../lib/cli/environment-loading';
import { projectAt } from '../lib/cli/project';
import { parseObjects } from '../lib/testing/synthesized-object';
import { FLOWLINE, flowlineCopies } from './support/flowline';
import { shipshape } from './support/shipshape-cli';
import { httpService } from './support/render';

const objectsIn = parseObjects;

const copyOfFlowline = flowlineCopies();

describe('GitOps handoff', () => {
  const gitops = synthesizeGitOps(loadEnvironments(projectAt(FLOWLINE)))!;

  test('a platform hands each environment to Argo CD and Flux from manifests/gitops/, outside the folders they sync', () => {
    expect([...gitops.files.keys()]).toEqual(['production.argocd.yaml', 'production.flux.yaml', 'staging.argocd.yaml', 'staging.flux.yaml']);
    const [application] = objectsIn(gitops.files.get('staging.argocd.yaml')!);
    expect(application).toMatchObject({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'flowline-staging', namespace: 'argocd' },
      spec: {
        project: 'default',
        source: { repoURL: 'https://github.com/flowline/platform.git', targetRevision: 'main', path: 'manifests/staging' },
        destination: { server: 'https://kubernetes.default.svc', namespace: 'staging' },
        syncPolicy: { automated: { prune: true, selfHeal: true } },
      },
    });
    const [source, kustomization] = objectsIn(gitops.files.get('production.flux.yaml')!);
    expect(source).toMatchObject({ kind: 'GitRepository', spec: { url: 'https://github.com/flowline/platform.git', ref: { branch: 'main' } } });
    expect(kustomization).toMatchObject({ kind: 'Kustomization', spec: { path: './manifests/production', prune: true, suspend: false, sourceRef: { kind: 'GitRepository', name: 'flowline-production' } } });
  });

  const qa: EnvironmentProps = { name: 'qa', domain: 'qa.example.com', services: [httpService], gitops: { repoURL: 'git@github.com:acme/platform.git', automated: false, flux: false, path: 'deploy/manifests/qa', argoCd: { project: 'platform' } } };

  test('manual sync, a custom path and project, and no Flux', () => {
    const handed = synthesizeGitOps([qa])!;
    expect([...handed.files.keys()]).toEqual(['qa.argocd.yaml']);
    const [application] = objectsIn(handed.files.get('qa.argocd.yaml')!);
    expect(application.spec.project).toBe('platform');
    expect(application.spec.source.path).toBe('deploy/manifests/qa');
    expect(application.spec.syncPolicy.automated).toBeUndefined();
  });

  test('nothing is emitted when no environment sets gitops', () => {
    expect(synthesizeGitOps([{ ...qa, gitops: undefined }])).toBeUndefined();
  });

  test('a repository URL that is not one is refused', () => {
    expect(() => synthesizeGitOps([{ ...qa, gitops: { repoURL: 'github.com/acme/platform' } }])).toThrow(
      'environment qa, field gitops.repoURL: "github.com/acme/platform" is not a git repository URL; write it like "https://github.com/acme/platform.git" or "git@github.com:acme/platform.git".',
    );
  });

  test('an environment named gitops would collide with the folder', () => {
    expect(() => synthesizeGitOps([qa, { ...qa, name: 'gitops', gitops: undefined }])).toThrow(
      'environment gitops, field name: "gitops" is the folder manifests/gitops/ of the GitOps objects; give the environment another name.',
    );
  });
});

describe('manifests/gitops/ on disk', () => {
  let project: string;
  beforeEach(() => {
    project = copyOfFlowline();
  });
  afterEach(() => rmSync(project, { recursive: true, force: true }));

  test('npm run check covers it', async () => {
    rmSync(join(project, 'manifests/gitops/staging.argocd.yaml'));
    const result = await shipshape(project, ['check']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('manifests/gitops/staging.argocd.yaml is missing');
  });

  test('a synth of one environment leaves it alone; a full synth rewrites it', async () => {
    rmSync(join(project, 'manifests/gitops'), { recursive: true });
    expect((await shipshape(project, ['synth', '--env', 'staging'])).status).toBe(0);
    expect(existsSync(join(project, 'manifests/gitops'))).toBe(false);
    const full = await shipshape(project, ['synth']);
    expect(full.stdout).toContain('gitops  2 environments handed to Argo CD / Flux  4 files  → manifests/gitops');
    expect((await shipshape(project, ['check'])).status).toBe(0);
  });
});
