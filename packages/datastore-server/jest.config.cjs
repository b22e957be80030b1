module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@kurtosis-ts/datastore-server',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.test.ts'],
};
