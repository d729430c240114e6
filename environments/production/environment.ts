import { defineEnvironment, EncryptionKey } from '../../lib';
import { api, pipelineWorker, web, webhooks } from '../../services';
import { operations } from '../operations';
import { gitops } from '../repository';

/** Production's PostgreSQL: the API and the nightly cleanup connect to it. */
const database = '10.10.0.0/24';

/** Production: spread across zones, larger bounds, the apex domain for the UI. */
export default defineEnvironment({
  name: 'production',
  domain: 'flowline.io',
  partOf: 'flowline',
  services: [api, web, pipelineWorker, webhooks],
  // Write-only for developers: both public keys are committed in keys/, so anyone can set a value,
  // and only CI (private key "ci") and the break-glass key's custodians can read one. With AWS, make
  // the first one EncryptionKey.awsKms('arn:aws:kms:<region>:<account>:key/<id>') (README, "Secrets").
  encryptionKeys: [EncryptionKey.rsa('ci'), EncryptionKey.rsa('break-glass')],
  defaults: { spread: { zones: true } },
  ingress: { clusterIssuer: 'letsencrypt' },
  monitoring: { namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' } },
  gitops,
  // The nightly build-log cleanup and the API's ServiceMonitor, beside the services (environments/operations.ts).
  extend: operations({ databaseCidr: database }),
  overrides: {
    api: {
      autoscaling: { minReplicas: 3, maxReplicas: 30 },
      egress: [{ cidr: database, ports: [5432], description: 'production PostgreSQL' }],
    },
    web: { replicas: 3, ingress: { hosts: ['flowline.io', 'app.flowline.io'] } },
    'pipeline-worker': { autoscaling: { minReplicas: 3, maxReplicas: 50 } },
    webhooks: { replicas: 3 },
  },
});
