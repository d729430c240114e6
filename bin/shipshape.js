#!/usr/bin/env node
'use strict';
// Service and environment definitions are TypeScript; tsx compiles them on load.
require('tsx/cjs/api').register();
process.exitCode = require('../lib/cli/main').main(process.argv);
