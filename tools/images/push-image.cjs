#!/usr/bin/env node
// What an image project's inferred `publish` target runs: tags the project's image
// (<image>:<package version>, built by its `build` target, and :latest with --latest) for a
// registry and pushes it.
//
//   node tools/images/push-image.cjs --project <dir> --image <repository> [--latest] [--registry host:port] [--repository-prefix path]
// The registry defaults to KURTOSIS_IMAGE_REGISTRY. Credentials are Docker's own (`docker login`,
// ~/.docker/config.json or $DOCKER_CONFIG): nothing here takes or prints one. The tags made for the
// registry are removed locally afterwards, so only the local build's tags stay.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');

const { values } = parseArgs({
  options: {
    project: { type: 'string' },
    image: { type: 'string' },
    registry: { type: 'string' },
    latest: { type: 'boolean', default: false },
    // Pushes under another path (e.g. kurtosis-ts-test/…) so tests never touch the published names.
    'repository-prefix': { type: 'string' },
  },
});
const registry = values.registry ?? process.env.KURTOSIS_IMAGE_REGISTRY;
if (!values.project || !values.image || !registry) {
  console.error('usage: push-image.cjs --project <dir> --image <repository> [--latest] --registry <host:port> (or KURTOSIS_IMAGE_REGISTRY)');
  process.exit(2);
}
if (!/^[a-zA-Z0-9.-]+(:[0-9]+)?$/.test(registry)) {
  console.error(`push-image.cjs: --registry must be host or host:port, not '${registry}'`);
  process.exit(2);
}
const { version } = JSON.parse(fs.readFileSync(path.join(path.resolve(values.project), 'package.json'), 'utf8'));
const prefix = values['repository-prefix'];
const remoteRepository = prefix ? `${prefix.replace(/\/+$/, '')}/${values.image.split('/').pop()}` : values.image;
const started = Date.now();
const pushed = [];
for (const tag of [version, ...(values.latest ? ['latest'] : [])]) {
  const local = `${values.image}:${version}`;
  const remote = `${registry}/${remoteRepository}:${tag}`;
  execFileSync('docker', ['tag', local, remote], { stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    execFileSync('docker', ['push', '-q', remote], { stdio: ['ignore', 'ignore', 'inherit'] });
    pushed.push(remote);
  } finally {
    execFileSync('docker', ['image', 'rm', remote], { stdio: 'ignore' });
  }
}
console.log(`pushed ${pushed.join(', ')} in ${Date.now() - started} ms`);
