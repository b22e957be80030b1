module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@kurtosis-ts/chaos-monkey',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.test.ts'],
};
