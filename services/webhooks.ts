import { defineService } from '../lib';

/** Receives push and pull-request webhooks from Git providers and turns them into builds. */
export const webhooks = defineService({
  name: 'webhooks',
  description: 'Receives Git provider webhooks and triggers pipelines',
  component: 'api',
  image: 'ghcr.io/flowline/webhooks:0.8.2',
  ports: [{ name: 'http', port: 8080 }],
  health: { path: '/healthz' },
  ingress: { subdomain: 'hooks' },
  replicas: 2,
  dependsOn: ['api'],
  config: {
    LOG_LEVEL: 'info',
    PROVIDERS: 'github,gitlab,bitbucket',
  },
  // Verifies the X-Hub-Signature-256 of each delivery.
  secrets: ['GITHUB_WEBHOOK_SECRET'],
});
