import { defineEnvironment, EncryptionKey } from '../../lib';
import { api, pipelineWorker, web, webhooks } from '../../services';
import { operations } from '../operations';
import { gitops } from '../repository';

/** Staging's PostgreSQL: the API and the nightly cleanup connect to it. */
const database = '10.40.0.0/24';

/** Staging: every service, smaller, with verbose logs. Merges to main land here first. */
export default defineEnvironment({
  name: 'staging',
  domain: 'staging.flowline.dev',
  partOf: 'flowline',
  services: [api, web, pipelineWorker, webhooks],
  // The staging team shares one AES key (`shipshape secrets keygen staging team`): everyone who holds
  // it reads and writes staging's secrets; CI gets it as $SHIPSHAPE_KEY_STAGING_TEAM.
  encryptionKeys: [EncryptionKey.aes('team')],
  ingress: { clusterIssuer: 'letsencrypt-staging' },
  monitoring: { namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' } },
  gitops,
  // The nightly build-log cleanup and the API's ServiceMonitor, beside the services (environments/operations.ts).
  extend: operations({ databaseCidr: database }),
  // Branch previews copy staging: `shipshape synth --preview <branch>` → <service>.<branch>.preview.flowline.dev
  preview: { domain: 'preview.flowline.dev', ttl: '72h' },
  overrides: {
    api: {
      autoscaling: { maxReplicas: 3 },
      config: { LOG_LEVEL: 'debug' },
      egress: [{ cidr: database, ports: [5432], description: 'staging PostgreSQL' }],
    },
    'pipeline-worker': { autoscaling: { maxReplicas: 4 } },
  },
});
