import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readJson, writeJson } from '@nx/devkit';
import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { moduleGenerator } from './generator';

const KURTOSIS_PACKAGES: Record<string, string[]> = {
  protos: [],
  'engine-client': ['protos'],
  'module-api-lib': ['engine-client', 'protos'],
  testing: ['engine-client'],
  cli: ['engine-client', 'container-backend'],
  'container-backend': [],
  engine: [],
  'api-container': [],
  'networking-sidecar': [],
  'datastore-server': [],
};

/** The kurtosis-ts packages the generator reads, as package.json files in an empty Nx workspace. */
function kurtosisWorkspace(): Tree {
  const tree = createTreeWithEmptyWorkspace();
  writeJson(tree, 'package.json', { name: '@kurtosis-ts/source', private: true, workspaces: ['packages/*', 'modules/*'] });
  writeJson(tree, 'tsconfig.json', { extends: './tsconfig.base.json', files: [], references: [{ path: './packages/protos' }] });
  for (const [name, deps] of Object.entries(KURTOSIS_PACKAGES)) {
    writeJson(tree, `packages/${name}/package.json`, {
      name: `@kurtosis-ts/${name}`,
      version: '0.1.0',
      dependencies: Object.fromEntries(deps.map((d) => [`@kurtosis-ts/${d}`, '0.1.0'])),
    });
  }
  tree.write('packages/module-api-lib/tsconfig.lib.json', '{}');
  tree.write('packages/testing/tsconfig.lib.json', '{}');
  return tree;
}

const read = (tree: Tree, file: string) => tree.read(file, 'utf-8') ?? '';
/** Every pending write of the tree, to show a refused run added none. */
const changes = (tree: Tree) => tree.listChanges().map((c) => `${c.type} ${c.path} ${c.content?.toString('base64')}`);

describe('module generator: in the workspace', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = kurtosisWorkspace();
  });

  it('writes a complete module in modules/<name>', async () => {
    await moduleGenerator(tree, { name: 'hello-world' });
    const files = tree.listChanges().filter((c) => c.path.startsWith('modules/')).map((c) => c.path).sort();
    expect(files).toEqual(
      [
        'Dockerfile',
        'README.md',
        'eslint.config.mjs',
        'jest.config.cjs',
        'jest.integration.config.cjs',
        'package.json',
        'src/hello-world-configurator.ts',
        'src/hello-world-module.ts',
        'src/hello-world-params.test.ts',
        'src/hello-world-params.ts',
        'src/main.ts',
        'test/hello-world.integration.ts',
        'tsconfig.app.json',
        'tsconfig.json',
        'tsconfig.spec.json',
      ].map((f) => `modules/hello-world/${f}`),
    );
    for (const file of files) expect(read(tree, file)).not.toMatch(/<%|%>/);
    expect(read(tree, 'modules/hello-world/src/hello-world-module.ts')).toContain('export class HelloWorldModule implements ExecutableKurtosisModule');
    expect(read(tree, 'modules/hello-world/src/main.ts')).toContain('new KurtosisModuleExecutor(new HelloWorldConfigurator())');
    expect(read(tree, 'modules/hello-world/test/hello-world.integration.ts')).toContain('`kurtosis-ts/hello-world-module:${version}`');
    expect(read(tree, 'modules/hello-world/README.md')).toContain('npx nx build @kurtosis-ts/hello-world');
    expect(read(tree, 'modules/hello-world/README.md')).toContain("npx kurtosis module exec kurtosis-ts/hello-world-module:0.1.0 --execute-params '{\"serviceId\":\"greeter\"}'");
  });

  it('registers it like the other modules: package, tags, targets, project references', async () => {
    await moduleGenerator(tree, { name: 'hello', description: 'Says hello & more' });
    expect(readJson(tree, 'modules/hello/package.json')).toEqual({
      name: '@kurtosis-ts/hello',
      version: '0.1.0',
      private: true,
      description: 'Says hello & more',
      license: 'Apache-2.0',
      type: 'commonjs',
      main: './src/main.ts',
      dependencies: { '@kurtosis-ts/module-api-lib': '0.1.0', tslib: '2.8.1' },
      devDependencies: { '@kurtosis-ts/testing': '0.1.0' },
      nx: {
        // The workspace's image plugin (tools/images/nx-plugin.cjs) infers `build` from this and the Dockerfile.
        release: { docker: { repositoryName: 'kurtosis-ts/hello-module' } },
        tags: ['scope:module'],
        targets: {
          integration: {
            command: 'jest -c jest.integration.config.cjs',
            options: { cwd: '{projectRoot}' },
            dependsOn: [
              'build',
              '@kurtosis-ts/engine:build',
              '@kurtosis-ts/api-container:build',
              '@kurtosis-ts/networking-sidecar:build',
              '@kurtosis-ts/datastore-server:build',
            ],
          },
        },
      },
    });
    expect(read(tree, 'modules/hello/README.md')).toContain('Says hello & more');
    expect(readJson(tree, 'tsconfig.json').references).toEqual([{ path: './packages/protos' }, { path: './modules/hello' }]);
    expect(readJson(tree, 'modules/hello/tsconfig.app.json').references).toEqual([
      { path: '../../packages/module-api-lib/tsconfig.lib.json' },
      { path: '../../packages/testing/tsconfig.lib.json' },
    ]);
  });

  it('takes --image and --service-image, and depends only on image projects the workspace has', async () => {
    tree.delete('packages/networking-sidecar');
    await moduleGenerator(tree, { name: 'hello', image: 'registry.example.com:5000/team/hello', serviceImage: 'my/grpc-server:2' });
    const pkg = readJson(tree, 'modules/hello/package.json');
    expect(pkg.nx.release.docker.repositoryName).toBe('registry.example.com:5000/team/hello');
    expect(pkg.nx.targets.build).toBeUndefined();
    expect(pkg.nx.targets.integration.dependsOn).toEqual(['build', '@kurtosis-ts/engine:build', '@kurtosis-ts/api-container:build']);
    expect(read(tree, 'modules/hello/src/hello-params.ts')).toContain("serviceImage: z.string().min(1).default('my/grpc-server:2')");
  });

  it.each(['Hello', 'hello_world', '1hello', 'hello-', ''])('refuses the name %p before writing anything', async (name) => {
    const before = changes(tree);
    await expect(moduleGenerator(tree, { name })).rejects.toThrow(`Invalid module name '${name}': use lower-case letters and digits`);
    expect(changes(tree)).toEqual(before);
  });

  it.each([
    [{ image: 'Me/Hello' }, "Invalid --image 'Me/Hello'"],
    [{ image: 'me/hello:1.0' }, 'give the repository without a tag or digest'],
    [{ serviceImage: 'nginx:' }, "Invalid --service-image 'nginx:'"],
    [{ description: 'two\nlines' }, 'Invalid --description'],
    [{ directory: '/tmp/elsewhere' }, '--directory is for --standalone only'],
  ])('refuses %j before writing anything', async (options, message) => {
    const before = changes(tree);
    await expect(moduleGenerator(tree, { name: 'hello', ...options })).rejects.toThrow(message);
    expect(changes(tree)).toEqual(before);
  });

  it('refuses an existing folder or package name', async () => {
    tree.write('modules/hello/notes.txt', 'mine');
    await expect(moduleGenerator(tree, { name: 'hello' })).rejects.toThrow('modules/hello already exists');
    await expect(moduleGenerator(tree, { name: 'testing' })).rejects.toThrow(
      'The workspace already has a package named @kurtosis-ts/testing (packages/testing)',
    );
    expect(read(tree, 'modules/hello/notes.txt')).toBe('mine');
  });
});

