// Not named jest.config.cjs on purpose: Nx would infer a `test` target from that, and `npm test`
// must never restart the Docker daemon of whoever runs it. `.ci/run` runs this target on its own.
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@kurtosis-ts/daemon-restart-test:daemon-restart',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.daemon-restart.ts'],
  testTimeout: 300_000,
  maxWorkers: 1,
};
