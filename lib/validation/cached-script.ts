import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';

// The disk cache is plain JavaScript (the TypeScript loader uses it), so it is required with its types spelt out.
const { cacheFolder, writeCacheFile }: { cacheFolder(name: string): string | undefined; writeCacheFile(file: string, data: string | Uint8Array): void } = require('../loader/disk-cache');

/**
 * Evaluates a large generated CommonJS file (the schema validators: 1.5 MB) and returns its
 * `module.exports`, keeping V8's compiled code for it in a private folder under the temp directory:
 * compiling the file takes ~70 ms in every process that validates, loading the cached code ~15 ms.
 * V8 checks that cached code matches the source and this Node; a mismatch only costs the compile.
 *
 * Evaluated directly rather than required, also because a TypeScript loader (jest's) would
 * otherwise transform its plain JavaScript on every run.
 */
export function evaluateCachedScript(file: string): unknown {
  const source = readFileSync(file, 'utf8');
  const cache = codeCacheFile(source, file);
  let cachedData: Buffer | undefined;
  try {
    cachedData = cache ? readFileSync(cache) : undefined;
  } catch {
    // Not cached yet.
  }
  const script = new Script(`(function (module) {${source}\n})`, { filename: file, cachedData });
  const module: { exports?: unknown } = {};
  (script.runInThisContext() as (module: { exports?: unknown }) => void)(module);
  if (cache && (cachedData === undefined || script.cachedDataRejected)) writeCacheFile(cache, script.createCachedData());
  return module.exports;
}

/** Where the compiled code of `file` with this `source` is kept; undefined when the folder cannot be made. */
export function codeCacheFile(source: string, file: string): string | undefined {
  const folder = cacheFolder('v8');
  return folder && join(folder, `${createHash('sha256').update(`${process.version}\0${file}\0${source}`).digest('hex')}.bin`);
}
