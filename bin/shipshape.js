#!/usr/bin/env node
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

// Service and environment definitions are TypeScript: strip their types on load (cached on disk), after a fresh
// clone all at once in a child process, so that the compiler's memory is not part of this process's.
const loader = require('./typescript-loader');
loader.register();
loader.precompile([join(__dirname, '..', 'lib'), join(process.cwd(), 'services'), join(process.cwd(), 'environments')]);

// In a checkout of shipshape the TypeScript sources are the truth, so `npm run synth` needs no build and never
// runs stale code; the installed package has no lib/ sources and runs its compiled build/ (`npm run build`).
const sources = join(__dirname, '..', 'lib', 'cli', 'main.ts');
const { main } = require(existsSync(sources) ? sources : join(__dirname, '..', 'build', 'cli', 'main.js'));
main(process.argv).then((code) => {
  process.exitCode = code;
});
