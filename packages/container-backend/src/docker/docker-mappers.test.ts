import type { ContainerInfo, ContainerInspectInfo, NetworkInspectInfo } from './client/docker-types';
import {
  dockerTimeMs,
  gatewayOf,
  refOf,
  runtimeStatus,
  servicesInEnclave,
  toApiContainer,
  toEnclave,
  toEnclaveObject,
  toEngine,
  toExternalContainer,
  toModule,
  toNetworkingSidecar,
  toRuntimeEvent,
  toRuntimeState,
} from './docker-mappers';
import { APP_ID, LABEL_KEYS } from './labels';

const ID = 'abcdef0123456789'.repeat(4);

/** A listed container as Docker describes it, with our labels for `type` in enclave 'e'. */
function listed(type: string, labels: Record<string, string> = {}, fields: Partial<ContainerInfo> = {}): ContainerInfo {
  return {
    Id: ID,
    Names: ['/e--web-1'],
    Image: 'img:1',
    ImageID: 'sha256:x',
    Command: '',
    Created: 0,
    Ports: [],
    Labels: { [LABEL_KEYS.appId]: APP_ID, [LABEL_KEYS.enclaveId]: 'e', [LABEL_KEYS.containerType]: type, ...labels },
    State: 'running',
    Status: 'Up',
    HostConfig: { NetworkMode: 'e' },
    NetworkSettings: { Networks: {} },
    Mounts: [],
    ...fields,
  } as ContainerInfo;
}

const published = (privatePort: number, publicPort: number, type = 'tcp', ip = '127.0.0.1') => ({ IP: ip, PrivatePort: privatePort, PublicPort: publicPort, Type: type });

describe('runtimeStatus and times', () => {
  it.each([
    ['running', 'running'],
    ['restarting', 'running'],
    ['paused', 'paused'],
    ['exited', 'stopped'],
    ['created', 'stopped'],
    ['dead', 'stopped'],
  ])("reads Docker's %s as %s", (state, status) => {
    expect(runtimeStatus(state)).toBe(status);
  });

  it("reads Docker's times, and year 1 as never", () => {
    expect(dockerTimeMs('2026-12-01T07:40:00.123456789Z')).toBe(Date.parse('2026-12-01T07:40:00.123Z'));
    expect(dockerTimeMs('0001-01-01T00:00:00Z')).toBe(0);
    expect(dockerTimeMs(undefined)).toBe(0);
  });

  it('tells a container created but never started from one that ran', () => {
    const state = (Status: string, ExitCode = 0) =>
      ({ Status, ExitCode, StartedAt: '2026-12-01T07:40:00Z', FinishedAt: '0001-01-01T00:00:00Z', Paused: false }) as ContainerInspectInfo['State'];
    expect(toRuntimeState(state('created'))).toMatchObject({ status: 'stopped', neverStarted: true, finishedAtMs: 0 });
    expect(toRuntimeState(state('exited', 137))).toMatchObject({ status: 'stopped', exitCode: 137, neverStarted: false, startedAtMs: Date.parse('2026-12-01T07:40:00Z') });
  });
});

describe('refOf', () => {
  it.each([
    ['api-container', {}, { kind: 'api-container', enclaveId: 'e' }],
    ['user-service', { [LABEL_KEYS.guid]: 'web-1' }, { kind: 'user-service', enclaveId: 'e', guid: 'web-1' }],
    ['networking-sidecar', { [LABEL_KEYS.guid]: 'web-1' }, { kind: 'networking-sidecar', enclaveId: 'e', guid: 'web-1' }],
    ['module', { [LABEL_KEYS.guid]: 'army-2' }, { kind: 'module', enclaveId: 'e', guid: 'army-2' }],
    ['files-artifact-expander', { [LABEL_KEYS.guid]: 'web-1', [LABEL_KEYS.id]: 'site' }, { kind: 'files-artifact-expander', enclaveId: 'e', guid: 'web-1', artifactId: 'site' }],
  ])('names a %s by its identity', (type, labels, ref) => {
    expect(refOf(listed(type, labels).Labels, ID)).toEqual(ref);
  });

  it("names an engine by its container ID's first 12 characters (its hostname)", () => {
    expect(refOf({ [LABEL_KEYS.containerType]: 'kurtosis-engine' }, ID)).toEqual({ kind: 'engine', guid: ID.slice(0, 12) });
  });

  it('names nothing that is not ours', () => {
    expect(refOf({}, ID)).toBeUndefined();
    expect(refOf({ [LABEL_KEYS.containerType]: 'user-service' }, ID)).toBeUndefined();
  });
});

