// Builds the EnclaveInfo of the engine protocol (docs/protocol.md) from what the backend reports:
// statuses from its objects, addresses it resolved, and the opaque platform names the protocol
// reports (network_id, the API container's ID, where the data lives on the host). Pure.
import { engineApi } from '@kurtosis-ts/protos';
import type { ApiContainer, Enclave, EnclaveObject } from '@kurtosis-ts/container-backend';

const { EnclaveContainersStatus, EnclaveAPIContainerStatus } = engineApi;

/** EMPTY without processes, RUNNING when any runs (a paused one counts), else STOPPED. */
export function containersStatus(objects: readonly Pick<EnclaveObject, 'status'>[]): engineApi.EnclaveContainersStatus {
  if (objects.length === 0) return EnclaveContainersStatus.EnclaveContainersStatus_EMPTY;
  return objects.some((o) => o.status !== 'stopped')
    ? EnclaveContainersStatus.EnclaveContainersStatus_RUNNING
    : EnclaveContainersStatus.EnclaveContainersStatus_STOPPED;
}

export function apiContainerStatus(apiContainer: ApiContainer | undefined): engineApi.EnclaveAPIContainerStatus {
  if (!apiContainer) return EnclaveAPIContainerStatus.EnclaveAPIContainerStatus_NONEXISTENT;
  return apiContainer.status === 'running'
    ? EnclaveAPIContainerStatus.EnclaveAPIContainerStatus_RUNNING
    : EnclaveAPIContainerStatus.EnclaveAPIContainerStatus_STOPPED;
}

export function toEnclaveInfo(enclave: Enclave, objects: readonly EnclaveObject[], apiContainer: ApiContainer | undefined): engineApi.EnclaveInfo {
  const apiStatus = apiContainerStatus(apiContainer);
  const running = apiStatus === EnclaveAPIContainerStatus.EnclaveAPIContainerStatus_RUNNING;
  const publicAddress = running ? apiContainer?.publicAddress : undefined;
  return {
    enclaveId: enclave.id,
    networkId: enclave.platform.networkId,
    networkCidr: enclave.subnet,
    containersStatus: containersStatus(objects),
    apiContainerStatus: apiStatus,
    apiContainerInfo: apiContainer
      ? { containerId: apiContainer.platformId, ipInsideEnclave: apiContainer.privateIp, portInsideEnclave: apiContainer.privatePort }
      : undefined,
    apiContainerHostMachineInfo: publicAddress ? { ipOnHostMachine: publicAddress.host, portOnHostMachine: publicAddress.port } : undefined,
    enclaveDataDirpathOnHostMachine: enclave.platform.dataDirpathOnHost,
  };
}
