module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@kurtosis-ts/repartitioner',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.test.ts'],
};
