module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@kurtosis-ts/network-mutator',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.test.ts'],
};