describe('module generator: standalone', () => {
  let tree: Tree;
  let scratch: string;
  beforeEach(() => {
    tree = kurtosisWorkspace();
    scratch = mkdtempSync(path.join(os.tmpdir(), 'starter-pack-unit-'));
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it('writes a new repository outside the workspace, depending on vendored tarballs', async () => {
    const directory = path.join(scratch, 'hello');
    const callback = await moduleGenerator(tree, { name: 'hello', standalone: true, directory });
    expect(typeof callback).toBe('function');
    const root = path.relative(tree.root, directory);
    const files = tree
      .listChanges()
      .map((c) => c.path)
      .filter((p) => p.startsWith(root))
      .map((p) => p.slice(root.length + 1))
      .sort();
    expect(files).toEqual([
      '.gitignore',
      'Dockerfile',
      'README.md',
      'jest.config.cjs',
      'jest.integration.config.cjs',
      'package.json',
      'scripts/build-image.cjs',
      'src/hello-configurator.ts',
      'src/hello-module.ts',
      'src/hello-params.test.ts',
      'src/hello-params.ts',
      'src/main.ts',
      'test/hello.integration.ts',
      'tsconfig.json',
    ]);
    const pkg = readJson(tree, `${root}/package.json`);
    expect(pkg).toMatchObject({
      name: 'hello',
      dependencies: { '@kurtosis-ts/module-api-lib': 'file:vendor/kurtosis-ts-module-api-lib-0.1.0.tgz' },
      devDependencies: {
        '@kurtosis-ts/testing': 'file:vendor/kurtosis-ts-testing-0.1.0.tgz',
        '@kurtosis-ts/cli': 'file:vendor/kurtosis-ts-cli-0.1.0.tgz',
        esbuild: '0.28.2',
        jest: '30.5.2',
      },
      overrides: {
        '@kurtosis-ts/engine-client': 'file:vendor/kurtosis-ts-engine-client-0.1.0.tgz',
        '@kurtosis-ts/protos': 'file:vendor/kurtosis-ts-protos-0.1.0.tgz',
      },
    });
    expect(pkg.scripts).toEqual({
      build: 'node scripts/build-image.cjs',
      test: 'jest',
      typecheck: 'tsc',
      integration: 'npm run build && jest -c jest.integration.config.cjs',
    });
    expect(read(tree, `${root}/scripts/build-image.cjs`)).toContain("const IMAGE = 'hello-module';");
    expect(read(tree, `${root}/README.md`)).toContain('npm run integration');
    // Nothing inside the workspace changes.
    expect(tree.exists('modules/hello')).toBe(false);
    expect(readJson(tree, 'tsconfig.json').references).toEqual([{ path: './packages/protos' }]);
  });

  it('refuses a directory inside the workspace or one that exists', async () => {
    await expect(moduleGenerator(tree, { name: 'hello', standalone: true, directory: path.join(tree.root, 'somewhere') })).rejects.toThrow(
      'standalone mode creates a repository outside this workspace',
    );
    await expect(moduleGenerator(tree, { name: 'hello', standalone: true, directory: scratch })).rejects.toThrow(
      `${scratch} already exists`,
    );
  });

  it('refuses to run where the kurtosis-ts packages are not', async () => {
    tree.delete('packages/cli');
    const before = changes(tree);
    await expect(moduleGenerator(tree, { name: 'hello', standalone: true, directory: path.join(scratch, 'hello') })).rejects.toThrow(
      '@kurtosis-ts/cli is not in it',
    );
    expect(changes(tree)).toEqual(before);
  });
});
