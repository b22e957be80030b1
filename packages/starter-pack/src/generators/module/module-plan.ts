// Everything the generator will write, resolved and validated from its options before the first
// write: a bad name, image or target folder is refused with nothing written.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { names } from '@nx/devkit';
import type { Tree } from '@nx/devkit';
import { explainInvalidImageReference, explainInvalidImageRepository } from './image-reference';
import type { ModuleGeneratorOptions } from './module-generator-options';
import { explainInvalidModuleName } from './module-name';
import { readWorkspacePackages, workspaceScope } from './workspace-packages';
import type { WorkspacePackage } from './workspace-packages';

// The starter pack is versioned in lockstep with the rest of kurtosis-ts, whose images a module runs with.
export const KURTOSIS_VERSION: string = (require('../../../package.json') as { version: string }).version;
export const DEFAULT_SERVICE_IMAGE = `kurtosis-ts/example-datastore-server:${KURTOSIS_VERSION}`;
export const MODULE_VERSION = '0.1.0';

export interface ModulePlan {
  name: string;
  /** e.g. HelloWorld for hello-world */
  className: string;
  packageName: string;
  description: string;
  /** repository without tag */
  image: string;
  serviceImage: string;
  version: string;
  standalone: boolean;
  /** Where the files go, as a Tree path (standalone: relative to the workspace root, starting with ..). */
  directory: string;
  /** Standalone: the absolute path of the new repository. */
  absoluteDirectory: string;
  skipInstall: boolean;
  workspacePackages: Map<string, WorkspacePackage>;
}

function refuse(message: string): never {
  throw new Error(message);
}

function resolveStandaloneDirectory(tree: Tree, name: string, directory: string | undefined): string {
  const absolute = directory === undefined ? path.resolve(tree.root, '..', name) : path.resolve(process.cwd(), directory);
  const relative = path.relative(tree.root, absolute);
  if (relative === '' || !(relative === '..' || relative.startsWith(`..${path.sep}`)) || path.isAbsolute(relative)) {
    refuse(
      `Invalid --directory '${directory ?? absolute}': standalone mode creates a repository outside this workspace (${tree.root}); ` +
        `give a path outside it, or drop --standalone to create modules/${name} in the workspace.`,
    );
  }
  return absolute;
}

export function planModule(tree: Tree, options: ModuleGeneratorOptions): ModulePlan {
  const name = options.name ?? '';
  refuseIf(explainInvalidModuleName(name));
  const standalone = options.standalone ?? false;
  if (!standalone && options.directory !== undefined) {
    refuse(`--directory is for --standalone only: in the workspace the module always goes to modules/${name}.`);
  }
  const image = options.image ?? (standalone ? `${name}-module` : `kurtosis-ts/${name}-module`);
  refuseIf(explainInvalidImageRepository('--image', image));
  const serviceImage = options.serviceImage ?? DEFAULT_SERVICE_IMAGE;
  refuseIf(explainInvalidImageReference('--service-image', serviceImage));
  const description = options.description ?? `Executable Kurtosis module ${name}: starts a service in its enclave and says where it answers`;
  if (/[\r\n\t]/.test(description) || description.trim() === '') {
    refuse('Invalid --description: give one non-empty line of text.');
  }

  const workspacePackages = readWorkspacePackages(tree);
  const scope = workspaceScope(tree);
  const packageName = standalone || scope === undefined ? name : `${scope}/${name}`;
  let directory: string;
  let absoluteDirectory: string;
  if (standalone) {
    absoluteDirectory = resolveStandaloneDirectory(tree, name, options.directory);
    directory = path.relative(tree.root, absoluteDirectory).split(path.sep).join('/');
    if (existsSync(absoluteDirectory) || tree.exists(directory)) {
      refuse(`${absoluteDirectory} already exists: standalone mode only creates a new repository; choose another --directory.`);
    }
  } else {
    directory = `modules/${name}`;
    absoluteDirectory = path.join(tree.root, directory);
    if (tree.exists(directory)) refuse(`${directory} already exists: choose another name, or remove the folder first.`);
    const clash = workspacePackages.get(packageName);
    if (clash) refuse(`The workspace already has a package named ${packageName} (${clash.dir}): choose another name.`);
  }

  return {
    name,
    className: names(name).className,
    packageName,
    description: description.trim(),
    image,
    serviceImage,
    version: MODULE_VERSION,
    standalone,
    directory,
    absoluteDirectory,
    skipInstall: options.skipInstall ?? false,
    workspacePackages,
  };
}

function refuseIf(message: string | undefined): void {
  if (message !== undefined) refuse(message);
}
