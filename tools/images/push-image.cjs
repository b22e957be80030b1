#!/usr/bin/env node
// What an image project's inferred `image-push` target runs: tags the project's image
// (<image>:<package version> and :latest, built by its `build` target) for a registry and pushes it.
//
//   node tools/images/push-image.cjs --project <dir> --image <repository> [--registry host:port]
// The registry defaults to KURTOSIS_IMAGE_REGISTRY; the tags made for it are removed afterwards.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');

const { values } = parseArgs({ options: { project: { type: 'string' }, image: { type: 'string' }, registry: { type: 'string' } } });
const registry = values.registry ?? process.env.KURTOSIS_IMAGE_REGISTRY;
if (!values.project || !values.image || !registry) {
  console.error('usage: push-image.cjs --project <dir> --image <repository> --registry <host:port> (or KURTOSIS_IMAGE_REGISTRY)');
  process.exit(2);
}
const { version } = JSON.parse(fs.readFileSync(path.join(path.resolve(values.project), 'package.json'), 'utf8'));
const started = Date.now();
const pushed = [];
for (const tag of [version, 'latest']) {
  const local = `${values.image}:${tag}`;
  const remote = `${registry}/${values.image}:${tag}`;
  execFileSync('docker', ['tag', local, remote], { stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    execFileSync('docker', ['push', '-q', remote], { stdio: ['ignore', 'ignore', 'inherit'] });
    pushed.push(remote);
  } finally {
    execFileSync('docker', ['image', 'rm', remote], { stdio: 'ignore' });
  }
}
console.log(`pushed ${pushed.join(', ')} in ${Date.now() - started} ms`);
