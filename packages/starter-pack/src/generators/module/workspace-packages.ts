// The workspace's own packages (npm workspaces packages/*, modules/*, tools/*), read from the Tree
// so the generator sees exactly what `nx g` sees, dry runs and unit-test trees included.
import { joinPathFragments, readJson } from '@nx/devkit';
import type { Tree } from '@nx/devkit';

export const WORKSPACE_FOLDERS = ['packages', 'modules', 'tools'];

export interface WorkspacePackage {
  name: string;
  version: string;
  /** Folder relative to the workspace root, e.g. packages/module-api-lib. */
  dir: string;
  dependencies: Record<string, string>;
}

export function readWorkspacePackages(tree: Tree): Map<string, WorkspacePackage> {
  const found = new Map<string, WorkspacePackage>();
  for (const folder of WORKSPACE_FOLDERS) {
    for (const child of tree.exists(folder) ? tree.children(folder) : []) {
      const dir = joinPathFragments(folder, child);
      const manifest = joinPathFragments(dir, 'package.json');
      if (!tree.isFile(manifest)) continue;
      const json = readJson<{ name?: string; version?: string; dependencies?: Record<string, string> }>(tree, manifest);
      if (json.name) found.set(json.name, { name: json.name, version: json.version ?? '0.0.0', dir, dependencies: json.dependencies ?? {} });
    }
  }
  return found;
}

/** The npm scope of the workspace's packages, from the root package's name (@kurtosis-ts/source). */
export function workspaceScope(tree: Tree): string | undefined {
  const name = tree.exists('package.json') ? readJson<{ name?: string }>(tree, 'package.json').name : undefined;
  return name?.startsWith('@') ? name.split('/')[0] : undefined;
}
