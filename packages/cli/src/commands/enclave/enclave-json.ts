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
    dataDirpathOnHost: info.enclaveDataDirpathOnHostMachine,
  };
}

export const ENCLAVE_HEAD = ['ENCLAVE ID', 'STATUS', 'API CONTAINER', 'API PORT (127.0.0.1)'];

export function enclaveRow(e: EnclaveJson): (string | number)[] {
  return [e.enclaveId, e.containersStatus, e.apiContainerStatus, e.apiContainerHostPort ?? '-'];
}
