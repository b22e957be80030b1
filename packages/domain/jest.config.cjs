module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@kurtosis-ts/domain',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.test.ts'],
};
