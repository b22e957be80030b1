// Standalone mode: the same module as a new git repository outside the workspace, for people who
// keep modules in their own repositories. The files go through the Tree (so --dry-run lists them and
// writes nothing); packing the @kurtosis-ts tarballs, npm install and the first commit run after.
import * as path from 'node:path';
import { generateFiles, logger, writeJson } from '@nx/devkit';
import type { GeneratorCallback, Tree } from '@nx/devkit';
import type { ModulePlan } from './module-plan';
import { pinned } from './pinned-versions';
import { commitFirstVersion, installDependencies, packVendoredPackages } from './standalone-repository';
import { templateVariables } from './template-variables';
import { VENDOR_DIR, vendoredPackages } from './vendored-packages';
import type { VendoredPackage } from './vendored-packages';

function fileDependencies(packages: VendoredPackage[], role: VendoredPackage['role']): Record<string, string> {
  return Object.fromEntries(packages.filter((p) => p.role === role).map((p) => [p.name, `file:${VENDOR_DIR}/${p.tarball}`]));
}

function packageJson(plan: ModulePlan, packages: VendoredPackage[]): Record<string, unknown> {
  return {
    name: plan.packageName,
    version: plan.version,
    private: true,
    description: plan.description,
    type: 'commonjs',
    scripts: {
      build: 'node scripts/build-image.cjs',
      test: 'jest',
      typecheck: 'tsc',
      integration: 'npm run build && jest -c jest.integration.config.cjs',
    },
    dependencies: { ...fileDependencies(packages, 'dependency') },
    devDependencies: {
      ...fileDependencies(packages, 'devDependency'),
      ...pinned(['@swc/core', '@swc/jest', '@types/jest', '@types/node', 'esbuild', 'jest', 'typescript']),
    },
    // The tarballs' own @kurtosis-ts dependencies come from vendor/ too, never from a registry.
    overrides: fileDependencies(packages, 'override'),
  };
}

export function writeStandaloneModule(tree: Tree, plan: ModulePlan): GeneratorCallback {
  const packages = vendoredPackages(plan.workspacePackages);
  const variables = templateVariables(plan);
  generateFiles(tree, path.join(__dirname, 'files', 'module'), plan.directory, variables);
  generateFiles(tree, path.join(__dirname, 'files', 'standalone'), plan.directory, variables);
  writeJson(tree, `${plan.directory}/package.json`, packageJson(plan, packages));
  return () => {
    packVendoredPackages(tree.root, packages, path.join(plan.absoluteDirectory, VENDOR_DIR));
    if (!plan.skipInstall) installDependencies(plan.absoluteDirectory);
    commitFirstVersion(plan.absoluteDirectory, `${plan.name}: an executable Kurtosis module, from @kurtosis-ts/starter-pack`);
    logger.info(
      [
        `${plan.name} is a new repository in ${plan.absoluteDirectory}. Next:`,
        `  cd ${plan.absoluteDirectory}`,
        ...(plan.skipInstall ? ['  npm install'] : []),
        '  npm run build && npm test && npm run integration',
        `  npx kurtosis module exec ${plan.image}:${plan.version} --execute-params '{"serviceId":"greeter"}'`,
      ].join('\n'),
    );
  };
}
