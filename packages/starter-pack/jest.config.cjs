module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@kurtosis-ts/starter-pack',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.test.ts'],
};
