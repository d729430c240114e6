import { defineService } from '../lib';

/** The public REST API: pipelines, builds, users. Everything else talks to it. */
export const api = defineService({
  name: 'api',
  description: 'Public REST API for pipelines, builds and users',
  component: 'api',
  // Every page, webhook and worker waits on the API: it is scheduled first when the cluster runs short.
  priority: 'critical',
  image: 'ghcr.io/flowline/api:2.14.0',
  ports: [{ name: 'http', port: 8080 }],
  // /readyz checks the database; /livez only that the event loop answers.
  health: { path: '/readyz', livenessPath: '/livez' },
  metrics: { port: 'http', path: '/metrics' },
  ingress: { subdomain: 'api' },
  resources: { cpu: { request: '250m', limit: '1' }, memory: { request: '256Mi', limit: '512Mi' } },
  autoscaling: { minReplicas: 2, maxReplicas: 10, cpuUtilization: 70 },
  config: {
    LOG_LEVEL: 'info',
    HTTP_PORT: 8080,
    BUILD_QUEUE: 'builds',
  },
  // Stored encrypted in environments/<env>/secrets.json (`shipshape secrets set <env> api <KEY>`).
  secrets: ['DATABASE_URL', 'JWT_SIGNING_KEY'],
});
