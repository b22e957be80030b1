// The starter pack's self-test: in a scratch copy of this workspace, `nx g` a module, then build it
// (the image exists), lint, typecheck and unit-test it, run its generated integration test and
// `kurtosis module exec` its image, checking the documented result. Then the same for a standalone
// repository (npm install from vendored tarballs, its own build, tests and CLI). Everything it creates
// — images, enclaves, an engine it caused to start, scratch folders — is removed, also on failure.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, credentials } from '@grpc/grpc-js';
import { destroyEnclaves, dockerObjectsOfEnclave, TestRegistry, workspaceRoot } from '@kurtosis-ts/server-test-kit';
import { cliEngines, imageExists, removeContainers, removeImages } from './docker-objects';
import { ScratchWorkspace } from './scratch-workspace';

const MAIN_ROOT = workspaceRoot();
const RUN = `${Date.now().toString(36)}${process.pid.toString(36)}`;
const NAME = `selftest-${RUN}`;
const STANDALONE_NAME = `${NAME}-solo`;
const IMAGE = `kurtosis-ts-selftest/${NAME}`;
const STANDALONE_IMAGE = `kurtosis-ts-selftest/${STANDALONE_NAME}`;
const VERSION = '0.1.0';
const SERVICE_IMAGE = `kurtosis-ts/example-datastore-server:${VERSION}`;
const EXECUTE_PARAMS = '{"serviceId":"greeter"}';

/** The README's documented result, with the addresses of this run. */
const documentedResult = {
  serviceId: 'greeter',
  image: SERVICE_IMAGE,
  privateAddress: expect.stringMatching(/^\d+\.\d+\.\d+\.\d+:1323$/),
  publicAddress: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
};

function answersGrpc(address: string): Promise<void> {
  const client = new Client(address, credentials.createInsecure());
  return new Promise((resolve, reject) =>
    client.waitForReady(Date.now() + 10_000, (err) => {
      client.close();
      if (err) reject(err);
      else resolve();
    }),
  );
}

