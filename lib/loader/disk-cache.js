'use strict';
// shipshape's on-disk caches (TypeScript stripped of its types, V8's compiled code of the schema validators): a
// private folder per user under the temp directory, whose files are keyed by what they were made from, so a
// stale entry is never read, only a missing one made. Plain JavaScript: the TypeScript loader itself uses it.
const { mkdirSync, renameSync, writeFileSync } = require('node:fs');
const { tmpdir, userInfo } = require('node:os');
const { join } = require('node:path');

/**
 * The private folder of one cache, created on first use; undefined (no caching) when it cannot be made.
 * @param {string} name e.g. `typescript`
 * @returns {string | undefined}
 */
function cacheFolder(name) {
  let user;
  try {
    user = userInfo().username;
  } catch {
    user = String(process.getuid?.() ?? 'user');
  }
  const folder = join(tmpdir(), `shipshape-${name}-${user}`);
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    return folder;
  } catch {
    return undefined;
  }
}

/**
 * Writes a cache entry. Parallel processes (jest workers, CI jobs) may write the same one: each writes its own
 * temp file and renames it, so a reader sees a whole entry or none. A read-only or full disk only costs speed.
 * @param {string} file
 * @param {string | Uint8Array} data
 */
function writeCacheFile(file, data) {
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    writeFileSync(temp, data);
    renameSync(temp, file);
  } catch {
    // Not cached: the next run makes it again.
  }
}

module.exports = { cacheFolder, writeCacheFile };