describe('toEngine and toApiContainer', () => {
  it('gives a running engine its loopback address', () => {
    const engine = toEngine(listed('kurtosis-engine', { [LABEL_KEYS.id]: '0.1.0' }, { Ports: [published(9710, 9710)] }));
    expect(engine).toEqual({ guid: ID.slice(0, 12), status: 'running', version: '0.1.0', publicAddress: { host: '127.0.0.1', port: 9710 } });
  });

  it('gives a stopped one no address', () => {
    expect(toEngine(listed('kurtosis-engine', {}, { State: 'exited', Ports: [published(9710, 9710)] }))).not.toHaveProperty('publicAddress');
  });

  it('reads an API container from its labels, ignoring ports published elsewhere than loopback', () => {
    const labels = { [LABEL_KEYS.privateIp]: '172.16.0.2', [LABEL_KEYS.ports]: 'api:7443/tcp' };
    expect(toApiContainer(listed('api-container', labels, { Ports: [published(7443, 0), published(7443, 40001)] }))).toEqual({
      enclaveId: 'e',
      status: 'running',
      privateIp: '172.16.0.2',
      privatePort: 7443,
      publicAddress: { host: '127.0.0.1', port: 40001 },
      platformId: ID,
    });
    expect(toApiContainer(listed('api-container', labels, { Ports: [published(7443, 40001, 'tcp', '0.0.0.0')] }))).not.toHaveProperty('publicAddress');
  });
});

describe('services', () => {
  const labels = { [LABEL_KEYS.id]: 'web', [LABEL_KEYS.guid]: 'web-1', [LABEL_KEYS.privateIp]: '172.16.0.3', [LABEL_KEYS.ports]: 'http:8080/tcp,dns:53/udp' };
  const attached = { NetworkSettings: { Networks: { e: {} } } } as unknown as Partial<ContainerInfo>;

  it('lists a service attached to the enclave network, with the ports it publishes', () => {
    const service = listed('user-service', labels, { ...attached, Ports: [published(8080, 40002), published(53, 40003, 'udp')] });
    expect(servicesInEnclave('e', [service], [])).toEqual([
      {
        enclaveId: 'e',
        serviceId: 'web',
        guid: 'web-1',
        privateIp: '172.16.0.3',
        status: 'running',
        privatePorts: { http: { number: 8080, protocol: 'tcp' }, dns: { number: 53, protocol: 'udp' } },
        publicHost: '127.0.0.1',
        publicPorts: { http: { number: 40002, protocol: 'tcp' }, dns: { number: 40003, protocol: 'udp' } },
        dataDirMountpoint: '',
      },
    ]);
  });

  it("lists a service in its sidecar's namespace with the sidecar's ports, and leaves out one removed", () => {
    const inSidecar = listed('user-service', labels);
    const sidecar = listed('networking-sidecar', { [LABEL_KEYS.guid]: 'web-1' }, { Ports: [published(8080, 40009)] });
    expect(servicesInEnclave('e', [inSidecar], [sidecar])[0].publicPorts).toEqual({ http: { number: 40009, protocol: 'tcp' } });
    // Detached, or its sidecar gone: removed.
    expect(servicesInEnclave('e', [inSidecar], [])).toEqual([]);
  });

  it('reads a sidecar', () => {
    expect(toNetworkingSidecar(listed('networking-sidecar', labels, { State: 'exited' }))).toEqual({
      enclaveId: 'e',
      serviceId: 'web',
      guid: 'web-1',
      privateIp: '172.16.0.3',
      status: 'stopped',
    });
  });
});

describe('toModule', () => {
  const labels = { [LABEL_KEYS.id]: 'army', [LABEL_KEYS.guid]: 'army-2', [LABEL_KEYS.privateIp]: '172.16.0.4', [LABEL_KEYS.ports]: 'grpc:1111/tcp' };

  it('reads a running module with its published port', () => {
    expect(toModule(listed('module', labels, { Ports: [published(1111, 40004)] }))).toEqual({
      enclaveId: 'e',
      moduleId: 'army',
      guid: 'army-2',
      privateIp: '172.16.0.4',
      image: 'img:1',
      status: 'running',
      privatePort: 1111,
      publicHost: '127.0.0.1',
      publicPort: 40004,
      platformId: ID,
    });
  });

  it('gives a dead module no public port', () => {
    expect(toModule(listed('module', labels, { State: 'exited', Ports: [published(1111, 40004)] }))).not.toHaveProperty('publicPort');
  });
});

