module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@kurtosis-ts/ethereum',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.test.ts'],
};
