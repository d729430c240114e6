import { parentPort } from 'node:worker_threads';
import { renderManifestFile } from './manifest-yaml';

/** A batch of files to render, sent as one JSON string (cheaper to pass than a structured clone). */
export interface RenderRequest {
  /** Matches the answer to the request. */
  readonly id: number;
  /** JSON of `Array<{ header, documents }>`. */
  readonly batch: string;
}

// Renders each file of a batch and answers with their texts, in order; stays up for the next batch.
parentPort!.on('message', (request: RenderRequest) => {
  const files = JSON.parse(request.batch) as Array<{ header: string; documents: unknown[] }>;
  parentPort!.postMessage({ id: request.id, texts: files.map((file) => renderManifestFile(file.header, file.documents)) });
});
