// Builds the EnclaveInfo of wire-protocol.md from what the backend reads back from Docker. Pure.
import { engineApi } from '@kurtosis-ts/protos';
import type { ApiContainer, Enclave, EnclaveContainer } from '@kurtosis-ts/container-backend';

const { EnclaveContainersStatus, EnclaveAPIContainerStatus } = engineApi;

/** EMPTY without containers, RUNNING when any container runs (a paused one counts), else STOPPED. */
export function containersStatus(containers: readonly EnclaveContainer[]): engineApi.EnclaveContainersStatus {
  if (containers.length === 0) return EnclaveContainersStatus.EnclaveContainersStatus_EMPTY;
  return containers.some((c) => c.status !== 'stopped')
    ? EnclaveContainersStatus.EnclaveContainersStatus_RUNNING
    : EnclaveContainersStatus.EnclaveContainersStatus_STOPPED;
}

export function apiContainerStatus(apiContainer: ApiContainer | undefined): engineApi.EnclaveAPIContainerStatus {
  if (!apiContainer) return EnclaveAPIContainerStatus.EnclaveAPIContainerStatus_NONEXISTENT;
  return apiContainer.status === 'running'
    ? EnclaveAPIContainerStatus.EnclaveAPIContainerStatus_RUNNING
    : EnclaveAPIContainerStatus.EnclaveAPIContainerStatus_STOPPED;
}

export function toEnclaveInfo(
  enclave: Enclave,
  containers: readonly EnclaveContainer[],
  apiContainer: ApiContainer | undefined,
): engineApi.EnclaveInfo {
  const apiStatus = apiContainerStatus(apiContainer);
  const running = apiStatus === EnclaveAPIContainerStatus.EnclaveAPIContainerStatus_RUNNING;
  return {
    enclaveId: enclave.id,
    networkId: enclave.networkId,
    networkCidr: enclave.subnet,
    containersStatus: containersStatus(containers),
    apiContainerStatus: apiStatus,
    apiContainerInfo: apiContainer
      ? { containerId: apiContainer.containerId, ipInsideEnclave: apiContainer.privateIp, portInsideEnclave: apiContainer.privatePort }
      : undefined,
    apiContainerHostMachineInfo:
      running && apiContainer?.publicPort
        ? { ipOnHostMachine: '127.0.0.1', portOnHostMachine: apiContainer.publicPort }
        : undefined,
    enclaveDataDirpathOnHostMachine: enclave.dataDirpathOnHost,
  };
}
