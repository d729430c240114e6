#!/usr/bin/env node
'use strict';
// `npm run typecheck` (scripts/typecheck-project.ts), loaded the way the CLI loads TypeScript.
require('../bin/typescript-loader').register();
const { typecheckProject } = require('./typecheck-project.ts');
process.exitCode = typecheckProject();
