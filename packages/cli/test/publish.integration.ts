// Publishing with Nx: every example module's inferred `publish` target pushes its version and
// `latest` to a real registry (under kurtosis-ts-test/, so the published names are never touched);
// the registry's copy is the local build (same image ID once pulled), and `module exec` of it from
// the registry answers as the local run does. Removes the tags it pulled and what it pushed.
import { execFileSync, spawnSync } from 'node:child_process';
import { backend, destroyEnclaves, KURTOSIS_VERSION, TestRegistry } from '@kurtosis-ts/server-test-kit';
import { kurtosis, ROOT } from './cli-runner';

const PREFIX = `kurtosis-ts-test/publish-${process.pid}`;
const MODULES = [
  { project: '@kurtosis-ts/datastore-army', image: 'datastore-army-module', exec: { args: [], params: { numDatastores: 1 } } },
  { project: '@kurtosis-ts/repartitioner', image: 'repartitioner-module', exec: { args: ['--with-partitioning'], params: { plan: { partitions: { a: [] } } } } },
  { project: '@kurtosis-ts/chaos-monkey', image: 'chaos-monkey-module' },
  { project: '@kurtosis-ts/ethereum', image: 'ethereum-module' },
];

/** Without the NX_* and npm_* variables of the Nx run this test runs in, which would confuse a nested one. */
function nxEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('NX_') && !key.startsWith('npm_')));
  return { ...env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };
}

const imageId = (image: string) => execFileSync('docker', ['image', 'inspect', '-f', '{{.Id}}', image], { encoding: 'utf8' }).trim();

describe('publishing the example modules with nx, and running them from the registry', () => {
  let registry: TestRegistry;
  const enclaves = new Set<string>();
  let enginesBefore: string[] = [];
  const pulled: string[] = [];

  beforeAll(async () => {
    enginesBefore = (await backend.getEngines()).map((e) => e.guid);
    registry = TestRegistry.open();
  });

  afterAll(async () => {
    await destroyEnclaves(enclaves);
    for (const e of await backend.getEngines()) if (!enginesBefore.includes(e.guid)) await backend.destroyEngine(e.guid);
    for (const image of pulled) spawnSync('docker', ['image', 'rm', image], { stdio: 'ignore' });
    await registry?.close();
  });

  it.each(MODULES)('publishes $project: its version and latest, the local build', async ({ project, image, exec }) => {
    const remote = `${registry.host}/${PREFIX}/${image}`;
    for (const tag of [KURTOSIS_VERSION, 'latest']) registry.adopt(`${remote}:${tag}`);
    // The images are built by this suite's dependsOn; publish's own build is not run again here.
    const run = spawnSync('npx', ['nx', 'run', `${project}:publish`, `--registry=${registry.host}`, `--repository-prefix=${PREFIX}`, '--excludeTaskDependencies', '--outputStyle=static', '--skipSync'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: nxEnv(),
      timeout: 300_000,
    });
    expect({ status: run.status, out: run.status === 0 ? '' : run.stdout + run.stderr }).toEqual({ status: 0, out: '' });
    expect(run.stdout).toContain(`pushed ${remote}:${KURTOSIS_VERSION}, ${remote}:latest`);
    expect(await registry.has(`${remote}:${KURTOSIS_VERSION}`)).toBe(true);
    expect(await registry.has(`${remote}:latest`)).toBe(true);
    // Only the local build's tags stay on the host.
    expect(spawnSync('docker', ['image', 'inspect', `${remote}:${KURTOSIS_VERSION}`], { stdio: 'ignore' }).status).not.toBe(0);

    if (exec) {
      const local = kurtosis(['module', 'exec', `kurtosis-ts/${image}:${KURTOSIS_VERSION}`, ...exec.args, '--enclave-id', `publish-local-${image}-${process.pid}`, '--execute-params', JSON.stringify(exec.params)]);
      enclaves.add(`publish-local-${image}-${process.pid}`);
      expect(local.status).toBe(0);
      pulled.push(`${remote}:${KURTOSIS_VERSION}`);
      const fromRegistry = kurtosis(['module', 'exec', `${remote}:${KURTOSIS_VERSION}`, ...exec.args, '--enclave-id', `publish-remote-${image}-${process.pid}`, '--execute-params', JSON.stringify(exec.params)]);
      enclaves.add(`publish-remote-${image}-${process.pid}`);
      expect(fromRegistry.status).toBe(0);
      expect(fromRegistry.stderr).toContain(`Pulled ${remote}:${KURTOSIS_VERSION}`);
      expect(fromRegistry.stdout).toBe(local.stdout);
    } else {
      pulled.push(`${remote}:${KURTOSIS_VERSION}`);
      execFileSync('docker', ['pull', '-q', `${remote}:${KURTOSIS_VERSION}`], { stdio: 'ignore' });
    }
    expect(imageId(`${remote}:${KURTOSIS_VERSION}`)).toBe(imageId(`kurtosis-ts/${image}:${KURTOSIS_VERSION}`));
  }, 300_000);
});
