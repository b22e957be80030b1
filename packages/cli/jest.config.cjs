module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@kurtosis-ts/cli',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.test.ts'],
};
