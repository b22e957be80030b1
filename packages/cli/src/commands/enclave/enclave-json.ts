// An enclave as the engine describes it, in the CLI's JSON and table words. Pure.
import { engineApi } from '@kurtosis-ts/engine-client';

const containersStatus = (s: engineApi.EnclaveContainersStatus) => engineApi.enclaveContainersStatusToJSON(s).replace('EnclaveContainersStatus_', '');
const apiStatus = (s: engineApi.EnclaveAPIContainerStatus) => engineApi.enclaveAPIContainerStatusToJSON(s).replace('EnclaveAPIContainerStatus_', '');

export interface EnclaveJson {
  enclaveId: string;
  containersStatus: string;
  apiContainerStatus: string;
  networkId: string;
  networkCidr: string;
  apiContainerHostPort: number | null;
  /** Where host clients reach the API container, as the engine says ("" while it has no address). */
  apiContainerHost: string | null;
  dataDirpathOnHost: string;
}

export function enclaveJson(info: engineApi.EnclaveInfo): EnclaveJson {
  return {
    enclaveId: info.enclaveId,
    containersStatus: containersStatus(info.containersStatus),
    apiContainerStatus: apiStatus(info.apiContainerStatus),
    networkId: info.networkId,
    networkCidr: info.networkCidr,
    apiContainerHostPort: info.apiContainerHostMachineInfo?.portOnHostMachine ?? null,
    apiContainerHost: info.apiContainerHostMachineInfo?.ipOnHostMachine ?? null,
    dataDirpathOnHost: info.enclaveDataDirpathOnHostMachine,
  };
}

export const ENCLAVE_HEAD = ['ENCLAVE ID', 'STATUS', 'API CONTAINER', 'API ADDRESS'];

export function enclaveRow(e: EnclaveJson): (string | number)[] {
  return [e.enclaveId, e.containersStatus, e.apiContainerStatus, e.apiContainerHostPort === null ? '-' : `${e.apiContainerHost}:${e.apiContainerHostPort}`];
}
