import { ApiObject, Chart, Cron, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { priorityClassName } from '../lib';
import type { EnvironmentExtension, Microservice } from '../lib';

/** Where an environment's operations reach outside the cluster. */
export interface OperationsOptions {
  /** The network of the platform's PostgreSQL, which the nightly cleanup connects to. */
  readonly databaseCidr: string;
}

/**
 * What every environment runs beside its services, added through `extend`: each construct added to the
 * chart becomes its own file in manifests/<env>/ and goes through synth's validation like the services.
 */
export function operations(options: OperationsOptions): EnvironmentExtension {
  return (chart, services) => {
    const api = services.get('api')!;
    new BuildLogCleanup(chart, 'build-log-cleanup', { api, databaseCidr: options.databaseCidr });
    // A Prometheus Operator ServiceMonitor: a custom resource, which synth writes without validating.
    new ApiObject(chart, 'api-metrics', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'api' },
      spec: {
        selector: { matchLabels: { ...api.selector } },
        endpoints: [{ port: 'http', path: '/metrics', interval: '30s' }],
      },
    });
  };
}

/** Props of the nightly cleanup. */
interface BuildLogCleanupProps {
  /** The API, whose image runs the cleanup with the API's config and database credentials. */
  readonly api: Microservice;
  readonly databaseCidr: string;
}

/**
 * Deletes build logs older than 30 days, every night at 03:30 UTC, with the API's image and database
 * credentials: a cdk8s-plus CronJob, and the NetworkPolicy that lets it reach the database through the
 * namespace's default deny.
 */
class BuildLogCleanup extends Construct {
  public constructor(scope: Construct, id: string, props: BuildLogCleanupProps) {
    super(scope, id);
    const { api } = props;
    const job = new kplus.CronJob(this, 'cron-job', {
      metadata: { name: id },
      schedule: Cron.schedule({ minute: '30', hour: '3' }),
      // A run still going at the next night's start keeps going alone.
      concurrencyPolicy: kplus.ConcurrencyPolicy.FORBID,
      startingDeadline: Duration.minutes(30),
      activeDeadline: Duration.hours(1),
      backoffLimit: 2,
      successfulJobsRetained: 3,
      failedJobsRetained: 3,
      containers: [{
        name: 'cleanup',
        image: api.image.reference,
        args: ['cleanup-build-logs', '--older-than', '30d'],
        envFrom: api.configMap ? [kplus.Env.fromConfigMap(api.configMap)] : [],
        envVariables: { DATABASE_URL: kplus.EnvValue.fromSecretValue({ secret: kplus.Secret.fromSecretName(this, 'api-secrets', api.secretName), key: 'DATABASE_URL' }) },
        resources: {
          cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
          memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
        },
      }],
    });
    // Cleanup can wait for the services: the environment's batch PriorityClass (cdk8s-plus-27 has no property for it).
    ApiObject.of(job).addJsonPatch(JsonPatch.add('/spec/jobTemplate/spec/template/spec/priorityClassName', priorityClassName(Chart.of(this).namespace!, 'batch')));
    new kplus.NetworkPolicy(this, 'network-policy', {
      metadata: { name: id },
      selector: job,
      // Nothing connects to the job; its only ingress rule admits its own pods, on no port it listens on.
      ingress: { rules: [{ peer: job }] },
      egress: { rules: [{ peer: kplus.NetworkPolicyIpBlock.ipv4(this, 'database', props.databaseCidr), ports: [kplus.NetworkPolicyPort.tcp(5432)] }] },
    });
  }
}
