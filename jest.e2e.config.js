/**
 * The end-to-end tests (`npm run test:e2e`): pack shipshape, install it into freshly scaffolded
 * repositories from the npm registry, and run their tests. Minutes, not seconds, so not in `npm test`.
 * On jest's own runner, set up as the integration tests are.
 * @type {import('jest').Config}
 */
module.exports = {
  ...require('./jest.integration.config'),
  testMatch: ['<rootDir>/test/e2e/**/*.e2e.ts'],
  testTimeout: 10 * 60 * 1000,
};
