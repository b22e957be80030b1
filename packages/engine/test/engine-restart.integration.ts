// The engine keeps no state of its own: killed and restarted, it reports the same enclaves and
// they stay usable.
import { engineApi } from '@kurtosis-ts/protos';
import { apiContainerClient, destroyEnclaves, EngineContainer, uniqueEnclaveId } from '@kurtosis-ts/server-test-kit';

describe('engine restart', () => {
  let engine: EngineContainer;
  const created = new Set<string>();

  beforeAll(async () => {
    engine = await EngineContainer.start();
  });

  afterAll(async () => {
    await destroyEnclaves(created);
    await engine?.stop();
  });

  it('reports the same enclaves after a kill and restart, and they still work', async () => {
    const running = uniqueEnclaveId('restart-running');
    const stopped = uniqueEnclaveId('restart-stopped');
    created.add(running).add(stopped);
    await engine.client.createEnclave(engineApi.CreateEnclaveArgs.fromPartial({ enclaveId: running }));
    await engine.client.createEnclave(engineApi.CreateEnclaveArgs.fromPartial({ enclaveId: stopped, isPartitioningEnabled: true }));
    await engine.client.stopEnclave({ enclaveId: stopped });
    const ours = (all: Record<string, engineApi.EnclaveInfo>) => ({ [running]: all[running], [stopped]: all[stopped] });
    const before = ours((await engine.client.getEnclaves({})).enclaveInfo);

    await engine.killAndRestart();

    const after = ours((await engine.client.getEnclaves({})).enclaveInfo);
    expect(after).toEqual(before);

    const api = apiContainerClient(after[running].apiContainerHostMachineInfo?.portOnHostMachine ?? 0);
    await expect(api.registerService({ serviceId: 'after-restart', partitionId: '' })).resolves.toMatchObject({
      relativeServiceDirpath: expect.stringMatching(/^services\/after-restart-/),
    });
    api.close();

    await engine.client.destroyEnclave({ enclaveId: stopped });
    expect((await engine.client.getEnclaves({})).enclaveInfo[stopped]).toBeUndefined();
  });
});
