'use strict';
// Loads TypeScript files (service and environment definitions; in a checkout of shipshape, its own lib/ too)
// by stripping their types with swc, the compiler jest uses here, and keeps each result in an on-disk cache keyed
// by the file's content. A general-purpose loader (tsx) also scans every JavaScript file it loads for ES module
// syntax and hooks every module resolution; loading only `.ts` files, from a cache, halves shipshape's start-up.
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const { join } = require('node:path');
const { cacheFolder, writeCacheFile } = require('./disk-cache');

let registered = false;

/**
 * Makes `require` load `.ts` files, on this thread. Call it once per thread, before requiring any TypeScript.
 * Source maps (for stack traces into TypeScript) cost time on every load, so they are on only with SHIPSHAPE_DEBUG
 * or when asked for (the tests, whose failures must point at the right line).
 *
 * @param {{ sourceMaps?: boolean }} [options]
 */
function register(options = {}) {
  if (registered) return;
  registered = true;
  const debug = Boolean(options.sourceMaps || process.env.SHIPSHAPE_DEBUG);
  if (debug) process.setSourceMapsEnabled(true);
  const cache = cacheFolder('typescript');
  Module._extensions['.ts'] = function loadTypeScript(module, filename) {
    const source = readFileSync(filename, 'utf8');
    module._compile(compiled(source, filename, debug, cache), filename);
  };
}

// Bump when the options below change, so older cached results are not used.
const CACHE_FORMAT = 1;
let swc;

function compiled(source, filename, debug, cache) {
  const key = createHash('sha256').update(`${CACHE_FORMAT}\0${swcVersion()}\0${debug}\0${filename}\0${source}`).digest('hex');
  const cached = cache && join(cache, `${key}.js`);
  if (cached) {
    try {
      return readFileSync(cached, 'utf8');
    } catch {
      // Not cached yet.
    }
  }
  swc ??= require('@swc/core');
  const { code } = swc.transformSync(source, {
    filename,
    sourceMaps: debug ? 'inline' : false,
    // The project's tsconfig.json is for type-checking; these are the only options stripping types needs.
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
    swcrc: false,
    configFile: false,
  });
  if (cached) writeCacheFile(cached, code);
  return code;
}

let version;
function swcVersion() {
  // The version from package.json, without loading swc's native binding (the cache's whole point).
  version ??= JSON.parse(readFileSync(require.resolve('@swc/core/package.json'), 'utf8')).version;
  return version;
}

module.exports = { register };
