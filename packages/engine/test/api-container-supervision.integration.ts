// The engine supervises its API containers: one killed (`docker kill`, which Docker's restart policy
// leaves dead) answers again within 10 s on its new host port with its services intact; a deliberate
// StopEnclave or `docker stop` is not undone; and an engine killed mid-CreateEnclave leaves nothing
// half-made once an engine starts again.
import { spawn, execFileSync } from 'node:child_process';
import { parseId } from '@kurtosis-ts/domain';
import type { EngineGuid } from '@kurtosis-ts/domain';
import { engineApi } from '@kurtosis-ts/protos';
import {
  apiContainerClient,
  backend,
  destroyEnclaves,
  dockerObjectsOfEnclave,
  EngineContainer,
  TEST_SERVICE_PORT,
  TestServiceImage,
  uniqueEnclaveId,
} from '@kurtosis-ts/server-test-kit';
import type { ApiContainerClient } from '@kurtosis-ts/server-test-kit';

const RUNNING = engineApi.EnclaveAPIContainerStatus.EnclaveAPIContainerStatus_RUNNING;
const KILLS = 5;

async function pollUntil<T>(what: string, deadline: number, probe: () => Promise<T | undefined>): Promise<T> {
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what} did not happen in time${last ? ` (last error: ${(last as Error).message})` : ''}`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

describe('API container supervision', () => {
  let engine: EngineContainer;
  let serviceImage: TestServiceImage;
  const created = new Set<string>();
  const extraEngines: EngineGuid[] = [];

  beforeAll(async () => {
    serviceImage = TestServiceImage.build('supervision-service');
    engine = await EngineContainer.start();
  });

  afterAll(async () => {
    await destroyEnclaves(created);
    await engine?.stop();
    for (const id of extraEngines) await backend.destroyEngine(id);
    serviceImage?.remove();
  });

  async function createEnclave(name: string): Promise<{ enclaveId: string; apiContainerId: string }> {
    const enclaveId = uniqueEnclaveId(name);
    created.add(enclaveId);
    const { enclaveInfo } = await engine.client.createEnclave(engineApi.CreateEnclaveArgs.fromPartial({ enclaveId }));
    return { enclaveId, apiContainerId: enclaveInfo?.apiContainerInfo?.containerId ?? '' };
  }

  async function hostPortOf(enclaveId: string): Promise<number | undefined> {
    const info = (await engine.client.getEnclaves({}, 5_000)).enclaveInfo[enclaveId];
    return info?.apiContainerStatus === RUNNING ? info.apiContainerHostMachineInfo?.portOnHostMachine : undefined;
  }

  /** Waits for the engine's judgement of this enclave's API container exit, logged after `sinceMs`. */
  async function engineJudged(enclaveId: string, sinceMs: number): Promise<void> {
    await backend.waitForOutput(engine.ref, `API container of enclave '${enclaveId}' exited`, 15_000, sinceMs);
  }

  it(`brings a killed API container back within 10 s on its new port, everything intact (p50 of ${KILLS})`, async () => {
    const { enclaveId, apiContainerId } = await createEnclave('supervised');
    let api: ApiContainerClient = apiContainerClient((await hostPortOf(enclaveId)) ?? 0);
    await api.registerService({ serviceId: 'web', partitionId: '' });
    const started = await api.startService({
      serviceId: 'web',
      dockerImage: serviceImage.tag,
      privatePorts: { http: { number: TEST_SERVICE_PORT, protocol: 0 } },
      entrypointArgs: [],
      cmdArgs: [],
      dockerEnvVars: {},
      enclaveDataDirMntDirpath: '/kurtosis-enclave-data',
      filesArtifactMountDirpaths: {},
    });
    const webPort = started.publicPorts['http']?.number;

    const recoveryMs: number[] = [];
    const ports: number[] = [(await hostPortOf(enclaveId)) ?? 0];
    try {
      for (let kill = 0; kill < KILLS; kill++) {
        api.close();
        const killedAt = Date.now();
        execFileSync('docker', ['kill', apiContainerId], { stdio: 'ignore' });
        const deadline = killedAt + 10_000;
        // Answering again, on the port the engine reports now.
        const port = await pollUntil(`API container answering again after kill ${kill + 1}`, deadline, async () => {
          const current = await hostPortOf(enclaveId);
          if (current === undefined) return undefined;
          const probe = apiContainerClient(current);
          try {
            await probe.getServices({}, 1_000);
            return current;
          } finally {
            probe.close();
          }
        });
        recoveryMs.push(Date.now() - killedAt);
        ports.push(port);
        api = apiContainerClient(port);
        // Intact: the service is still registered, started and reachable where it was.
        expect(Object.keys((await api.getServices({})).serviceIds)).toEqual(['web']);
        expect((await api.getServiceInfo({ serviceId: 'web' })).publicPorts['http']?.number).toBe(webPort);
        expect(await (await fetch(`http://127.0.0.1:${webPort}/health`)).text()).toBe('ok');
      }
    } finally {
      api.close();
    }
    console.log(`killed API container → answering again: ${recoveryMs.join(', ')} ms; p50 ${median(recoveryMs)} ms; host ports ${ports.join(' → ')}`);
    expect(Math.max(...recoveryMs)).toBeLessThan(10_000);
    // Docker hands out a new ephemeral port at each start; clients must follow the engine's answer.
    expect(new Set(ports).size).toBeGreaterThan(1);
  });

  it('does not undo StopEnclave: the API container exits 0 and stays stopped', async () => {
    const { enclaveId } = await createEnclave('stopped');
    const since = Date.now();
    await engine.client.stopEnclave({ enclaveId });
    await engineJudged(enclaveId, since);
    const state = await backend.getState({ kind: 'api-container', enclaveId: parseId('enclave', enclaveId) });
    expect(state).toMatchObject({ status: 'stopped', exitCode: 0 });
    expect((await engine.client.getEnclaves({})).enclaveInfo[enclaveId].apiContainerStatus).toBe(
      engineApi.EnclaveAPIContainerStatus.EnclaveAPIContainerStatus_STOPPED,
    );
  });

  it('does not undo a docker stop of an API container', async () => {
    const { enclaveId, apiContainerId } = await createEnclave('docker-stopped');
    const since = Date.now();
    execFileSync('docker', ['stop', apiContainerId], { stdio: 'ignore' });
    await engineJudged(enclaveId, since);
    expect((await backend.getState({ kind: 'api-container', enclaveId: parseId('enclave', enclaveId) })).status).toBe('stopped');
  });

  it('starts by destroying what a dead engine left half-made, and by starting an API container killed while unwatched', async () => {
    const dead = await EngineContainer.start();
    extraEngines.push(dead.guid);
    const killedUnwatched = uniqueEnclaveId('killed-unwatched');
    const halfMade = uniqueEnclaveId('half-made');
    created.add(killedUnwatched).add(halfMade);
    const { enclaveInfo } = await dead.client.createEnclave(engineApi.CreateEnclaveArgs.fromPartial({ enclaveId: killedUnwatched }));
    dead.client.close();
    execFileSync('docker', ['kill', dead.containerId], { stdio: 'ignore' });
    execFileSync('docker', ['kill', enclaveInfo?.apiContainerInfo?.containerId ?? 'missing'], { stdio: 'ignore' });
    // What an engine killed between creating an enclave's network and volumes and its API container leaves.
    await backend.createEnclave(parseId('enclave', halfMade), { isPartitioningEnabled: false, creatorEngineGuid: dead.guid });

    const next = await EngineContainer.start();
    extraEngines.push(next.guid);
    try {
      // Reconciled before the ready line: the half-made enclave is gone at once.
      expect(dockerObjectsOfEnclave(halfMade)).toEqual({ containers: [], networks: [], volumes: [] });
      const info = (await next.client.getEnclaves({})).enclaveInfo[killedUnwatched];
      expect(info.apiContainerStatus).toBe(RUNNING);
      const api = apiContainerClient(info.apiContainerHostMachineInfo?.portOnHostMachine ?? 0);
      await expect(pollUntil('the restarted API container answering', Date.now() + 10_000, () => api.getServices({}, 1_000))).resolves.toEqual({ serviceIds: {} });
      api.close();
    } finally {
      next.client.close();
    }
  });

  it('leaves no half-made enclave when the engine is killed mid-CreateEnclave, once an engine starts again', async () => {
    const doomed = await EngineContainer.start();
    extraEngines.push(doomed.guid);
    const enclaveId = uniqueEnclaveId('engine-killed');
    created.add(enclaveId);
    // Killed the moment the enclave's network exists: before its volumes and API container. `--since`
    // replays what happened from just before the create, so a late subscription misses nothing.
    const since = String(Math.floor(Date.now() / 1000) - 1);
    // (Docker's network events carry no labels: they are filtered by the network's name, the enclave ID.)
    const events = spawn('docker', ['events', '--since', since, '--filter', 'type=network', '--filter', 'event=create', '--filter', `network=${enclaveId}`]);
    const networkCreated = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`No network of enclave '${enclaveId}' appeared within 30 s`)), 30_000);
      events.stdout.once('data', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    try {
      const create = doomed.client.createEnclave(engineApi.CreateEnclaveArgs.fromPartial({ enclaveId }), 30_000).catch((err: Error) => err);
      await networkCreated;
      execFileSync('docker', ['kill', doomed.containerId], { stdio: 'ignore' });
      expect(await create).toBeInstanceOf(Error);
    } finally {
      events.kill();
      doomed.client.close();
    }
    expect((await backend.getEngines()).find((e) => e.guid === doomed.guid)?.status).toBe('stopped');

    // A new engine reconciles before it is ready: the enclave is complete and usable, or gone.
    const next = await EngineContainer.start();
    extraEngines.push(next.guid);
    try {
      const info = (await next.client.getEnclaves({})).enclaveInfo[enclaveId];
      console.log(`engine killed mid-CreateEnclave: the enclave is ${info ? 'complete' : 'gone'} after the next engine's start`);
      if (info) {
        expect(info.apiContainerStatus).toBe(RUNNING);
        const api = apiContainerClient(info.apiContainerHostMachineInfo?.portOnHostMachine ?? 0);
        await expect(api.getServices({})).resolves.toEqual({ serviceIds: {} });
        api.close();
      } else {
        expect(dockerObjectsOfEnclave(enclaveId)).toEqual({ containers: [], networks: [], volumes: [] });
      }
    } finally {
      next.client.close();
    }
  });
});
