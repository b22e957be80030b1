module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@kurtosis-ts/container-backend:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.integration.ts'],
  testTimeout: 120_000,
  maxWorkers: 1,
};
