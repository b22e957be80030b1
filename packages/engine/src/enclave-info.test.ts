import { engineApi } from '@kurtosis-ts/protos';
import { parseId, trustedId } from '@kurtosis-ts/domain';
import type { ServiceGuid } from '@kurtosis-ts/domain';
import type { ApiContainer, Enclave, EnclaveObject } from '@kurtosis-ts/container-backend';
import { apiContainerStatus, containersStatus, toEnclaveInfo } from './enclave-info';

const { EnclaveContainersStatus: C, EnclaveAPIContainerStatus: A } = engineApi;
const enclaveId = parseId('enclave', 'e');

const container = (status: EnclaveObject['status']): EnclaveObject => ({
  ref: { kind: 'user-service', enclaveId, guid: trustedId<ServiceGuid>('svc-1') },
  objectId: 'svc',
  status,
  displayName: 'n',
  platformId: `c-${status}`,
});

const enclave: Enclave = {
  id: enclaveId,
  subnet: '172.16.4.0/24',
  isPartitioningEnabled: false,
  creatorEngineGuid: '',
  sessionId: '',
  platform: { networkId: 'net-1', dataDirpathOnHost: '/var/lib/docker/volumes/kurtosis-enclave--e--data/_data' },
};

/** Published where the backend says: the engine takes the host from it, never assumes one. */
const HOST = '192.0.2.10';

const api = (status: ApiContainer['status'], publicPort?: number): ApiContainer => ({
  platformId: 'api-1',
  enclaveId,
  status,
  privateIp: '172.16.4.2',
  privatePort: 7443,
  ...(publicPort ? { publicAddress: { host: HOST, port: publicPort } } : {}),
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
  it("fills every field for a running enclave, host info where the backend publishes it", () => {
    expect(toEnclaveInfo(enclave, [container('running')], api('running', 40001))).toEqual({
      enclaveId: 'e',
      networkId: 'net-1',
      networkCidr: '172.16.4.0/24',
      containersStatus: C.EnclaveContainersStatus_RUNNING,
      apiContainerStatus: A.EnclaveAPIContainerStatus_RUNNING,
      apiContainerInfo: { containerId: 'api-1', ipInsideEnclave: '172.16.4.2', portInsideEnclave: 7443 },
      apiContainerHostMachineInfo: { ipOnHostMachine: HOST, portOnHostMachine: 40001 },
      enclaveDataDirpathOnHostMachine: enclave.platform.dataDirpathOnHost,
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
