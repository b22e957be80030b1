// A Jest reporter that records one run's totals as a JSON file in $JEST_TOTALS_DIR (when set).
// .ci/run adds the files up into the single "N passed, N failed" line that CI reads.
const fs = require('node:fs');
const path = require('node:path');

class JestTotalsReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const dir = process.env.JEST_TOTALS_DIR;
    if (!dir) return;
    fs.mkdirSync(dir, { recursive: true });
    const totals = {
      rootDir: this.rootDir,
      passed: results.numPassedTests,
      failed: results.numFailedTests,
      skipped: results.numPendingTests + results.numTodoTests,
      // A suite that fails to load counts as a failure even though it ran no test.
      failedSuites: results.numFailedTestSuites,
      runtimeErrorSuites: results.numRuntimeErrorTestSuites,
    };
    const file = path.join(dir, `${process.pid}-${Date.now()}.json`);
    fs.writeFileSync(file, JSON.stringify(totals));
  }
}

module.exports = JestTotalsReporter;
