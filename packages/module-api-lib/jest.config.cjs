module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@kurtosis-ts/module-api-lib',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.test.ts'],
};
