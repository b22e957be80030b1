// After the Docker daemon restarts, `kurtosis engine start` brings the engine back and an enclave that
// was running is usable again: API container answering, services running at the IPs they had,
// partitions enforced, its module running again (without its in-memory state).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { apiContainerApi, ENGINE_PORT, engineApi } from '@kurtosis-ts/protos';
import {
  apiContainerClient,
  destroyEnclaves,
  engineClient,
  TEST_SERVICE_PORT,
  TestModuleImage,
  TestServiceImage,
  uniqueEnclaveId,
  workspaceRoot,
} from '@kurtosis-ts/server-test-kit';
import type { ApiContainerClient, EngineClient } from '@kurtosis-ts/server-test-kit';

const ROOT = workspaceRoot();
const ENCLAVE_ID = uniqueEnclaveId('daemon-restart');
const USABLE_AGAIN_WITHIN_MS = 120_000;

function kurtosis(...args: string[]): string {
  return execFileSync('node', [path.join(ROOT, 'packages/cli/bin/kurtosis.cjs'), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

async function until<T>(what: string, deadlineMs: number, attempt: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await attempt();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what} did not happen within ${deadlineMs} ms${last ? `; last error: ${(last as Error).message}` : ''}`);
}

/** SIGTERM to dockerd (it stops every container on its way down), then start it again as CI does. */
async function restartDockerDaemon(): Promise<void> {
  const pid = Number(execFileSync('pidof', ['dockerd'], { encoding: 'utf8' }).trim().split(/\s+/)[0]);
  process.kill(pid, 'SIGTERM');
  await until('dockerd exiting', 90_000, async () => (existsSync(`/proc/${pid}`) ? undefined : true));
  execFileSync('bash', [path.join(ROOT, 'tools/docker/ensure-engine.sh')], { stdio: 'inherit' });
}

describe('an enclave after the Docker daemon restarted', () => {
  let serviceImage: TestServiceImage;
  let moduleImage: TestModuleImage;
  let engine: EngineClient;
  let api: ApiContainerClient;

  beforeAll(() => {
    serviceImage = TestServiceImage.build('daemon-restart-service');
    moduleImage = TestModuleImage.build('daemon-restart-module');
  });

  afterAll(async () => {
    api?.close();
    engine?.close();
    await destroyEnclaves([ENCLAVE_ID]).catch(() => undefined);
    kurtosis('engine', 'stop');
    serviceImage?.remove();
    moduleImage?.remove();
  });

  async function connectToEnclave(): Promise<ApiContainerClient> {
    return until('the enclave API container answering', USABLE_AGAIN_WITHIN_MS, async () => {
      const info = (await engine.getEnclaves({}, 2_000)).enclaveInfo[ENCLAVE_ID];
      const port = info?.apiContainerHostMachineInfo?.portOnHostMachine;
      if (!port) return undefined;
      const client = apiContainerClient(port);
      try {
        await client.getServices({}, 2_000);
        return client;
      } catch (err) {
        client.close();
        throw err;
      }
    });
  }

  async function start(serviceId: string): Promise<void> {
    await api.startService(
      apiContainerApi.StartServiceArgs.fromPartial({
        serviceId,
        dockerImage: serviceImage.tag,
        privatePorts: { http: { number: TEST_SERVICE_PORT, protocol: apiContainerApi.Port_Protocol.TCP } },
      }),
    );
  }

  const probe = async (from: string, to: string) =>
    (await api.execCommand({ serviceId: from, commandArgs: ['node', '/app/server.js', 'probe', `http://${to}:${TEST_SERVICE_PORT}/health`, '1000'] })).logOutput.trim();
  const count = async () => JSON.parse((await api.executeModule({ moduleId: 'counter', serializedParams: '{"action":"count"}' })).serializedResult).count;
  const answersHealth = (serviceId: string) => until(`service '${serviceId}' answering`, 30_000, async () => ((await probe(serviceId, serviceId)) === '200 ok' ? true : undefined));

  it('comes back usable: API container, services at their IPs, partitions, module', async () => {
    kurtosis('engine', 'start');
    engine = engineClient(ENGINE_PORT);
    await engine.createEnclave(engineApi.CreateEnclaveArgs.fromPartial({ enclaveId: ENCLAVE_ID, isPartitioningEnabled: true }));
    api = await connectToEnclave();
    for (const [serviceId, partitionId] of [
      ['left', 'default'],
      ['right', 'default'],
    ]) {
      await api.registerService({ serviceId, partitionId });
      await start(serviceId);
      await answersHealth(serviceId);
    }
    await api.repartition({
      partitionServices: { west: { serviceIdSet: { left: true } }, east: { serviceIdSet: { right: true } } },
      partitionConnections: { west: { connectionInfo: { east: { packetLossPercentage: 100 } } } },
      defaultConnection: { packetLossPercentage: 0 },
    });
    expect(await probe('left', 'right')).toMatch(/^unreachable/);
    await api.loadModule({ moduleId: 'counter', containerImage: moduleImage.tag, serializedParams: '{}' });
    expect(await count()).toBe(1);
    const ipsBefore = await Promise.all(['left', 'right'].map(async (id) => (await api.getServiceInfo({ serviceId: id })).privateIpAddr));
    api.close();
    engine.close();

    await restartDockerDaemon();
    kurtosis('engine', 'start');
    engine = engineClient(ENGINE_PORT);
    api = await connectToEnclave();

    expect(await api.getServices({})).toEqual({ serviceIds: { left: true, right: true } });
    const ipsAfter = await Promise.all(['left', 'right'].map(async (id) => (await api.getServiceInfo({ serviceId: id })).privateIpAddr));
    expect(ipsAfter).toEqual(ipsBefore);
    await answersHealth('left');
    await answersHealth('right');
    expect(await probe('left', 'right')).toMatch(/^unreachable/);
    expect(await probe('right', 'left')).toMatch(/^unreachable/);
    // A service added now is partitioned as the topology says.
    await api.registerService({ serviceId: 'newcomer', partitionId: 'west' });
    await start('newcomer');
    await answersHealth('newcomer');
    expect(await probe('newcomer', 'left')).toBe('200 ok');
    expect(await probe('newcomer', 'right')).toMatch(/^unreachable/);
    // The module runs again; its counter started over, as a restarted process's memory does.
    expect(await until('the module answering', 30_000, count)).toBe(1);
  });
});
