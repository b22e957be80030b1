module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@kurtosis-ts/engine-client',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.test.ts'],
};
