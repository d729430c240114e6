import { defineEnvironment } from '../../lib';
import { api, pipelineWorker, web, webhooks } from '../../services';
import { gitops } from '../repository';

/** Production: spread across zones, larger bounds, the apex domain for the UI. */
export default defineEnvironment({
  name: 'production',
  domain: 'flowline.io',
  partOf: 'flowline',
  services: [api, web, pipelineWorker, webhooks],
  defaults: { spread: { zones: true } },
  ingress: { clusterIssuer: 'letsencrypt' },
  monitoring: { namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' } },
  gitops,
  overrides: {
    api: {
      autoscaling: { minReplicas: 3, maxReplicas: 30 },
      egress: [{ cidr: '10.10.0.0/24', ports: [5432], description: 'production PostgreSQL' }],
    },
    web: { replicas: 3, ingress: { hosts: ['flowline.io', 'app.flowline.io'] } },
    'pipeline-worker': { autoscaling: { minReplicas: 3, maxReplicas: 50 } },
    webhooks: { replicas: 3 },
  },
});
