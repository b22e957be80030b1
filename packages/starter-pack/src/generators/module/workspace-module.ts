// Default mode: modules/<name> in this workspace, registered like modules/datastore-army (tags,
// targets, TypeScript project references) so `nx sync:check` stays clean.
import * as path from 'node:path';
import { generateFiles, installPackagesTask, logger, updateJson, writeJson } from '@nx/devkit';
import type { GeneratorCallback, Tree } from '@nx/devkit';
import type { ModulePlan } from './module-plan';
import { pinned } from './pinned-versions';
import { templateVariables } from './template-variables';
import { MODULE_API_LIB, TESTING } from './vendored-packages';

// What a module's integration test needs built besides its own image; a project missing from the
// workspace is left out (Nx refuses dependsOn on unknown projects).
const INTEGRATION_IMAGE_PROJECTS = ['@kurtosis-ts/engine', '@kurtosis-ts/api-container', '@kurtosis-ts/networking-sidecar'];
const EXAMPLE_DATASTORE_PROJECT = '@kurtosis-ts/datastore-server';

function workspaceVersion(plan: ModulePlan, name: string): string {
  return plan.workspacePackages.get(name)?.version ?? plan.version;
}

function packageJson(plan: ModulePlan): Record<string, unknown> {
  const imageProjects = [...INTEGRATION_IMAGE_PROJECTS];
  if (plan.serviceImage.startsWith('kurtosis-ts/example-datastore-server:')) imageProjects.push(EXAMPLE_DATASTORE_PROJECT);
  return {
    name: plan.packageName,
    version: plan.version,
    private: true,
    description: plan.description,
    license: 'Apache-2.0',
    type: 'commonjs',
    main: './src/main.ts',
    dependencies: {
      [MODULE_API_LIB]: workspaceVersion(plan, MODULE_API_LIB),
      ...pinned(['tslib']),
    },
    devDependencies: { [TESTING]: workspaceVersion(plan, TESTING) },
    nx: {
      // Nx's own key for an image's name: the workspace's image plugin (tools/images/nx-plugin.cjs)
      // infers the `build` target from it and the Dockerfile.
      release: { docker: { repositoryName: plan.image } },
      tags: ['scope:module'],
      targets: {
        integration: {
          command: 'jest -c jest.integration.config.cjs',
          options: { cwd: '{projectRoot}' },
          dependsOn: ['build', ...imageProjects.filter((p) => plan.workspacePackages.has(p)).map((p) => `${p}:build`)],
        },
      },
    },
  };
}

/** The references `nx sync` would write: each workspace dependency's tsconfig that emits. */
function appTsconfig(tree: Tree, plan: ModulePlan): Record<string, unknown> {
  const references = [MODULE_API_LIB, TESTING]
    .map((name) => plan.workspacePackages.get(name))
    .filter((pkg) => pkg !== undefined)
    .map((pkg) => {
      const lib = `${pkg.dir}/tsconfig.lib.json`;
      return { path: path.posix.relative(plan.directory, tree.exists(lib) ? lib : pkg.dir) };
    });
  return {
    extends: '../../tsconfig.base.json',
    compilerOptions: {
      rootDir: 'src',
      outDir: 'out-tsc/app',
      tsBuildInfoFile: 'out-tsc/app/tsconfig.app.tsbuildinfo',
      types: ['node'],
    },
    include: ['src/**/*.ts'],
    exclude: ['src/**/*.test.ts'],
    ...(references.length > 0 ? { references } : {}),
  };
}

export function writeWorkspaceModule(tree: Tree, plan: ModulePlan): GeneratorCallback {
  const variables = templateVariables(plan);
  generateFiles(tree, path.join(__dirname, 'files', 'module'), plan.directory, variables);
  generateFiles(tree, path.join(__dirname, 'files', 'workspace'), plan.directory, variables);
  writeJson(tree, `${plan.directory}/package.json`, packageJson(plan));
  writeJson(tree, `${plan.directory}/tsconfig.app.json`, appTsconfig(tree, plan));
  if (tree.exists('tsconfig.json')) {
    updateJson<{ references?: Array<{ path: string }> }>(tree, 'tsconfig.json', (json) => {
      const reference = `./${plan.directory}`;
      if (!json.references?.some((r) => r.path === reference)) json.references = [...(json.references ?? []), { path: reference }];
      return json;
    });
  }
  return () => {
    // npm links the new workspace package and records it in package-lock.json (`npm ci` needs it).
    if (!plan.skipInstall) installPackagesTask(tree, true);
    logger.info(
      [
        `${plan.packageName} is in ${plan.directory}. Next:`,
        `  npx nx build ${plan.packageName}`,
        `  npx nx test ${plan.packageName}`,
        `  npx nx run ${plan.packageName}:integration`,
        `  npx kurtosis module exec ${plan.image}:${plan.version} --execute-params '{"serviceId":"greeter"}'`,
      ].join('\n'),
    );
  };
}
