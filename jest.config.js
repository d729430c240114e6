/**
 * `npm test`'s jest, after the type-check: the unit, snapshot and in-process CLI tests.
 *
 * They run on jest-light-runner: each worker loads the library once and runs test file after test file in plain
 * Node.js, where jest's own runner gives every file a fresh sandbox that loads and compiles cdk8s, the library and
 * the CLI again (half of the suite's CPU time). So a test file must leave nothing behind for the next one:
 * throwaway folders come from test/support/scratch-folder.ts, and nothing changes globals or process.env.
 * The runner has no per-test timeout. TypeScript loads through lib/loader/typescript-loader.js (swc, no type-check:
 * `npm test` type-checks first, scripts/typecheck.js).
 *
 * Process-level tests run with `npm run test:integration` (jest.integration.config.js), the packaged ones with
 * `npm run test:e2e`.
 * @type {import('jest').Config}
 */
module.exports = {
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/integration/'],
  runner: 'jest-light-runner',
  setupFiles: ['<rootDir>/test/support/typescript-test-files.js'],
  transform: {},
  moduleFileExtensions: ['ts', 'js', 'json'],
  // A worker per core: jest's default (one fewer) runs everything in one process on a 2-core machine, twice as long.
  maxWorkers: '100%',
};
