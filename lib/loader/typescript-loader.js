'use strict';
// Loads TypeScript files (service and environment definitions; in a checkout of shipshape, its own lib/ too)
// by stripping their types with swc, the compiler jest uses here, and keeps each result in an on-disk cache keyed
// by the file's content. A general-purpose loader (tsx) also scans every JavaScript file it loads for ES module
// syntax and hooks every module resolution; loading only `.ts` files, from a cache, halves shipshape's start-up.
const { spawnSync } = require('node:child_process');
const { createHash, hash } = require('node:crypto');
const { existsSync, readdirSync, readFileSync, realpathSync } = require('node:fs');
const Module = require('node:module');
const { join } = require('node:path');
const { cacheFolder, writeCacheFile } = require('./disk-cache');

let registered = false;
let debug = false;

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
  debug = Boolean(options.sourceMaps || process.env.SHIPSHAPE_DEBUG);
  if (debug) process.setSourceMapsEnabled(true);
  const cache = cacheFolder('typescript');
  Module._extensions['.ts'] = function loadTypeScript(module, filename) {
    const source = readFileSync(filename, 'utf8');
    let code;
    try {
      code = compiled(source, filename, debug, cache);
    } catch (error) {
      throw TypeScriptSyntaxError.from(error, filename);
    }
    module._compile(code, filename);
  };
}

/**
 * A `.ts` file that does not compile: the compiler's message and where, without swc's report around it (a
 * snippet of the file, then a backtrace of swc's own native frames). `code` tells it apart from other errors.
 */
class TypeScriptSyntaxError extends Error {
  /** swc's error, read: its first message line, the line of the file and the column its caret points at. */
  static from(error, file) {
    const report = String(error instanceof Error ? error.message : error);
    const reason = /^\s*x (.+)$/m.exec(report)?.[1] ?? report.trim().split('\n')[0];
    const line = Number(/,-\[.*:(\d+):\d+\]/.exec(report)?.[1]) || undefined;
    const caret = /^\s*:(\s*)\^/m.exec(report);
    const column = caret ? caret[1].length : undefined;
    return new TypeScriptSyntaxError(file, line, column, reason.trim());
  }

  constructor(file, line, column, reason) {
    super(`${file}${line ? `:${line}${column ? `:${column}` : ''}` : ''}: ${reason}`);
    this.name = 'TypeScriptSyntaxError';
    this.code = 'SHIPSHAPE_TYPESCRIPT_SYNTAX';
    /** The file that does not compile. */
    this.file = file;
    /** The line of the mistake, when swc says. */
    this.line = line;
    /** The column of the mistake, when swc says. */
    this.column = column;
    /** swc's message, e.g. `Expected ',', got 'ident'`. */
    this.reason = reason;
  }
}

// Bump when the options below change, so older cached results are not used.
const CACHE_FORMAT = 1;
let swc;

function cacheKey(source, filename, debug) {
  const text = `${CACHE_FORMAT}\0${swcVersion()}\0${debug}\0${filename}\0${source}`;
  // `crypto.hash` (Node.js 20.12 on) skips the Hash object, which costs more than hashing a small file.
  return typeof hash === 'function' ? hash('sha256', text, 'hex') : createHash('sha256').update(text).digest('hex');
}

function compiled(source, filename, debug, cache) {
  const cached = cache && join(cache, `${cacheKey(source, filename, debug)}.js`);
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

/** From this many uncached files on, compiling them in a child process pays for starting it. */
const PRECOMPILE_FROM = 40;

/**
 * Compiles, in a short-lived child process, the `.ts` files under these folders that are not cached yet, as after
 * a fresh clone, an upgrade of swc or a generated platform: swc's memory, some 35 MB that a process never gets back,
 * then does not add to the peak of this one, which goes on to build every environment. Call it after `register`.
 * A folder whose first file (in name order) is cached is taken as cached, so a warm start reads one file per
 * folder, and an edited file or two compile on require, as before.
 *
 * @param {readonly string[]} folders
 */
function precompile(folders) {
  const cache = cacheFolder('typescript');
  if (!cache) return;
  const isCached = (file) => existsSync(join(cache, `${cacheKey(readFileSync(file, 'utf8'), file, debug)}.js`));
  const missing = folders.flatMap((folder) => {
    const first = existsSync(folder) ? firstTypeScriptFile(realpathSync(folder)) : undefined;
    return first === undefined || isCached(first) ? [] : typeScriptFiles(folder).filter((file) => !isCached(file));
  });
  if (missing.length < PRECOMPILE_FROM) return;
  // What the child cannot compile is compiled on require, where a syntax error is reported as usual.
  spawnSync(process.execPath, [__filename, debug ? '--debug' : '--no-debug', ...missing], { stdio: 'ignore' });
}

/** The first `.ts` file under a folder, in name order, reading only the folders on the way to it. */
function firstTypeScriptFile(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(folder, entry.name);
    if (entry.isFile() && isTypeScript(entry.name)) return path;
    const inside = entry.isDirectory() ? firstTypeScriptFile(path) : undefined;
    if (inside) return inside;
  }
  return undefined;
}

function isTypeScript(name) {
  return name.endsWith('.ts') && !name.endsWith('.d.ts');
}

/** Every `.ts` file (not `.d.ts`) under a folder, by the real path Node gives the module; none when it does not exist. */
function typeScriptFiles(folder) {
  if (!existsSync(folder)) return [];
  const root = realpathSync(folder);
  return readdirSync(root, { recursive: true })
    .filter(isTypeScript)
    .map((path) => join(root, path));
}

// `node typescript-loader.js --debug|--no-debug <file>...`: the child process of `precompile`.
if (require.main === module) {
  const cache = cacheFolder('typescript');
  const [flag, ...files] = process.argv.slice(2);
  for (const file of files) {
    try {
      compiled(readFileSync(file, 'utf8'), file, flag === '--debug', cache);
    } catch {
      // Reported when the file is required.
    }
  }
}

module.exports = { register, precompile };
