/**
 * The end-to-end tests (`npm run test:e2e`): pack shipshape, install it into freshly scaffolded
 * repositories from the npm registry, and run their tests. Minutes, not seconds, so not in `npm test`.
 * @type {import('jest').Config}
 */
module.exports = {
  ...require('./jest.config'),
  testMatch: ['<rootDir>/test/e2e/**/*.e2e.ts'],
  testTimeout: 10 * 60 * 1000,
};
