#!/usr/bin/env node
// First half of `nx build @kurtosis-ts/ethereumjs-client`: installs the pinned client on the host
// (`npm ci` from client/package-lock.json: the host trusts the registry's TLS, a `docker build` may
// not), applies patches/apply-patches.mjs, and drops what the image never runs (source maps,
// TypeScript sources and declarations, docs, CommonJS copies of the ESM-only client's packages, other platforms' native builds)
// into dist/app, which the Dockerfile copies. A stamp of the inputs skips all of it when nothing
// changed, so a rebuild costs only `docker build`.
const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const projectDir = __dirname;
const appDir = path.join(projectDir, 'dist', 'app');
const inputs = ['client/package.json', 'client/package-lock.json', 'patches/apply-patches.mjs', 'stage-client.cjs'];
const stamp = crypto.createHash('sha256');
for (const input of inputs) stamp.update(fs.readFileSync(path.join(projectDir, input)));
const digest = stamp.digest('hex');
const stampFile = path.join(appDir, '.inputs-sha256');

function prune(dir) {
  let removed = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const isCjsCopy = entry.name === 'cjs' && /[/\\]@ethereumjs[/\\][^/\\]+[/\\]dist$/.test(dir);
      const isForeignPrebuild = path.basename(dir) === 'prebuilds' && entry.name !== 'linux-x64';
      if (isCjsCopy || isForeignPrebuild) {
        fs.rmSync(full, { recursive: true, force: true });
        removed += 1;
      } else {
        removed += prune(full);
      }
    } else if (/\.(map|ts|cts|mts|md)$/.test(entry.name)) {
      fs.rmSync(full);
      removed += 1;
    }
  }
  return removed;
}

const started = Date.now();
if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === digest) {
  console.log(`ethereumjs client: dist/app is up to date (${path.relative(process.cwd(), appDir)})`);
  process.exit(0);
}
fs.rmSync(appDir, { recursive: true, force: true });
fs.mkdirSync(appDir, { recursive: true });
for (const file of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(projectDir, 'client', file), path.join(appDir, file));
// Install scripts stay off: the client's only one makes a placeholder for a file it ships, and
// classic-level loads its bundled prebuilt binary at run time.
execFileSync('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: appDir, stdio: 'inherit' });
execFileSync(process.execPath, [path.join(projectDir, 'patches', 'apply-patches.mjs'), path.join(appDir, 'node_modules')], { stdio: 'inherit' });
const removed = prune(path.join(appDir, 'node_modules'));
fs.writeFileSync(stampFile, digest);
console.log(`ethereumjs client: installed, patched and pruned (${removed} entries dropped) in ${Date.now() - started} ms`);
