// Which workspace packages a standalone repository needs as tarballs in its vendor/ folder, and how
// its package.json points at them. npm resolves a tarball's own @kurtosis-ts dependencies through
// `overrides`, so no @kurtosis-ts package is ever looked up on a registry.
import type { WorkspacePackage } from './workspace-packages';

export const VENDOR_DIR = 'vendor';

export interface VendoredPackage {
  name: string;
  version: string;
  /** Folder in the workspace, e.g. packages/module-api-lib */
  dir: string;
  /** The file `npm pack` writes for it. */
  tarball: string;
  /** How the standalone package.json lists it: a direct (dev) dependency, or an override of a transitive one. */
  role: 'dependency' | 'devDependency' | 'override';
  /**
   * The CLI is one esbuild bundle with everything inside: it is packed without dependencies, so
   * installing it pulls in no Docker or gRPC libraries.
   */
  bundled: boolean;
}

export const MODULE_API_LIB = '@kurtosis-ts/module-api-lib';
export const TESTING = '@kurtosis-ts/testing';
export const CLI = '@kurtosis-ts/cli';

/** `npm pack`'s file name: @scope/name@1.0.0 → scope-name-1.0.0.tgz */
export function tarballName(name: string, version: string): string {
  return `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;
}

export function vendoredPackages(workspace: Map<string, WorkspacePackage>): VendoredPackage[] {
  const direct: Array<[string, VendoredPackage['role']]> = [
    [MODULE_API_LIB, 'dependency'],
    [TESTING, 'devDependency'],
    [CLI, 'devDependency'],
  ];
  const missing = direct.map(([name]) => name).filter((name) => !workspace.has(name));
  if (missing.length > 0) {
    throw new Error(
      `Standalone mode packs ${direct.map(([n]) => n).join(', ')} from this workspace, but ${missing.join(', ')} ` +
        `${missing.length === 1 ? 'is' : 'are'} not in it: run it in the kurtosis-ts workspace.`,
    );
  }
  const roles = new Map(direct);
  // The workspace packages the direct ones depend on at run time, transitively (the CLI's are bundled).
  const queue = direct.map(([name]) => name).filter((name) => name !== CLI);
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    for (const dependency of Object.keys(workspace.get(name)?.dependencies ?? {})) {
      if (workspace.has(dependency) && !roles.has(dependency)) {
        roles.set(dependency, 'override');
        queue.push(dependency);
      }
    }
  }
  return [...roles].map(([name, role]) => {
    const pkg = workspace.get(name) as WorkspacePackage;
    return { name, version: pkg.version, dir: pkg.dir, tarball: tarballName(name, pkg.version), role, bundled: name === CLI };
  });
}
