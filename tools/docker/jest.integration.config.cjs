module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@kurtosis-ts/docker-tools:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.integration.ts'],
  testTimeout: 120_000,
};
