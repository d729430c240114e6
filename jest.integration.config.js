/**
 * The integration tests (`npm run test:integration`, run by `.ci/run` after `npm test`): what only a real process
 * shows (a value piped to `secrets set`, a signal, the exit code and stderr a shell gets, the bin loading the
 * sources, `npm run`), git running real merges, jest running the test `new service` writes, the type-check script
 * on a project of its own, and the drift check of the generated schema validators. Each starts processes or
 * re-does seconds of work, so `npm test`, the daily loop, checks the same behaviour in process where it can.
 *
 * jest's own runner, a sandbox per file; swc strips types without checking them.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  maxWorkers: '100%',
};