describe('toEnclave and toEnclaveObject', () => {
  const network = {
    Id: 'net-1',
    Name: 'e',
    Labels: { [LABEL_KEYS.appId]: APP_ID, [LABEL_KEYS.enclaveId]: 'e', [LABEL_KEYS.partitioningEnabled]: 'true', [LABEL_KEYS.creatorEngineId]: 'abcdef012345' },
    IPAM: { Config: [{ Subnet: '172.16.7.0/24' }] },
  } as unknown as NetworkInspectInfo;

  it('reads an enclave from its network, with where its data lives on the host', () => {
    expect(toEnclave(network, new Map([['kurtosis-enclave--e--data', '/var/lib/docker/volumes/x/_data']]))).toEqual({
      id: 'e',
      isPartitioningEnabled: true,
      subnet: '172.16.7.0/24',
      creatorEngineGuid: 'abcdef012345',
      sessionId: '',
      platform: { networkId: 'net-1', dataDirpathOnHost: '/var/lib/docker/volumes/x/_data' },
    });
    expect(gatewayOf(network)).toBe('172.16.7.1');
  });

  it('reads the engine session that owns an enclave from its label', () => {
    const owned = { ...network, Labels: { ...network.Labels, [LABEL_KEYS.sessionId]: 'run_42.a' } } as NetworkInspectInfo;
    expect(toEnclave(owned, new Map())?.sessionId).toBe('run_42.a');
  });

  it('takes no network without an enclave label or a subnet for an enclave', () => {
    expect(toEnclave({ ...network, Labels: {} }, new Map())).toBeUndefined();
    expect(toEnclave({ ...network, IPAM: { Driver: 'default', Config: [] } } as unknown as NetworkInspectInfo, new Map())).toBeUndefined();
  });

  it('reads any container of an enclave as an object', () => {
    expect(toEnclaveObject(listed('files-artifact-expander', { [LABEL_KEYS.guid]: 'web-1', [LABEL_KEYS.id]: 'site' }, { State: 'created' }))).toEqual({
      ref: { kind: 'files-artifact-expander', enclaveId: 'e', guid: 'web-1', artifactId: 'site' },
      objectId: 'site',
      status: 'stopped',
      displayName: 'e--web-1',
      platformId: ID,
    });
    expect(toEnclaveObject(listed('kurtosis-engine'))).toBeUndefined();
  });
});

describe('toRuntimeEvent', () => {
  const line = (action: string, attributes: Record<string, string>) =>
    JSON.stringify({ Type: 'container', Action: action, Actor: { ID, Attributes: { image: 'x', name: 'n', ...attributes } }, timeNano: 1_700_000_000_123_456_000 });

  it('reads a death of an API container with its exit code', () => {
    expect(toRuntimeEvent(line('die', { exitCode: '137', [LABEL_KEYS.containerType]: 'api-container', [LABEL_KEYS.enclaveId]: 'e' }))).toEqual({
      ref: { kind: 'api-container', enclaveId: 'e' },
      action: 'die',
      exitCode: 137,
      timeMs: 1_700_000_000_123,
    });
  });

  it('reads a kill with its signal', () => {
    expect(toRuntimeEvent(line('kill', { signal: '9', [LABEL_KEYS.containerType]: 'module', [LABEL_KEYS.enclaveId]: 'e', [LABEL_KEYS.guid]: 'm-1' }))).toMatchObject({
      ref: { kind: 'module', guid: 'm-1' },
      signal: '9',
    });
  });

  it('drops what it does not watch, what is not ours and what is not JSON', () => {
    expect(toRuntimeEvent(line('exec_start', { [LABEL_KEYS.containerType]: 'api-container', [LABEL_KEYS.enclaveId]: 'e' }))).toBeUndefined();
    expect(toRuntimeEvent(line('die', {}))).toBeUndefined();
    expect(toRuntimeEvent('{not json')).toBeUndefined();
  });
});

describe('toExternalContainer', () => {
  const inspected = (labels: Record<string, string>, networks: Record<string, { IPAddress: string; NetworkID?: string }>) =>
    ({ Id: ID, Name: '/ext', Config: { Labels: labels }, NetworkSettings: { Networks: networks } }) as unknown as ContainerInspectInfo;

  it('finds its address on the enclave network', () => {
    expect(toExternalContainer(inspected({ other: 'y' }, { e: { IPAddress: '172.16.0.10', NetworkID: 'net-1' } }), { name: 'e', id: 'net-1' })).toEqual({
      platformId: ID,
      name: 'ext',
      isKurtosisObject: false,
      kurtosisKind: '',
      enclaveIp: '172.16.0.10',
    });
  });

  it('has no address on a network of the same name that was replaced', () => {
    expect(toExternalContainer(inspected({}, { e: { IPAddress: '172.16.0.10', NetworkID: 'old' } }), { name: 'e', id: 'net-1' })).not.toHaveProperty('enclaveIp');
  });

  it('knows our own containers by their labels', () => {
    const ours = toExternalContainer(inspected({ [LABEL_KEYS.appId]: APP_ID, [LABEL_KEYS.containerType]: 'api-container' }, {}), { name: 'e' });
    expect(ours).toMatchObject({ isKurtosisObject: true, kurtosisKind: 'api-container' });
  });
});
