import { engineApi } from '@kurtosis-ts/protos';
import type { ApiContainer, Enclave, EnclaveContainer } from '@kurtosis-ts/container-backend';
import { apiContainerStatus, containersStatus, toEnclaveInfo } from './enclave-info';

const { EnclaveContainersStatus: C, EnclaveAPIContainerStatus: A } = engineApi;

const container = (status: EnclaveContainer['status']): EnclaveContainer => ({
  containerId: `c-${status}`,
  name: 'n',
  enclaveId: 'e',
  containerType: 'user-service',
  status,
  objectId: 'svc',
  guid: 'svc-1',
});

const enclave: Enclave = {
  id: 'e',
  networkId: 'net-1',
  networkName: 'e',
  subnet: '172.16.4.0/24',
  gatewayIp: '172.16.4.1',
  isPartitioningEnabled: false,
  dataVolumeName: 'kurtosis-enclave--e--data',
  stateVolumeName: 'kurtosis-enclave--e--api-container-state',
  creatorEngineId: '',
  dataDirpathOnHost: '/var/lib/docker/volumes/kurtosis-enclave--e--data/_data',
};

const api = (status: ApiContainer['status'], publicPort?: number): ApiContainer => ({
  containerId: 'api-1',
  enclaveId: 'e',
  status,
  privateIp: '172.16.4.2',
  privatePort: 7443,
  publicPort,
});

describe('containersStatus', () => {
  it.each([
    ['no containers', [], C.EnclaveContainersStatus_EMPTY],
    ['one running', [container('stopped'), container('running')], C.EnclaveContainersStatus_RUNNING],
    ['a paused one counts as running', [container('paused')], C.EnclaveContainersStatus_RUNNING],
    ['all stopped', [container('stopped'), container('stopped')], C.EnclaveContainersStatus_STOPPED],
  ])('%s', (_name, containers, expected) => {
    expect(containersStatus(containers)).toBe(expected);
  });
});

describe('apiContainerStatus', () => {
  it.each([
    [undefined, A.EnclaveAPIContainerStatus_NONEXISTENT],
    [api('running', 40000), A.EnclaveAPIContainerStatus_RUNNING],
    [api('stopped'), A.EnclaveAPIContainerStatus_STOPPED],
    [api('paused'), A.EnclaveAPIContainerStatus_STOPPED],
  ])('%o', (apiContainer, expected) => {
    expect(apiContainerStatus(apiContainer)).toBe(expected);
  });
});

describe('toEnclaveInfo', () => {
  it('fills every field for a running enclave, host info on loopback', () => {
    expect(toEnclaveInfo(enclave, [container('running')], api('running', 40001))).toEqual({
      enclaveId: 'e',
      networkId: 'net-1',
      networkCidr: '172.16.4.0/24',
      containersStatus: C.EnclaveContainersStatus_RUNNING,
      apiContainerStatus: A.EnclaveAPIContainerStatus_RUNNING,
      apiContainerInfo: { containerId: 'api-1', ipInsideEnclave: '172.16.4.2', portInsideEnclave: 7443 },
      apiContainerHostMachineInfo: { ipOnHostMachine: '127.0.0.1', portOnHostMachine: 40001 },
      enclaveDataDirpathOnHostMachine: enclave.dataDirpathOnHost,
    });
  });

  it('leaves out host info unless the API container runs', () => {
    const info = toEnclaveInfo(enclave, [container('stopped')], api('stopped'));
    expect(info.apiContainerHostMachineInfo).toBeUndefined();
    expect(info.apiContainerInfo?.containerId).toBe('api-1');
  });

  it('leaves out both API container infos when there is none', () => {
    const info = toEnclaveInfo(enclave, [], undefined);
    expect(info.apiContainerInfo).toBeUndefined();
    expect(info.apiContainerHostMachineInfo).toBeUndefined();
    expect(info.containersStatus).toBe(C.EnclaveContainersStatus_EMPTY);
  });
});
