// One engine and one enclave for a test file, torn down even when tests fail.
import { engineApi } from '@kurtosis-ts/protos';
import { apiContainerClient, destroyEnclaves, EngineContainer, uniqueEnclaveId } from '@kurtosis-ts/server-test-kit';
import type { ApiContainerClient } from '@kurtosis-ts/server-test-kit';

export interface EnclaveFixture {
  engine: EngineContainer;
  enclaveId: string;
  info: engineApi.EnclaveInfo;
  api: ApiContainerClient;
}

export async function startEnclave(name: string, options: { isPartitioningEnabled?: boolean } = {}): Promise<EnclaveFixture> {
  const engine = await EngineContainer.start();
  const enclaveId = uniqueEnclaveId(name);
  try {
    const { enclaveInfo } = await engine.client.createEnclave(
      engineApi.CreateEnclaveArgs.fromPartial({ enclaveId, isPartitioningEnabled: options.isPartitioningEnabled ?? false }),
    );
    if (!enclaveInfo?.apiContainerHostMachineInfo) throw new Error(`Enclave ${enclaveId} has no reachable API container`);
    return { engine, enclaveId, info: enclaveInfo, api: apiContainerClient(enclaveInfo.apiContainerHostMachineInfo.portOnHostMachine) };
  } catch (err) {
    await destroyEnclaves([enclaveId]);
    await engine.stop();
    throw err;
  }
}

export async function stopEnclave(fixture: EnclaveFixture | undefined, name: string): Promise<void> {
  fixture?.api.close();
  await destroyEnclaves([uniqueEnclaveId(name)]);
  await fixture?.engine.stop();
}
