// One engine and one enclave for a test file, torn down even when tests fail.
import { execFileSync } from 'node:child_process';
import { parseId } from '@kurtosis-ts/domain';
import { apiContainerApi, engineApi, SERVER_READY_MARKER } from '@kurtosis-ts/protos';
import { apiContainerClient, backend, destroyEnclaves, EngineContainer, TEST_SERVICE_PORT, uniqueEnclaveId } from '@kurtosis-ts/server-test-kit';
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

/** Starts a registered service from a TestServiceImage with its HTTP port, and waits until /health answers. */
export async function startHttpService(api: ApiContainerClient, serviceId: string, image: string, extra: Partial<apiContainerApi.StartServiceArgs> = {}): Promise<void> {
  await api.startService(
    apiContainerApi.StartServiceArgs.fromPartial({
      serviceId,
      dockerImage: image,
      privatePorts: { http: { number: TEST_SERVICE_PORT, protocol: apiContainerApi.Port_Protocol.TCP } },
      ...extra,
    }),
  );
  await api.waitForHttpGetEndpointAvailability(
    apiContainerApi.WaitForHttpGetEndpointAvailabilityArgs.fromPartial({ serviceId, port: TEST_SERVICE_PORT, path: 'health', retries: 50, retriesDelayMilliseconds: 100, bodyText: 'ok' }),
  );
}

/** What `from` gets for GET http://<to>:8080/health within a second: "200 ok", or "unreachable <code>". */
export async function probe(api: ApiContainerClient, from: string, to: string): Promise<string> {
  const { logOutput } = await api.execCommand({ serviceId: from, commandArgs: ['node', '/app/server.js', 'probe', `http://${to}:${TEST_SERVICE_PORT}/health`, '1000'] });
  return logOutput.trim();
}

/**
 * `docker kill` + `docker start` of an enclave's API container, waiting for its new ready line;
 * returns a client for its (possibly new) host port.
 */
export async function killAndStartApiContainer(engine: EngineContainer, enclaveId: string, apiContainerId: string): Promise<ApiContainerClient> {
  execFileSync('docker', ['kill', apiContainerId], { stdio: 'ignore' });
  const restartedAt = Date.now();
  execFileSync('docker', ['start', apiContainerId], { stdio: 'ignore' });
  await backend.waitForOutput({ kind: 'api-container', enclaveId: parseId('enclave', enclaveId) }, SERVER_READY_MARKER, 30_000, restartedAt);
  const info = (await engine.client.getEnclaves({})).enclaveInfo[enclaveId];
  return apiContainerClient(info.apiContainerHostMachineInfo?.portOnHostMachine ?? 0);
}
