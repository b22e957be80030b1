module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@kurtosis-ts/engine',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.test.ts'],
};
