import { parentPort } from 'node:worker_threads';
import { renderManifestFile } from './manifest-yaml';

/** A batch of files to render, sent as one JSON string (cheaper to pass than a structured clone). */
export interface RenderRequest {
  readonly batch: string;
}

// Renders each file of the batch and answers with their texts, in order.
parentPort!.on('message', (request: RenderRequest) => {
  const files = JSON.parse(request.batch) as Array<{ header: string; documents: unknown[] }>;
  parentPort!.postMessage(files.map((file) => renderManifestFile(file.header, file.documents)));
});