describe('starter pack self-test', () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'kurtosis-ts-starter-selftest-'));
  const standaloneDir = path.join(scratch, 'repos', STANDALONE_NAME);
  const enclaves: string[] = [];
  let enginesBefore = new Set<string>();
  let workspace: ScratchWorkspace;
  let registry: TestRegistry | undefined;

  /** `kurtosis module exec` with the CLI of `cwd`, in an enclave this test removes afterwards. */
  async function moduleExec(cwd: string, image: string, enclaveId: string): Promise<unknown> {
    enclaves.push(enclaveId);
    const { stdout } = await workspace.run('npx', ['kurtosis', 'module', 'exec', image, '--enclave-id', enclaveId, '--execute-params', EXECUTE_PARAMS], {
      cwd,
    });
    return JSON.parse(stdout);
  }

  beforeAll(async () => {
    enginesBefore = cliEngines();
    // With the workspace's build outputs, among them the CLI bundle its `npx kurtosis` runs.
    workspace = ScratchWorkspace.copy(MAIN_ROOT, path.join(scratch, 'workspace'));
  });

  afterAll(async () => {
    const problems: unknown[] = [];
    const attempt = async (step: () => unknown) => {
      try {
        await step();
      } catch (err) {
        problems.push(err);
      }
    };
    for (const id of enclaves) {
      await attempt(() => workspace?.run('npx', ['kurtosis', 'enclave', 'rm', '-f', id], { allowFailure: true }));
    }
    // Whatever the CLI could not remove (no engine any more, a half-created enclave).
    await attempt(() => destroyEnclaves(enclaves));
    await attempt(() => removeContainers([...cliEngines()].filter((id) => !enginesBefore.has(id))));
    await attempt(() => removeImages([`${IMAGE}:${VERSION}`, `${IMAGE}:latest`, `${STANDALONE_IMAGE}:${VERSION}`, `${STANDALONE_IMAGE}:latest`]));
    // The published tags, pulled ones included, and what the registry holds of them.
    await attempt(() => registry?.close());
    rmSync(scratch, { recursive: true, force: true });
    for (const id of enclaves) expect(dockerObjectsOfEnclave(id)).toEqual({ containers: [], networks: [], volumes: [] });
    expect(problems).toEqual([]);
  }, 300_000);

  describe('in the workspace', () => {
    const moduleDir = () => path.join(workspace.root, 'modules', NAME);
    const project = `@kurtosis-ts/${NAME}`;

    it('refuses an invalid name and writes nothing, and --dry-run writes nothing', async () => {
      const refused = await workspace.nx(['g', '@kurtosis-ts/starter-pack:module', 'Bad_Name', '--no-interactive'], { allowFailure: true });
      expect(refused.exitCode).not.toBe(0);
      expect(refused.stdout + refused.stderr).toContain("Invalid module name 'Bad_Name': use lower-case letters and digits");
      expect(existsSync(path.join(workspace.root, 'modules', 'Bad_Name'))).toBe(false);

      const dryRun = await workspace.nx(['g', '@kurtosis-ts/starter-pack:module', NAME, '--dry-run', '--no-interactive']);
      expect(dryRun.stdout).toContain(`CREATE modules/${NAME}/src/${NAME}-module.ts`);
      expect(dryRun.stdout).toContain('UPDATE tsconfig.json');
      expect(existsSync(moduleDir())).toBe(false);
    });

    it('generates the module, registered so that nx sync:check is clean', async () => {
      await workspace.nx(['g', '@kurtosis-ts/starter-pack:module', NAME, '--image', IMAGE, '--skip-install', '--no-interactive']);
      expect(existsSync(path.join(moduleDir(), 'src', 'main.ts'))).toBe(true);
      await workspace.nx(['sync:check']);
      // The copy is the only place it went.
      expect(existsSync(path.join(MAIN_ROOT, 'modules', NAME))).toBe(false);
    });

    it('builds its image with nx build', async () => {
      await workspace.nx(['build', project]);
      expect(imageExists(`${IMAGE}:${VERSION}`)).toBe(true);
      expect(imageExists(`${IMAGE}:latest`)).toBe(true);
    });

    it('passes its own lint, typecheck and unit tests', async () => {
      const { stdout } = await workspace.nx(['run-many', '-t', 'lint', 'typecheck', 'test', '--projects', project, '--outputStyle=static']);
      expect(stdout).toMatch(/Tests:\s+\d+ passed, \d+ total/);
    });

    it('passes its generated integration test in a real enclave', async () => {
      // Its dependsOn would rebuild the engine and API container images from the copy; the
      // starter pack's own integration target has already built them from this workspace.
      const { stdout } = await workspace.nx(['run', `${project}:integration`, '--excludeTaskDependencies', '--outputStyle=static']);
      expect(stdout).toMatch(/Tests:\s+3 passed, 3 total/);
    });

    it('runs with kurtosis module exec and returns its documented result', async () => {
      const result = (await moduleExec(workspace.root, `${IMAGE}:${VERSION}`, `${NAME}-exec`)) as { publicAddress: string };
      expect(result).toEqual(documentedResult);
      // The service it started is real: it answers gRPC on its published loopback port.
      await answersGrpc(result.publicAddress);
    });
  });

  describe('through a registry', () => {
    const project = `@kurtosis-ts/${NAME}`;

    it('publishes with nx to the test registry, and runs from there once the local image is gone', async () => {
      registry = TestRegistry.open();
      const remote = `${registry.host}/${IMAGE}`;
      registry.adopt(`${remote}:${VERSION}`);
      registry.adopt(`${remote}:latest`);
      const { stdout } = await workspace.nx(['run', `${project}:publish`, `--registry=${registry.host}`, '--excludeTaskDependencies', '--outputStyle=static']);
      expect(stdout).toContain(`pushed ${remote}:${VERSION}, ${remote}:latest`);
      expect(await registry.has(`${remote}:${VERSION}`)).toBe(true);
      expect(await registry.has(`${remote}:latest`)).toBe(true);
      // A host without it: the module's own layer goes with its tags.
      removeImages([`${IMAGE}:${VERSION}`, `${IMAGE}:latest`]);
      expect(imageExists(`${remote}:${VERSION}`)).toBe(false);
      const result = await moduleExec(workspace.root, `${remote}:${VERSION}`, `${NAME}-registry`);
      expect(result).toEqual(documentedResult);
      expect(imageExists(`${remote}:${VERSION}`)).toBe(true);
    });
  });

  describe('standalone', () => {
    it('generates a new repository outside the workspace, with its packages vendored and a first commit', async () => {
      await workspace.nx([
        'g',
        '@kurtosis-ts/starter-pack:module',
        STANDALONE_NAME,
        '--standalone',
        '--directory',
        standaloneDir,
        '--image',
        STANDALONE_IMAGE,
        '--no-interactive',
      ]);
      const pkg = JSON.parse(readFileSync(path.join(standaloneDir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
      expect(pkg.dependencies['@kurtosis-ts/module-api-lib']).toBe(`file:vendor/kurtosis-ts-module-api-lib-${VERSION}.tgz`);
      for (const tarball of ['module-api-lib', 'engine-client', 'protos', 'testing', 'cli']) {
        expect(existsSync(path.join(standaloneDir, 'vendor', `kurtosis-ts-${tarball}-${VERSION}.tgz`))).toBe(true);
      }
      const log = await workspace.run('git', ['log', '--format=%s'], { cwd: standaloneDir });
      expect(log.stdout.trim().split('\n')).toEqual([`${STANDALONE_NAME}: an executable Kurtosis module, from @kurtosis-ts/starter-pack`]);
      const status = await workspace.run('git', ['status', '--porcelain'], { cwd: standaloneDir });
      expect(status.stdout).toBe('');
      // The @kurtosis-ts packages resolve to the tarballs' built JavaScript.
      const resolved = await workspace.run('node', ['-p', "require.resolve('@kurtosis-ts/module-api-lib')"], { cwd: standaloneDir });
      expect(resolved.stdout.trim()).toBe(path.join(standaloneDir, 'node_modules/@kurtosis-ts/module-api-lib/dist/index.js'));
    });

    it('builds its image and passes its typecheck and unit tests', async () => {
      await workspace.run('npm', ['run', 'build'], { cwd: standaloneDir });
      expect(imageExists(`${STANDALONE_IMAGE}:${VERSION}`)).toBe(true);
      await workspace.run('npm', ['run', 'typecheck'], { cwd: standaloneDir });
      const { stderr } = await workspace.run('npm', ['test'], { cwd: standaloneDir });
      expect(stderr).toMatch(/Tests:\s+\d+ passed, \d+ total/);
    });

    it('passes its generated integration test in a real enclave', async () => {
      const { stderr } = await workspace.run('npm', ['run', 'integration'], { cwd: standaloneDir });
      expect(stderr).toMatch(/Tests:\s+3 passed, 3 total/);
    });

    it('runs with its own kurtosis CLI and returns its documented result', async () => {
      const result = (await moduleExec(standaloneDir, `${STANDALONE_IMAGE}:${VERSION}`, `${NAME}-solo-exec`)) as { publicAddress: string };
      expect(result).toEqual(documentedResult);
      await answersGrpc(result.publicAddress);
    });
  });
});
