import type { GitOpsOptions } from '../lib';

/** Where this repository lives, for the GitOps engines: every environment hands `manifests/<env>` to Argo CD or Flux from here. */
export const gitops: GitOpsOptions = {
  repoURL: 'https://github.com/flowline/platform.git',
  targetRevision: 'main',
};
