module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@kurtosis-ts/api-container',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.test.ts'],
};
