#!/usr/bin/env node
'use strict';
// `npm run typecheck` (scripts/typecheck-project.ts), loaded the way the CLI loads TypeScript. When nothing the
// type-check reads has changed since it last passed (scripts/typecheck-fingerprint.ts), it is not run again.
// Checks this checkout, or the project folder given as the one argument.
const { join, resolve } = require('node:path');
require('../lib/loader/typescript-loader').register();
const { passedBefore, readTypecheckInputs, PASSED_FILE } = require('./typecheck-fingerprint.ts');

// TypeScript 7's API is an ES module, which Node.js loads with require() from 20.19 (and 22.12) on.
if (!process.features.require_module) {
  process.stderr.write(`npm test type-checks with TypeScript 7, whose API Node.js ${process.version} cannot load (it needs require() of ES modules): use Node.js 20.19 or later.\n`);
  process.exit(1);
}

const root = process.argv[2] ? resolve(process.argv[2]) : join(__dirname, '..');
const inputs = readTypecheckInputs(root);
if (inputs && passedBefore(inputs)) {
  process.stdout.write(`type-check: passed before, and no file it reads has changed since (${PASSED_FILE})\n`);
} else {
  const { typecheckProject } = require('./typecheck-project.ts');
  process.exitCode = typecheckProject(root, inputs);
}
