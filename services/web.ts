import { defineService } from '../lib';

/** The web UI: server-side rendered pages that call the API. */
export const web = defineService({
  name: 'web',
  description: 'Web UI for pipelines and build logs',
  component: 'frontend',
  image: 'ghcr.io/flowline/web:5.3.1',
  ports: [{ name: 'http', port: 3000 }],
  health: { path: '/healthz' },
  ingress: { subdomain: 'app' },
  replicas: 2,
  dependsOn: ['api'],
  config: {
    API_URL: 'http://api:8080',
    NODE_ENV: 'production',
  },
});
