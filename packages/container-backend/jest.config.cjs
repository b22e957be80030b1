module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@kurtosis-ts/container-backend',
  rootDir: __dirname,
  // The contract suite runs against the in-memory backend with the unit tests, and against Docker
  // with the integration tests (jest.integration.config.cjs).
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
};
