module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@kurtosis-ts/starter-pack:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.integration.ts'],
  // Generating, building, testing and running two modules (one with its own npm install) takes minutes.
  testTimeout: 900_000,
  maxWorkers: 1,
};
