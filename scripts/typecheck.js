#!/usr/bin/env node
'use strict';
// `npm run typecheck` (scripts/typecheck-project.ts). TypeScript is loaded before tsx is registered:
// tsx would scan its 9 MB for ES module syntax first, which takes half a second.
require('typescript');
require('tsx/cjs/api').register();
const { typecheckProject } = require('./typecheck-project.ts');
process.exitCode = typecheckProject();
