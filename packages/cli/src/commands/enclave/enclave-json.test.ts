import { engineApi } from '@kurtosis-ts/engine-client';
import { ENCLAVE_HEAD, enclaveJson, enclaveRow } from './enclave-json';

const info = (host?: { ipOnHostMachine: string; portOnHostMachine: number }): engineApi.EnclaveInfo =>
  engineApi.EnclaveInfo.fromPartial({
    enclaveId: 'e',
    containersStatus: engineApi.EnclaveContainersStatus.EnclaveContainersStatus_RUNNING,
    apiContainerStatus: engineApi.EnclaveAPIContainerStatus.EnclaveAPIContainerStatus_RUNNING,
    ...(host ? { apiContainerHostMachineInfo: host } : {}),
  });

describe('enclave rows', () => {
  it("shows the API container's address as the engine reports it, host included", () => {
    const json = enclaveJson(info({ ipOnHostMachine: '192.0.2.7', portOnHostMachine: 40123 }));
    expect(json).toMatchObject({ enclaveId: 'e', containersStatus: 'RUNNING', apiContainerStatus: 'RUNNING', apiContainerHost: '192.0.2.7', apiContainerHostPort: 40123 });
    expect(ENCLAVE_HEAD[3]).toBe('API ADDRESS');
    expect(enclaveRow(json)).toEqual(['e', 'RUNNING', 'RUNNING', '192.0.2.7:40123']);
  });

  it('shows a dash while the API container has no address', () => {
    const json = enclaveJson(info());
    expect(json).toMatchObject({ apiContainerHost: null, apiContainerHostPort: null });
    expect(enclaveRow(json)[3]).toBe('-');
  });
});
