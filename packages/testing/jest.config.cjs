module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@kurtosis-ts/testing',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.test.ts'],
};
