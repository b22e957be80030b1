#!/usr/bin/env node
// The `kurtosis` command: the bundle `nx build @kurtosis-ts/cli` writes.
const path = require('node:path');
const fs = require('node:fs');

const bundle = path.join(__dirname, '..', 'dist', 'kurtosis.cjs');
if (!fs.existsSync(bundle)) {
  console.error('The kurtosis CLI is not built yet: run `npx nx build @kurtosis-ts/cli` first.');
  process.exit(1);
}
require(bundle);
