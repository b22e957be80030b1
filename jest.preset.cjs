// Shared Jest settings: every project's jest.config.cjs spreads this.
const path = require('node:path');

module.exports = {
  testEnvironment: 'node',
  // Workspace packages resolve to their TypeScript sources (the "development" export condition),
  // so tests never need a build of their dependencies first.
  testEnvironmentOptions: {
    customExportConditions: ['development', 'node', 'require', 'default'],
  },
  transform: {
    '^.+\\.[tj]s$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Counts every run into .jest-totals/ so .ci/run can print one "N passed, N failed" line.
  reporters: ['default', path.join(__dirname, 'tools/ci/jest-totals-reporter.cjs')],
};
