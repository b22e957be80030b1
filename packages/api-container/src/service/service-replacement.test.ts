// ServiceReplacement against the in-memory backend: the recorded configuration, a replacement that
// keeps the service's identity, validation before anything stops, and every rollback path.
import { DomainError, internal, notFound, SerialQueue } from '@kurtosis-ts/domain';
import type { ServiceGuid } from '@kurtosis-ts/domain';
import { apiContainerApi, serviceConfigApi } from '@kurtosis-ts/protos';
import { PartitionEnforcer } from '../partition/partition-enforcer';
import { PartitionTopology } from '../partition/partition-topology';
import { ServiceNetwork } from './service-network';
import type { Partitioning } from './service-network';
import { ServiceRegistry } from './service-registry';
import { ServiceReplacement } from './service-replacement';
import { inMemoryEnclave, silentLog } from '../../test/support/in-memory-enclave';
import type { InMemoryEnclave } from '../../test/support/in-memory-enclave';

const TCP = apiContainerApi.Port_Protocol.TCP;
const WIRE_TCP = serviceConfigApi.PortProtocol.PORT_PROTOCOL_TCP;

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

interface Fixture extends InMemoryEnclave {
  network: ServiceNetwork;
  registry: ServiceRegistry;
  replacement: ServiceReplacement;
  persisted: jest.Mock;
}

async function fixture(options: { partitioned?: boolean; missingImages?: string[] } = {}): Promise<Fixture> {
  const enclave = await inMemoryEnclave(options);
  const { backend, enclaveId } = enclave;
  const registry = new ServiceRegistry();
  let partitioning: Partitioning | undefined;
  if (options.partitioned) {
    const topology = new PartitionTopology();
    const enforcer = new PartitionEnforcer({ backend, enclaveId, topology, ipOf: (id) => registry.ipOf(id), log: silentLog });
    if (!backend.partitioning) throw new Error('the in-memory backend partitions by default');
    partitioning = { topology, enforcer, sidecars: backend.partitioning, queue: new SerialQueue() };
  }
  const persisted = jest.fn(async () => undefined);
  const artifacts = {
    archiveOf: (id: string) => {
      if (id !== 'site') throw notFound(`Files artifact '${id}' is not registered in this enclave`);
      return `artifacts/${id}.tgz`;
    },
  };
  const network = new ServiceNetwork({ backend, enclaveId, registry, dataDir: enclave.dataDir, log: silentLog, artifacts, partitioning, persist: persisted });
  const replacement = new ServiceReplacement({ backend, enclaveId, registry, log: silentLog, artifacts, partitioning, persist: persisted });
  return { ...enclave, network, registry, replacement, persisted };
}

async function startDb(fx: Fixture, fields: Partial<apiContainerApi.StartServiceArgs> = {}) {
  await fx.network.registerService({ serviceId: 'db', partitionId: '' });
  await fx.network.startService(
    apiContainerApi.StartServiceArgs.fromPartial({
      serviceId: 'db',
      dockerImage: 'db:1',
      privatePorts: { grpc: { number: 1323, protocol: TCP } },
      cmdArgs: ['serve'],
      dockerEnvVars: { MODE: 'fast' },
      enclaveDataDirMntDirpath: '/data',
      filesArtifactMountDirpaths: { site: '/site' },
      ...fields,
    }),
  );
  return fx.registry.getStarted('db');
}

function currentConfig(fx: Fixture): serviceConfigApi.ServiceConfig {
  const { config } = fx.replacement.getServiceConfig('db');
  if (!config) throw new Error('GetServiceConfig answered no config');
  return config;
}

function recorded(fx: Fixture) {
  const { config } = fx.registry.getStarted('db');
  if (!config) throw new Error('no configuration was recorded');
  return config;
}

const processOf = (fx: Fixture, guid: ServiceGuid) => fx.backend.inspect({ kind: 'user-service', enclaveId: fx.enclaveId, guid });

