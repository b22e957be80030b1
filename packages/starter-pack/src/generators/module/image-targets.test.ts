// The generated module's image is built by the workspace's image plugin (tools/images/nx-plugin.cjs),
// which infers `build` and `publish` from a Dockerfile and `nx.release.docker.repositoryName`.
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../../../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { imageTargets, createNodes } = require(path.join(root, 'tools/images/nx-plugin.cjs')) as {
  imageTargets: (projectRoot: string, packageJson: unknown, hasMainTs: boolean) => Record<string, { command: string; dependsOn?: string[]; cache?: boolean }> | undefined;
  createNodes: [string, (files: string[], options: unknown, context: { workspaceRoot: string }) => Promise<[string, { projects: Record<string, { targets: Record<string, unknown> }> }][]>];
};

describe('the image plugin', () => {
  it('infers build and publish for a project that names its image (modules also publish latest)', () => {
    const targets = imageTargets('modules/hello', { nx: { release: { docker: { repositoryName: 'kurtosis-ts/hello-module' } }, tags: ['scope:module'] } }, true);
    expect(targets?.build.command).toBe('node tools/images/build-image.cjs --project modules/hello --image kurtosis-ts/hello-module --latest');
    expect(targets?.build.cache).toBe(false);
    expect(targets?.['publish'].dependsOn).toEqual(['build']);
    expect(targets?.['publish'].command).toBe('node tools/images/push-image.cjs --project modules/hello --image kurtosis-ts/hello-module --latest');
    expect(imageTargets('packages/engine', { nx: { release: { docker: { repositoryName: 'kurtosis-ts/engine' } } } }, true)?.['publish'].command).not.toContain('--latest');
    expect(imageTargets('packages/networking-sidecar', { nx: { release: { docker: { repositoryName: 's' } } } }, false)?.build.command).toMatch(/ --entry none --latest$/);
    expect(imageTargets('x', {}, true)).toBeUndefined();
  });

  it('gives every image project of this workspace its build, and none writes one by hand', async () => {
    const dockerfiles = ['packages/engine', 'packages/api-container', 'packages/networking-sidecar', 'packages/datastore-server', 'modules/datastore-army', 'modules/repartitioner', 'modules/chaos-monkey', 'modules/ethereum']
      .filter((dir) => fs.existsSync(path.join(root, dir, 'Dockerfile')))
      .map((dir) => `${dir}/Dockerfile`);
    const results = await createNodes[1](dockerfiles, undefined, { workspaceRoot: root });
    expect(results.map(([file]) => file)).toEqual(dockerfiles);
    for (const [file, result] of results) {
      const dir = path.dirname(file);
      expect(Object.keys(result.projects[dir].targets).sort()).toEqual(['build', 'publish']);
      const pkg = JSON.parse(fs.readFileSync(path.join(root, dir, 'package.json'), 'utf8')) as { nx?: { targets?: Record<string, unknown> } };
      expect({ dir, handWrittenBuild: pkg.nx?.targets?.['build'] }).toEqual({ dir, handWrittenBuild: undefined });
    }
  });

  it('gives the EthereumJS client (whose build stages the client first, by hand) its publish too', async () => {
    const [[, result]] = await createNodes[1](['packages/ethereumjs-client/Dockerfile'], undefined, { workspaceRoot: root });
    expect(Object.keys(result.projects['packages/ethereumjs-client'].targets)).toContain('publish');
  });
});
