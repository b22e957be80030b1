// The CLI in the face of its own servers' deaths, as a user sees it: versions and engine status,
// an API container killed (the CLI reports its new port and keeps working), an engine killed
// mid-CreateEnclave (`kurtosis engine start` removes the dead container, the enclave is complete or
// gone), and the runtime status of services and modules.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { CLIENT_VERSION, ENGINE_PORT, KurtosisContext } from '@kurtosis-ts/engine-client';
import { apiContainerIdOf, backend, destroyEnclaves, dockerObjectsOfEnclave, moduleContainerIdOf, TestModuleImage, TestServiceImage, workspaceRoot } from '@kurtosis-ts/server-test-kit';

const ROOT = workspaceRoot();

function kurtosis(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('npx', ['--no-install', 'kurtosis', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function json<T = unknown>(...args: string[]): T {
  const run = kurtosis(...args, '--json');
  if (run.status !== 0) throw new Error(`kurtosis ${args.join(' ')} failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

async function pollUntil<T>(what: string, timeoutMs: number, probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms`);
}

interface EnclaveRow {
  enclaveId: string;
  apiContainerStatus: string;
  apiContainerHostPort: number | null;
}

describe('kurtosis CLI under chaos', () => {
  let serviceImage: TestServiceImage;
  let moduleImage: TestModuleImage;
  const enclaves = new Set<string>();
  let enginesBefore: string[] = [];
  let userEngineRanBefore = false;

  beforeAll(async () => {
    serviceImage = TestServiceImage.build('chaos-service');
    moduleImage = TestModuleImage.build('chaos-module');
    const engines = await backend.getEngines();
    enginesBefore = engines.map((e) => e.guid);
    userEngineRanBefore = engines.some((e) => e.status === 'running' && e.publicAddress?.port === ENGINE_PORT);
  });

  afterAll(async () => {
    await destroyEnclaves(enclaves);
    // The engine this test started goes, unless it replaced one that ran before (then it stays in its place).
    if (!userEngineRanBefore) for (const e of await backend.getEngines()) if (!enginesBefore.includes(e.guid)) await backend.destroyEngine(e.guid);
    serviceImage?.remove();
    moduleImage?.remove();
  });

  it('says which versions run: the CLI, the engine, and the engine API the original clients check', () => {
    expect(kurtosis('engine', 'start').status).toBe(0);
    // The engine runs this CLI's version; 1.8.3 is the engine API the 2021 clients require (1.8.x).
    expect(json('version')).toEqual({ cli: CLIENT_VERSION, engine: CLIENT_VERSION, engineApi: '1.8.3' });
    expect(kurtosis('version').stdout).toBe(`CLI:        ${CLIENT_VERSION}\nEngine:     ${CLIENT_VERSION}\nEngine API: 1.8.3\n`);
    expect(json('engine', 'status')).toMatchObject({ running: true, version: CLIENT_VERSION, engineApiVersion: '1.8.3', port: ENGINE_PORT });
  });

  it('reports the new port of a killed API container and keeps working', async () => {
    const enclaveId = `cli-chaos-api-${process.pid}`;
    enclaves.add(enclaveId);
    expect(kurtosis('enclave', 'new', '--enclave-id', enclaveId).status).toBe(0);
    expect(kurtosis('service', 'add', enclaveId, 'web', serviceImage.tag, '--ports', 'http=8080').status).toBe(0);
    const before = json<EnclaveRow>('enclave', 'inspect', enclaveId).apiContainerHostPort;

    execFileSync('docker', ['kill', await apiContainerIdOf(enclaveId)], { stdio: 'ignore' });
    const listed = await pollUntil('the API container running on a new port', 10_000, () => {
      const row = json<EnclaveRow[]>('enclave', 'ls').find((e) => e.enclaveId === enclaveId);
      return row?.apiContainerStatus === 'RUNNING' && row.apiContainerHostPort !== before ? row : undefined;
    });
    expect(json<EnclaveRow>('enclave', 'inspect', enclaveId).apiContainerHostPort).toBe(listed.apiContainerHostPort);
    expect(kurtosis('service', 'exec', enclaveId, 'web', 'printenv', 'HOSTNAME').status).toBe(0);
    expect(json<{ serviceId: string; status: string }[]>('service', 'ls', enclaveId)).toEqual([expect.objectContaining({ serviceId: 'web', status: 'running' })]);
  });

  it('shows each service and module with its runtime status and exit code', async () => {
    const enclaveId = `cli-chaos-status-${process.pid}`;
    enclaves.add(enclaveId);
    expect(kurtosis('enclave', 'new', '--enclave-id', enclaveId).status).toBe(0);
    for (const id of ['up', 'frozen', 'dead']) expect(kurtosis('service', 'add', enclaveId, id, serviceImage.tag).status).toBe(0);
    expect(kurtosis('service', 'pause', enclaveId, 'frozen').status).toBe(0);
    expect(kurtosis('service', 'kill', enclaveId, 'dead').status).toBe(0);
    const services = json<{ serviceId: string; status: string; exitCode: number | null }[]>('service', 'ls', enclaveId);
    expect(services.map(({ serviceId, status, exitCode }) => ({ serviceId, status, exitCode }))).toEqual([
      { serviceId: 'dead', status: 'stopped', exitCode: 137 },
      { serviceId: 'frozen', status: 'paused', exitCode: null },
      { serviceId: 'up', status: 'running', exitCode: null },
    ]);
    expect(kurtosis('service', 'ls', enclaveId).stdout).toContain('stopped (exit 137)');

    expect(kurtosis('module', 'load', enclaveId, 'alive', moduleImage.tag).status).toBe(0);
    expect(kurtosis('module', 'load', enclaveId, 'doomed', moduleImage.tag).status).toBe(0);
    execFileSync('docker', ['kill', await moduleContainerIdOf(enclaveId, 'doomed')], { stdio: 'ignore' });
    const modules = await pollUntil('the killed module reported exited', 10_000, () => {
      const rows = json<{ moduleId: string; status: string; exitCode: number | null; image: string }[]>('module', 'ls', enclaveId);
      return rows.find((r) => r.moduleId === 'doomed')?.status === 'exited' ? rows : undefined;
    });
    expect(modules.map(({ moduleId, status, exitCode, image }) => ({ moduleId, status, exitCode, image }))).toEqual([
      { moduleId: 'alive', status: 'running', exitCode: null, image: moduleImage.tag },
      { moduleId: 'doomed', status: 'exited', exitCode: 137, image: moduleImage.tag },
    ]);
    const inspected = json<{ services: { serviceId: string }[]; modules: { moduleId: string; status: string }[] }>('enclave', 'inspect', enclaveId);
    expect(inspected.services.map((s) => s.serviceId)).toEqual(['dead', 'frozen', 'up']);
    expect(inspected.modules).toContainEqual(expect.objectContaining({ moduleId: 'doomed', status: 'exited', exitCode: 137 }));
  });

  it('engine start after an engine killed mid-CreateEnclave removes the dead engine; the enclave is complete or gone', async () => {
    expect(kurtosis('engine', 'start').status).toBe(0);
    const [old] = (await backend.getEngines()).filter((e) => e.status === 'running' && e.publicAddress?.port === ENGINE_PORT);
    const enclaveId = `cli-chaos-create-${process.pid}`;
    enclaves.add(enclaveId);
    // `--since` replays from just before the create, so a late subscription misses nothing; network
    // events carry no labels, so they are filtered by the network's name (the enclave ID).
    const events = spawn('docker', ['events', '--since', String(Math.floor(Date.now() / 1000) - 1), '--filter', 'type=network', '--filter', 'event=create', '--filter', `network=${enclaveId}`]);
    const client = await KurtosisContext.connect(`127.0.0.1:${ENGINE_PORT}`);
    try {
      const networkCreated = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('The enclave network did not appear within 30 s')), 30_000);
        events.stdout.once('data', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      const create = client.createEnclave(enclaveId).then(
        (enclave) => enclave.close(),
        (err: unknown) => err,
      );
      await networkCreated;
      execFileSync('docker', ['kill', old.guid], { stdio: 'ignore' });
      await create;
    } finally {
      events.kill();
      client.close();
    }
    expect(json('engine', 'status')).toMatchObject({ running: false, deadEngineContainers: [old.guid] });

    const start = kurtosis('engine', 'start');
    expect(start.status).toBe(0);
    expect(start.stderr).toContain(`Removed 1 engine container(s) that no longer ran: ${old.guid}`);
    expect((await backend.getEngines()).map((e) => e.guid)).not.toContain(old.guid);
    expect(json('engine', 'status')).toMatchObject({ running: true, deadEngineContainers: [] });

    const row = json<EnclaveRow[]>('enclave', 'ls').find((e) => e.enclaveId === enclaveId);
    console.log(`engine killed mid-CreateEnclave: the enclave is ${row ? 'complete' : 'gone'} after kurtosis engine start`);
    if (row) {
      expect(row.apiContainerStatus).toBe('RUNNING');
      expect(json('service', 'ls', enclaveId)).toEqual([]);
    } else {
      expect(dockerObjectsOfEnclave(enclaveId)).toEqual({ containers: [], networks: [], volumes: [] });
    }
  });
});
