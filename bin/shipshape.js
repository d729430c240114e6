#!/usr/bin/env node
'use strict';
// Service and environment definitions are TypeScript; tsx compiles them on load.
require('tsx/cjs/api').register();
require('../lib/cli/main').main(process.argv).then((code) => {
  process.exitCode = code;
});