describe('ServiceReplacement', () => {
  let fx: Fixture;
  afterEach(() => fx?.cleanUp());

  it('reads back what StartService was given, with the partition and IP', async () => {
    fx = await fixture();
    const record = await startDb(fx);
    expect(fx.replacement.getServiceConfig('db')).toEqual({
      config: {
        dockerImage: 'db:1',
        privatePorts: { grpc: { number: 1323, protocol: WIRE_TCP } },
        entrypointArgs: [],
        cmdArgs: ['serve'],
        dockerEnvVars: { MODE: 'fast' },
        enclaveDataDirMntDirpath: '/data',
        filesArtifactMountDirpaths: { site: '/site' },
      },
      partitionId: 'default',
      privateIpAddr: record.privateIp,
    });
    expect(fx.registry.configs()['db']).toMatchObject({ guid: record.guid, config: { image: 'db:1' } });
  });

  it('is FAILED_PRECONDITION for a service not started and NOT_FOUND for an unknown one', async () => {
    fx = await fixture();
    await fx.network.registerService({ serviceId: 'idle', partitionId: '' });
    expect(() => fx.replacement.getServiceConfig('idle')).toThrow(expect.objectContaining({ kind: 'precondition' }));
    expect(() => fx.replacement.getServiceConfig('ghost')).toThrow(expect.objectContaining({ kind: 'not-found' }));
  });

  it('replaces the container with one of the new configuration: same GUID, IP and ID, recorded and persisted', async () => {
    fx = await fixture();
    const before = await startDb(fx);
    const config = currentConfig(fx);
    fx.persisted.mockClear();
    const answer = await fx.replacement.replaceService({ serviceId: 'db', stopTimeoutSeconds: 1, config: { ...config, dockerImage: 'db:2', dockerEnvVars: { MODE: 'safe' } } });
    const after = fx.registry.getStarted('db');
    expect(after.guid).toBe(before.guid);
    expect(answer.privateIpAddr).toBe(before.privateIp);
    expect(answer.publicPorts['grpc']?.number).toBeGreaterThan(0);
    const process = processOf(fx, after.guid);
    expect(process?.status).toBe('running');
    expect(process?.spec).toMatchObject({ image: 'db:2', env: { MODE: 'safe' }, cmd: ['serve'], privateIp: before.privateIp, mounts: { '/data': 'enclave data', '/site': 'files artifact site' } });
    expect(fx.replacement.getServiceConfig('db').config?.dockerImage).toBe('db:2');
    expect(fx.persisted).toHaveBeenCalled();
    expect((await fx.backend.getUserServices(fx.enclaveId)).filter((s) => s.serviceId === 'db')).toHaveLength(1);
  });

  it('clears a stop or pause made on purpose: the replaced service runs', async () => {
    fx = await fixture();
    await startDb(fx);
    fx.registry.setIntent('db', 'stopped');
    const config = currentConfig(fx);
    await fx.replacement.replaceService({ serviceId: 'db', stopTimeoutSeconds: 0, config });
    expect(fx.registry.serviceIntents()).toEqual({});
  });

  it('validates the new configuration as StartService does, before the old container stops', async () => {
    fx = await fixture();
    const { guid } = await startDb(fx);
    const config = currentConfig(fx);
    const cases: [Partial<serviceConfigApi.ServiceConfig>, RegExp][] = [
      [{ dockerImage: ' ' }, /docker_image/],
      [{ privatePorts: { grpc: { number: 70000, protocol: WIRE_TCP } } }, /not a port number/],
      [{ privatePorts: { grpc: { number: 1, protocol: 7 as serviceConfigApi.PortProtocol } } }, /protocol/],
      [{ dockerEnvVars: { 'A=B': '1' } }, /environment variable name/],
      [{ enclaveDataDirMntDirpath: 'relative' }, /enclave_data_dir_mnt_dirpath/],
      [{ cmdArgs: ['x'.repeat(200_000)] }, /cmd_args/],
    ];
    for (const [change, message] of cases) {
      const err = await failure(fx.replacement.replaceService({ serviceId: 'db', stopTimeoutSeconds: 0, config: { ...config, ...change } }));
      expect(err.kind).toBe('invalid');
      expect(err.message).toMatch(message);
    }
    expect((await failure(fx.replacement.replaceService({ serviceId: 'db', stopTimeoutSeconds: 0, config: undefined }))).message).toMatch(/config is missing/);
    expect((await failure(fx.replacement.replaceService({ serviceId: 'db', stopTimeoutSeconds: 601, config }))).message).toMatch(/stop_timeout_seconds/);
    expect((await failure(fx.replacement.replaceService({ serviceId: 'db', stopTimeoutSeconds: 0, config: { ...config, filesArtifactMountDirpaths: { nope: '/x' } } }))).kind).toBe('not-found');
    expect(processOf(fx, guid)?.spec.image).toBe('db:1');
    expect(processOf(fx, guid)?.status).toBe('running');
  });

  it('leaves the old container running when the new image is missing', async () => {
    fx = await fixture({ missingImages: ['db:missing'] });
    const { guid } = await startDb(fx);
    const config = currentConfig(fx);
    const err = await failure(fx.replacement.replaceService({ serviceId: 'db', stopTimeoutSeconds: 0, config: { ...config, dockerImage: 'db:missing' } }));
    expect(err.kind).toBe('not-found');
    expect(processOf(fx, guid)?.status).toBe('running');
    expect(processOf(fx, guid)?.spec.image).toBe('db:1');
  });

  it('starts the old configuration again when the new container fails to start, and says so', async () => {
    fx = await fixture();
    const { guid, privateIp } = await startDb(fx);
    const config = currentConfig(fx);
    fx.backend.failNext('startService', new DomainError('precondition', "entrypoint 'nope' not found in the image"));
    const err = await failure(fx.replacement.replaceService({ serviceId: 'db', stopTimeoutSeconds: 0, config: { ...config, dockerImage: 'db:2', entrypointArgs: ['nope'] } }));
    expect(err.kind).toBe('precondition');
    expect(err.message).toMatch(/Replacing service 'db' failed, the old configuration runs again: entrypoint 'nope'/);
    const process = processOf(fx, guid);
    expect(process?.status).toBe('running');
    expect(process?.spec).toMatchObject({ image: 'db:1', privateIp });
    expect(fx.replacement.getServiceConfig('db').config?.dockerImage).toBe('db:1');
  });

  it('is INTERNAL, naming both failures, when the old configuration cannot be started again either', async () => {
    fx = await fixture();
    await startDb(fx);
    const config = currentConfig(fx);
    fx.backend.failNext('startService', internal('disk full'), { times: 2 });
    const err = await failure(fx.replacement.replaceService({ serviceId: 'db', stopTimeoutSeconds: 0, config: { ...config, dockerImage: 'db:2' } }));
    expect(err.kind).toBe('internal');
    expect(err.message).toMatch(/starting its old configuration again failed too \(disk full\).*: disk full/);
    // It can be replaced again once the platform works.
    await fx.replacement.replaceService({ serviceId: 'db', stopTimeoutSeconds: 0, config });
    expect(fx.registry.getStarted('db').config?.image).toBe('db:1');
  });

  it('keeps the old container when it cannot be stopped and removed', async () => {
    fx = await fixture();
    const { guid } = await startDb(fx);
    const config = currentConfig(fx);
    fx.backend.failNext('removeServiceProcess', new DomainError('unavailable', 'Docker is not answering'));
    expect((await failure(fx.replacement.replaceService({ serviceId: 'db', stopTimeoutSeconds: 0, config: { ...config, dockerImage: 'db:2' } }))).kind).toBe('unavailable');
    expect(processOf(fx, guid)?.spec.image).toBe('db:1');
    expect(fx.registry.getStarted('db').config?.image).toBe('db:1');
  });

  it('refuses a second replacement of a service while one runs', async () => {
    fx = await fixture();
    await startDb(fx);
    const config = currentConfig(fx);
    const first = fx.replacement.replaceService({ serviceId: 'db', stopTimeoutSeconds: 0, config: { ...config, dockerImage: 'db:2' } });
    const second = await failure(fx.replacement.replaceService({ serviceId: 'db', stopTimeoutSeconds: 0, config: { ...config, dockerImage: 'db:3' } }));
    expect(second.message).toMatch(/being replaced already/);
    await first;
    expect(fx.registry.getStarted('db').config?.image).toBe('db:2');
  });

  it('in a partitioned enclave keeps the sidecar (IP, rules, partition) and refuses port changes', async () => {
    fx = await fixture({ partitioned: true });
    const { guid, privateIp } = await startDb(fx);
    const sidecar = { kind: 'networking-sidecar' as const, enclaveId: fx.enclaveId, guid };
    const sidecarBefore = fx.backend.inspect(sidecar);
    const { partitionId } = fx.replacement.getServiceConfig('db');
    const config = currentConfig(fx);
    expect(partitionId).toBe('default');
    const err = await failure(fx.replacement.replaceService({ serviceId: 'db', stopTimeoutSeconds: 0, config: { ...config, privatePorts: { grpc: { number: 1324, protocol: WIRE_TCP } } } }));
    expect(err.kind).toBe('precondition');
    expect(err.message).toMatch(/ports cannot change in a partitioned enclave/);
    await fx.replacement.replaceService({ serviceId: 'db', stopTimeoutSeconds: 0, config: { ...config, dockerImage: 'db:2' } });
    expect(fx.backend.inspect(sidecar)).toBe(sidecarBefore);
    expect(fx.backend.inspect(sidecar)?.status).toBe('running');
    const process = processOf(fx, guid);
    expect(process?.joinedSidecar).toBe(true);
    expect(process?.spec).toMatchObject({ image: 'db:2', privateIp });
  });

  it('refuses a service whose configuration an older API container never recorded', async () => {
    fx = await fixture();
    const { guid } = await startDb(fx);
    const [started] = await fx.backend.getUserServices(fx.enclaveId);
    const restored = new ServiceRegistry([started], [], {}, { db: { guid: 'another-guid', config: recorded(fx) } });
    const replacement = new ServiceReplacement({ backend: fx.backend, enclaveId: fx.enclaveId, registry: restored, log: silentLog, artifacts: { archiveOf: (id) => id } });
    expect(() => replacement.getServiceConfig('db')).toThrow(/did not record service configurations/);
    const kept = new ServiceRegistry([started], [], {}, fx.registry.configs());
    expect(kept.getStarted('db').config?.image).toBe('db:1');
    expect(kept.getStarted('db').guid).toBe(guid);
  });
});
