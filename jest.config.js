/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Process-level tests run with `npm run test:integration` (jest.integration.config.js), the packaged ones with `npm run test:e2e`.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/integration/'],
  // swc strips types without checking them; `npm test` type-checks first (scripts/typecheck.js).
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // A worker per core: jest's default (one fewer) runs everything in one process on a 2-core machine, twice as long.
  maxWorkers: '100%',
};
