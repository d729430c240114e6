import { defineService } from '../lib';

/** Runs pipeline steps taken from the build queue; scales with the queue's CPU load. */
export const pipelineWorker = defineService({
  name: 'pipeline-worker',
  description: 'Background worker that runs pipeline steps from the build queue',
  component: 'worker',
  image: 'ghcr.io/flowline/pipeline-worker:1.9.4',
  args: ['--queue', 'builds'],
  // No traffic comes in except health checks and scrapes on the admin port.
  ports: [{ name: 'admin', port: 9090 }],
  health: { path: '/readyz', livenessPath: '/livez' },
  metrics: { port: 'admin' },
  resources: { cpu: { request: '500m', limit: '2' }, memory: { request: '512Mi', limit: '1Gi' } },
  autoscaling: { minReplicas: 2, maxReplicas: 20, cpuUtilization: 60, memoryUtilization: 80 },
  // A pipeline step can run for minutes; let it finish before the pod is killed.
  rollout: { terminationGracePeriodSeconds: 600 },
  dependsOn: ['api'],
  config: {
    LOG_LEVEL: 'info',
    MAX_CONCURRENT_STEPS: 4,
  },
  // Pushes the images that pipeline steps build.
  secrets: ['REGISTRY_TOKEN'],
});
