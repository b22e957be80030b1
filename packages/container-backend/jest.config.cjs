module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@kurtosis-ts/container-backend',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.test.ts'],
};
