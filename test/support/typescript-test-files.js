'use strict';
// jest's setupFiles for `npm test`, which runs on jest-light-runner (jest.config.js): the test files and everything
// they import load in plain Node.js, through lib/loader/typescript-loader.js (swc, as the CLI loads TypeScript), with
// source maps so that a failure names the right line. The runner imports each test file with `import()`; the
// hook below hands `.ts` files to `require`, which the loader handles.
const { register } = require('node:module');
const { pathToFileURL } = require('node:url');

require('../../lib/loader/typescript-loader').register({ sourceMaps: true });
register(pathToFileURL(`${__dirname}/typescript-test-files-hook.mjs`));
