import { tarballName, vendoredPackages } from './vendored-packages';
import type { WorkspacePackage } from './workspace-packages';

function workspace(...packages: Array<[string, string[]]>): Map<string, WorkspacePackage> {
  return new Map(
    packages.map(([name, deps]) => [
      name,
      { name, version: '0.1.0', dir: `packages/${name.split('/')[1]}`, dependencies: Object.fromEntries(deps.map((d) => [d, '0.1.0'])) },
    ]),
  );
}

describe('vendored packages', () => {
  it("names tarballs the way npm pack does", () => {
    expect(tarballName('@kurtosis-ts/module-api-lib', '0.1.0')).toBe('kurtosis-ts-module-api-lib-0.1.0.tgz');
    expect(tarballName('plain', '1.2.3')).toBe('plain-1.2.3.tgz');
  });

  it('packs the direct packages and, as overrides, the workspace packages they need at run time', () => {
    const packages = vendoredPackages(
      workspace(
        ['@kurtosis-ts/module-api-lib', ['@kurtosis-ts/engine-client', '@kurtosis-ts/protos', 'zod']],
        ['@kurtosis-ts/engine-client', ['@kurtosis-ts/protos']],
        ['@kurtosis-ts/protos', []],
        ['@kurtosis-ts/testing', ['@kurtosis-ts/engine-client', 'testcontainers']],
        // The CLI's dependencies are inside its bundle: none of them is packed for it.
        ['@kurtosis-ts/cli', ['@kurtosis-ts/container-backend']],
        ['@kurtosis-ts/container-backend', []],
      ),
    );
    expect(packages.map((p) => [p.name, p.role, p.bundled])).toEqual([
      ['@kurtosis-ts/module-api-lib', 'dependency', false],
      ['@kurtosis-ts/testing', 'devDependency', false],
      ['@kurtosis-ts/cli', 'devDependency', true],
      ['@kurtosis-ts/engine-client', 'override', false],
      ['@kurtosis-ts/protos', 'override', false],
    ]);
    expect(packages[0]).toMatchObject({ dir: 'packages/module-api-lib', tarball: 'kurtosis-ts-module-api-lib-0.1.0.tgz' });
  });

  it('refuses to run outside the kurtosis-ts workspace, naming what is missing', () => {
    expect(() => vendoredPackages(workspace(['@kurtosis-ts/module-api-lib', []]))).toThrow(
      '@kurtosis-ts/testing, @kurtosis-ts/cli are not in it: run it in the kurtosis-ts workspace',
    );
  });
});
