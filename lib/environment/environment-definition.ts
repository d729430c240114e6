import type { Chart } from 'cdk8s';
import type { Microservice } from '../microservice/microservice';
import type { ServiceDefinition } from '../microservice/microservice-props';
import type { ServiceDefaults, ServiceOverrides } from '../microservice/service-definition';
import type { EncryptionKey } from '../secrets/encryption-key';
import type { GitOpsOptions } from './gitops';
import type { PreviewOptions } from './preview-options';
import type { PolicyOptions } from '../validation/policy-settings';

/** The environment's single Ingress and the controller behind it. */
export interface IngressOptions {
  /**
   * The IngressClass that serves this environment.
   * @default 'nginx'
   */
  readonly className?: string;
  /**
   * The cert-manager ClusterIssuer that provisions a TLS certificate per host; `false` for no TLS.
   * @default 'letsencrypt'
   */
  readonly clusterIssuer?: string | false;
  /**
   * The namespace the ingress controller's pods run in; NetworkPolicies let it reach exposed services.
   * @default 'ingress-nginx'
   */
  readonly controllerNamespace?: string;
  /**
   * Labels of the ingress controller's pods.
   * @default { 'app.kubernetes.io/name': 'ingress-nginx' }
   */
  readonly controllerPodLabels?: Readonly<Record<string, string>>;
  /**
   * Extra annotations for the Ingress (controller tuning).
   * @default {}
   */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Who scrapes the services' metrics endpoints. */
export interface MonitoringOptions {
  /** The namespace Prometheus runs in; NetworkPolicies let it reach each service's metrics port. */
  readonly namespace: string;
  /**
   * Labels of the Prometheus pods.
   * @default - every pod in that namespace
   */
  readonly podLabels?: Readonly<Record<string, string>>;
}

/**
 * Adds an environment's own constructs beside its services: any cdk8s construct, such as a cdk8s-plus
 * `CronJob`, `Job` or `StatefulSet`, a typed L1 object, or a custom resource (a Prometheus ServiceMonitor,
 * a cert-manager Certificate) as a cdk8s `ApiObject`. Each construct the hook adds to the chart gets its own
 * file, `manifests/<env>/<construct id>.yaml`, and goes through the same validation as the services
 * (custom resources are passed through unvalidated, with a note in the synth summary).
 *
 * cdk8s-plus workloads get shipshape's restricted pod defaults where they leave them unset: the
 * `RuntimeDefault` seccomp profile (cdk8s-plus-27 cannot set one), all capabilities dropped, and uid and
 * gid 10001. Every object gets the environment's `shipshape.dev/environment`, `app.kubernetes.io/part-of`
 * and `app.kubernetes.io/managed-by` labels where it has none of its own.
 *
 * @param chart the environment's chart, to create the constructs in; its default namespace is the environment's
 * @param services the environment's services by name, to refer to, e.g. `services.get('api')!.service`
 *
 * @example
 * extend: (chart, services) => {
 *   new kplus.CronJob(chart, 'nightly-cleanup', { schedule: Cron.daily(), containers: [{ image: services.get('api')!.image.reference }] });
 * }
 */
export type EnvironmentExtension = (chart: Chart, services: ReadonlyMap<string, Microservice>) => void;

/**
 * An environment: which services run, in which namespace and domain, with which overrides.
 * What `environments/<name>/environment.ts` exports.
 */
export interface EnvironmentDefinition {
  /** The environment name, e.g. `production`: a DNS label, the folder under `manifests/`. */
  readonly name: string;
  /**
   * The namespace every object goes in.
   * @default - the environment name
   */
  readonly namespace?: string;
  /** The DNS domain service hosts are placed under, e.g. `flowline.io` or `staging.flowline.io`. */
  readonly domain: string;
  /**
   * The system all services are part of (`app.kubernetes.io/part-of`).
   * @default 'shipshape'
   */
  readonly partOf?: string;
  /** The services that run here. */
  readonly services: readonly ServiceDefinition[];
  /**
   * Per-service changes for this environment, by service name.
   * @default {}
   */
  readonly overrides?: Readonly<Record<string, ServiceOverrides>>;
  /**
   * Defaults for every service that does not set the field itself.
   * @default {}
   */
  readonly defaults?: ServiceDefaults;
  /**
   * The environment's Ingress.
   * @default - nginx class, cert-manager issuer `letsencrypt`, controller in `ingress-nginx`
   */
  readonly ingress?: IngressOptions;
  /**
   * Where metrics are scraped from.
   * @default - no scrape traffic is allowed by NetworkPolicy
   */
  readonly monitoring?: MonitoringOptions;
  /**
   * Makes this environment the base of branch previews (`shipshape synth --preview <branch>`).
   * @default - not a preview base
   */
  readonly preview?: PreviewOptions;
  /**
   * Emits an Argo CD Application and a Flux Kustomization for this environment into `manifests/gitops/`.
   * @default - none
   */
  readonly gitops?: GitOpsOptions;
  /**
   * The keys this environment's secrets (`environments/<name>/secrets.json`) are encrypted for:
   * every value is encrypted for each key listed, so any one of them opens it, e.g.
   * `[EncryptionKey.awsKms(arn), EncryptionKey.rsa('break-glass')]`. Private key material is
   * never in the repository (README, "Secrets").
   * @default [] - the environment stores no secrets
   */
  readonly encryptionKeys?: readonly EncryptionKey[];
  /**
   * Declares that this environment holds only made-up secret values, encrypted for published demo
   * keys (as in shipshape's example): `shipshape secrets set`, `edit` and `rotate` then encrypt for
   * them without `--demo`, still with a warning each time. Never on an environment that runs anything real.
   * @default false - a command that would encrypt for a published demo key refuses unless given `--demo`
   */
  readonly demo?: boolean;
  /**
   * The best-practice policy here: rules lowered to warnings or turned off, e.g. in a sandbox.
   * @default - every policy violation is an error
   */
  readonly policy?: PolicyOptions;
  /**
   * Adds the environment's own constructs beside its services (a CronJob, a Job, custom resources).
   * @default - only the services and the environment's shared objects
   */
  readonly extend?: EnvironmentExtension;
}
