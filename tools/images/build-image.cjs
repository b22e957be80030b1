#!/usr/bin/env node
// `nx build` of every image project runs this: it bundles the project's entrypoint into one file
// with esbuild, then builds the project's Dockerfile around it and tags the image with the
// project's package version (and `latest` with --latest).
//
//   node tools/images/build-image.cjs --project <dir> --image <repository> [--entry src/main.ts|none] [--latest]
// With `--entry none` nothing is bundled and the project directory is the build context.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');
const esbuild = require('esbuild');

const { values } = parseArgs({
  options: {
    project: { type: 'string' },
    image: { type: 'string' },
    entry: { type: 'string', default: 'src/main.ts' },
    latest: { type: 'boolean', default: false },
  },
});
if (!values.project || !values.image) {
  console.error('usage: build-image.cjs --project <dir> --image <repository> [--entry src/main.ts] [--latest]');
  process.exit(2);
}

const projectDir = path.resolve(values.project);
const { version } = JSON.parse(fs.readFileSync(path.join(projectDir, 'package.json'), 'utf8'));
const bundled = values.entry !== 'none';
const contextDir = bundled ? path.join(projectDir, 'dist', 'image') : projectDir;
const started = Date.now();
if (bundled) {
  fs.rmSync(contextDir, { recursive: true, force: true });
  fs.mkdirSync(contextDir, { recursive: true });
  esbuild.buildSync({
  entryPoints: [path.join(projectDir, values.entry)],
  outfile: path.join(contextDir, 'main.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  // Workspace packages are bundled from their TypeScript sources.
  conditions: ['development'],
  // Optional native add-ons of ssh2 (pulled in by dockerode) that are loaded inside try/catch.
  external: ['cpu-features', '*.node'],
  logLevel: 'warning',
  });
}

const tags = [`${values.image}:${version}`, ...(values.latest ? [`${values.image}:latest`] : [])];
const imageId = (tag) => {
  try {
    return execFileSync('docker', ['image', 'inspect', '-f', '{{.Id}}', tag], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
};
const previousId = imageId(tags[0]);
execFileSync(
  'docker',
  ['build', '-q', '-f', path.join(projectDir, 'Dockerfile'), ...tags.flatMap((t) => ['-t', t]), contextDir],
  { stdio: ['ignore', 'ignore', 'inherit'] },
);
// A rebuild leaves the previous image untagged; drop it unless a container still uses it.
if (previousId && previousId !== imageId(tags[0])) {
  try {
    execFileSync('docker', ['image', 'rm', previousId], { stdio: 'ignore' });
  } catch {
    // still in use: Docker keeps it, and so do we
  }
}
console.log(`built ${tags.join(', ')} in ${Date.now() - started} ms`);
