module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@kurtosis-ts/protos',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.test.ts'],
};
