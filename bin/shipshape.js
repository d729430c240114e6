#!/usr/bin/env node
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

// In a checkout of shipshape the TypeScript sources are the truth, so `npm run synth` needs no build and never
// runs stale code; the installed package has no lib/ sources and runs its compiled build/ (`npm run build`, which
// copies the plain JavaScript loader to build/loader/).
const checkout = existsSync(join(__dirname, '..', 'lib', 'cli', 'main.ts'));
const library = join(__dirname, '..', checkout ? 'lib' : 'build');

// Service and environment definitions are TypeScript: strip their types on load (cached on disk), after a fresh
// clone all at once in a child process, so that the compiler's memory is not part of this process's.
const loader = require(join(library, 'loader', 'typescript-loader.js'));
loader.register();
loader.precompile([join(__dirname, '..', 'lib'), join(process.cwd(), 'services'), join(process.cwd(), 'environments')]);

const { main } = require(join(library, 'cli', checkout ? 'main.ts' : 'main.js'));
main(process.argv).then((code) => {
  process.exitCode = code;
});
