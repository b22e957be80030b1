module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@kurtosis-ts/module-api-lib:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.integration.ts'],
  testTimeout: 120_000,
  maxWorkers: 1,
};
