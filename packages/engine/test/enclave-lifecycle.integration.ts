// The enclave lifecycle against the real engine image on the real Docker engine.
import { cidrsOverlap, parseCidr } from '@kurtosis-ts/domain';
import { engineApi } from '@kurtosis-ts/protos';
import {
  apiContainerClient,
  destroyEnclaves,
  dockerObjectsOfEnclave,
  EngineContainer,
  uniqueEnclaveId,
} from '@kurtosis-ts/server-test-kit';

const { EnclaveContainersStatus: Containers, EnclaveAPIContainerStatus: Api } = engineApi;

const createArgs = (enclaveId: string): engineApi.CreateEnclaveArgs =>
  engineApi.CreateEnclaveArgs.fromPartial({ enclaveId });

describe('enclave lifecycle', () => {
  let engine: EngineContainer;
  const created = new Set<string>();

  beforeAll(async () => {
    engine = await EngineContainer.start();
  });

  afterAll(async () => {
    await destroyEnclaves(created);
    await engine?.stop();
  });

  async function create(name: string): Promise<engineApi.EnclaveInfo> {
    const enclaveId = uniqueEnclaveId(name);
    created.add(enclaveId);
    const { enclaveInfo } = await engine.client.createEnclave(createArgs(enclaveId));
    if (!enclaveInfo) throw new Error('CreateEnclave answered without enclave_info');
    return enclaveInfo;
  }

  it('creates, lists, stops and destroys an enclave, leaving nothing behind', async () => {
    const info = await create('life');
    expect(info.containersStatus).toBe(Containers.EnclaveContainersStatus_RUNNING);
    expect(info.apiContainerStatus).toBe(Api.EnclaveAPIContainerStatus_RUNNING);
    expect(info.apiContainerInfo?.portInsideEnclave).toBe(7443);
    expect(info.apiContainerHostMachineInfo?.ipOnHostMachine).toBe('127.0.0.1');
    expect(info.enclaveDataDirpathOnHostMachine).toContain(info.enclaveId);
    // The API container sits at the subnet's second address.
    const subnet = parseCidr(info.networkCidr);
    expect(parseCidr(`${info.apiContainerInfo?.ipInsideEnclave}/32`).base).toBe(subnet.base + 2);

    // The API container answers on its loopback port.
    const api = apiContainerClient(info.apiContainerHostMachineInfo?.portOnHostMachine ?? 0);
    await expect(api.getServices({})).resolves.toEqual({ serviceIds: {} });
    api.close();

    const listed = (await engine.client.getEnclaves({})).enclaveInfo[info.enclaveId];
    expect(listed).toEqual(info);

    await engine.client.stopEnclave({ enclaveId: info.enclaveId });
    const stopped = (await engine.client.getEnclaves({})).enclaveInfo[info.enclaveId];
    expect(stopped.containersStatus).toBe(Containers.EnclaveContainersStatus_STOPPED);
    expect(stopped.apiContainerStatus).toBe(Api.EnclaveAPIContainerStatus_STOPPED);
    expect(stopped.apiContainerHostMachineInfo).toBeUndefined();
    expect(stopped.apiContainerInfo?.containerId).toBe(info.apiContainerInfo?.containerId);

    await engine.client.destroyEnclave({ enclaveId: info.enclaveId });
    expect((await engine.client.getEnclaves({})).enclaveInfo[info.enclaveId]).toBeUndefined();
    expect(dockerObjectsOfEnclave(info.enclaveId)).toEqual({ containers: [], networks: [], volumes: [] });
  });

  it('cleans stopped enclaves only, then every enclave with should_clean_all', async () => {
    const running = await create('clean-running');
    const stopped = await create('clean-stopped');
    await engine.client.stopEnclave({ enclaveId: stopped.enclaveId });

    const first = await engine.client.clean({ shouldCleanAll: false });
    expect(first.removedEnclaveIds[stopped.enclaveId]).toBe(true);
    expect(first.removedEnclaveIds[running.enclaveId]).toBeUndefined();
    expect(dockerObjectsOfEnclave(stopped.enclaveId)).toEqual({ containers: [], networks: [], volumes: [] });
    expect((await engine.client.getEnclaves({})).enclaveInfo[running.enclaveId]?.containersStatus).toBe(
      Containers.EnclaveContainersStatus_RUNNING,
    );

    const second = await engine.client.clean({ shouldCleanAll: true });
    expect(second.removedEnclaveIds[running.enclaveId]).toBe(true);
    expect(dockerObjectsOfEnclave(running.enclaveId)).toEqual({ containers: [], networks: [], volumes: [] });
  });

  it('gives five concurrently created enclaves distinct, non-overlapping subnets', async () => {
    const infos = await Promise.all(['c1', 'c2', 'c3', 'c4', 'c5'].map((n) => create(`concurrent-${n}`)));
    expect(infos.every((i) => i.apiContainerStatus === Api.EnclaveAPIContainerStatus_RUNNING)).toBe(true);
    const subnets = infos.map((i) => parseCidr(i.networkCidr));
    for (let a = 0; a < subnets.length; a++) {
      for (let b = a + 1; b < subnets.length; b++) expect(cidrsOverlap(subnets[a], subnets[b])).toBe(false);
    }
    // Private ranges only.
    for (const i of infos) expect(i.networkCidr).toMatch(/^(172\.(1[6-9]|2\d|3[01])\.|192\.168\.)/);
    await Promise.all(infos.map((i) => engine.client.destroyEnclave({ enclaveId: i.enclaveId })));
    for (const i of infos) expect(dockerObjectsOfEnclave(i.enclaveId).networks).toEqual([]);
  });
});
