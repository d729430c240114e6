// Every service of the platform; environments pick from this list.
export { api } from './api';
export { web } from './web';
export { pipelineWorker } from './pipeline-worker';
export { webhooks } from './webhooks';
