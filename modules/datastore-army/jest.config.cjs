module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@kurtosis-ts/datastore-army',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.test.ts'],
};
