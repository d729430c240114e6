import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ShipshapeError } from '../errors';
import { environmentLabels } from '../microservice/labels';

/** Argo CD specifics of an environment's `Application`. */
export interface ArgoCdOptions {
  /**
   * The namespace Argo CD runs in, where the Application object goes.
   * @default 'argocd'
   */
  readonly namespace?: string;
  /**
   * The Argo CD project the Application belongs to.
   * @default 'default'
   */
  readonly project?: string;
}

/** Flux specifics of an environment's `GitRepository` and `Kustomization`. */
export interface FluxOptions {
  /**
   * The namespace Flux runs in.
   * @default 'flux-system'
   */
  readonly namespace?: string;
  /**
   * How often Flux fetches the repository and reconciles.
   * @default '5m'
   */
  readonly interval?: string;
}

/**
 * Hands an environment to a GitOps engine: shipshape writes an Argo CD `Application` and a Flux
 * `GitRepository` + `Kustomization` pointing at `manifests/<env>` into `manifests/gitops/`.
 * Apply the one for your engine once; from then on a merge to the branch is a deploy.
 */
export interface GitOpsOptions {
  /** The git repository holding the manifests, as the engine clones it, e.g. `https://github.com/acme/platform.git`. */
  readonly repoURL: string;
  /**
   * The branch (or tag) the engine follows.
   * @default 'main'
   */
  readonly targetRevision?: string;
  /**
   * The environment's manifests folder inside the repository.
   * @default - `manifests/<environment>`
   */
  readonly path?: string;
  /**
   * The cluster API the environment is deployed to.
   * @default 'https://kubernetes.default.svc' (the engine's own cluster)
   */
  readonly server?: string;
  /**
   * Sync automatically (Argo CD automated sync with prune and self-heal; Flux not suspended).
   * `false` leaves each sync to a person pressing the button.
   * @default true
   */
  readonly automated?: boolean;
  /**
   * Argo CD settings.
   * @default - namespace argocd, project default
   */
  readonly argoCd?: ArgoCdOptions;
  /**
   * Flux settings; `false` for no Flux objects.
   * @default - namespace flux-system, every 5 minutes
   */
  readonly flux?: FluxOptions | false;
}

/** Props of one environment's GitOps objects. */
export interface GitOpsHandoffProps {
  /** The environment name. */
  readonly environment: string;
  /** The namespace the environment's objects are in. */
  readonly namespace: string;
  /** The system the environment is part of; names the engine's objects `<partOf>-<environment>`. */
  readonly partOf: string;
  /** Where the manifests are and how to sync them. */
  readonly options: GitOpsOptions;
}

/**
 * One environment's Argo CD Application and Flux GitRepository + Kustomization.
 * They live outside `manifests/<env>`, so an engine never manages its own Application
 * from inside the folder it syncs.
 */
export class GitOpsHandoff extends Construct {
  /** The Argo CD Application. */
  public readonly argoCdApplication: ApiObject;
  /** The Flux GitRepository and Kustomization, when Flux is not turned off. */
  public readonly fluxObjects: readonly ApiObject[];

  public constructor(scope: Construct, id: string, props: GitOpsHandoffProps) {
    super(scope, id);
    const { environment, namespace, partOf, options } = props;
    if (!/^(https:\/\/|ssh:\/\/|git@)\S+$/.test(options.repoURL ?? '')) {
      throw new ShipshapeError({ environment, field: 'gitops.repoURL' }, `"${options.repoURL}" is not a git repository URL`, 'write it like "https://github.com/acme/platform.git" or "git@github.com:acme/platform.git"');
    }
    const name = `${partOf}-${environment}`;
    const labels = environmentLabels(environment, partOf);
    const path = options.path ?? `manifests/${environment}`;
    const revision = options.targetRevision ?? 'main';
    const server = options.server ?? 'https://kubernetes.default.svc';
    const automated = options.automated ?? true;

    this.argoCdApplication = new ApiObject(this, 'argocd-application', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name, namespace: options.argoCd?.namespace ?? 'argocd', labels },
      spec: {
        project: options.argoCd?.project ?? 'default',
        source: { repoURL: options.repoURL, targetRevision: revision, path, directory: { recurse: false } },
        destination: { server, namespace },
        syncPolicy: {
          ...(automated ? { automated: { prune: true, selfHeal: true } } : {}),
          // The Namespace is one of the manifests; PruneLast removes it only after everything in it.
          syncOptions: ['CreateNamespace=false', 'PruneLast=true'],
        },
      },
    });

    const flux = options.flux;
    if (flux === false) {
      this.fluxObjects = [];
      return;
    }
    const fluxNamespace = flux?.namespace ?? 'flux-system';
    const interval = flux?.interval ?? '5m';
    const source = new ApiObject(this, 'flux-source', {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name, namespace: fluxNamespace, labels },
      spec: { url: options.repoURL, ref: { branch: revision }, interval, ignore: `/*\n!/${path}/\n` },
    });
    const kustomization = new ApiObject(this, 'flux-kustomization', {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name, namespace: fluxNamespace, labels },
      spec: {
        sourceRef: { kind: 'GitRepository', name },
        path: `./${path}`,
        interval,
        prune: true,
        wait: true,
        timeout: '10m',
        suspend: !automated,
      },
    });
    this.fluxObjects = [source, kustomization];
  }
}
