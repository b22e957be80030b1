// Nx plugin (registered in nx.json): every project with a Dockerfile that names its image in Nx's own
// key for it, `nx.release.docker.repositoryName` in its package.json, gets an inferred `build` target
// (esbuild bundle of src/main.ts, when there is one, + `docker build`, tagged with the package version
// and `latest`) and a `publish` target (the versioned tag, and `latest` for modules, pushed to a
// registry: `nx run <project>:publish --registry 127.0.0.1:5000`). Nothing is written
// into the projects' package.json files; `nx show project <name>` lists what was inferred.
const fs = require('node:fs');
const path = require('node:path');

const PLUGIN_NAME = '@kurtosis-ts/images';

/** The targets of one image project, or undefined when the project is not one. Pure. */
function imageTargets(projectRoot, packageJson, hasMainTs) {
  const repositoryName = packageJson?.nx?.release?.docker?.repositoryName;
  if (typeof repositoryName !== 'string' || repositoryName === '') return undefined;
  const entry = hasMainTs ? '' : ' --entry none';
  // Modules are what people run by name, so they also move `latest`; servers are pinned by version.
  const isModule = (packageJson?.nx?.tags ?? []).includes('scope:module');
  return {
    build: {
      command: `node tools/images/build-image.cjs --project ${projectRoot} --image ${repositoryName}${entry} --latest`,
      // Docker is the cache: every build asks it, and it answers from its layers.
      cache: false,
      metadata: { description: `Builds the image ${repositoryName}:<version> and :latest`, technologies: ['docker'] },
    },
    publish: {
      command: `node tools/images/push-image.cjs --project ${projectRoot} --image ${repositoryName}${isModule ? ' --latest' : ''}`,
      dependsOn: ['build'],
      cache: false,
      metadata: {
        description: `Pushes ${repositoryName}:<version>${isModule ? ' and :latest' : ''} to --registry (or KURTOSIS_IMAGE_REGISTRY); credentials from Docker's config`,
        technologies: ['docker'],
      },
    },
  };
}

const createNodes = [
  '**/Dockerfile',
  async (dockerfiles, _options, context) =>
    dockerfiles.flatMap((dockerfile) => {
      const projectRoot = path.dirname(dockerfile);
      const packageJsonPath = path.join(context.workspaceRoot, projectRoot, 'package.json');
      if (!fs.existsSync(packageJsonPath)) return [];
      const packageJson = JSON.parse(fs.readFileSync(packageJsonPath, 'utf8'));
      const targets = imageTargets(projectRoot, packageJson, fs.existsSync(path.join(context.workspaceRoot, projectRoot, 'src', 'main.ts')));
      return targets ? [[dockerfile, { projects: { [projectRoot]: { targets } } }]] : [];
    }),
];

module.exports = { name: PLUGIN_NAME, createNodes, imageTargets };
