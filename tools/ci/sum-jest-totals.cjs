// Adds up the files written by jest-totals-reporter.cjs and prints "N passed, N failed[, N skipped]".
// Exits 1 when any test or suite failed, or when no test ran at all.
const fs = require('node:fs');
const path = require('node:path');

const dir = process.argv[2];
const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of files) {
  const run = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  passed += run.passed;
  skipped += run.skipped;
  // A suite that could not even load has no failed test to count; count it as one.
  failed += run.failed + run.runtimeErrorSuites;
}
console.log(`Jest runs counted: ${files.length}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
