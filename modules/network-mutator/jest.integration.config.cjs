module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@kurtosis-ts/network-mutator:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.integration.ts'],
  testTimeout: 300_000,
  // Suites share one Docker engine; running them one at a time keeps timings meaningful on 2 cores.
  maxWorkers: 1,
};
