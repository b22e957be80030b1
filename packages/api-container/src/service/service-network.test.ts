// ServiceNetwork against the in-memory backend: what each call makes, what it answers, and that
// every failure leaves the enclave as it was (registrations, addresses, sidecars, rules).
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DomainError, isDomainError, notFound, SerialQueue } from '@kurtosis-ts/domain';
import { apiContainerApi } from '@kurtosis-ts/protos';
import { PartitionEnforcer } from '../partition/partition-enforcer';
import { PartitionTopology } from '../partition/partition-topology';
import { ExternalRegistrations } from '../trust/external-registrations';
import { ServiceNetwork } from './service-network';
import type { Partitioning } from './service-network';
import { ServiceRegistry } from './service-registry';
import { inMemoryEnclave, silentLog } from '../../test/support/in-memory-enclave';
import type { InMemoryEnclave } from '../../test/support/in-memory-enclave';

const TCP = apiContainerApi.Port_Protocol.TCP;
const start = (serviceId: string, fields: Partial<apiContainerApi.StartServiceArgs> = {}) =>
  apiContainerApi.StartServiceArgs.fromPartial({ serviceId, dockerImage: 'web:1', privatePorts: { http: { number: 8080, protocol: TCP } }, ...fields });

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
  partitioning?: Partitioning;
  externals: ExternalRegistrations;
  persisted: jest.Mock;
  now: { ms: number };
}

async function fixture(options: { partitioned?: boolean; missingImages?: string[] } = {}): Promise<Fixture> {
  const enclave = await inMemoryEnclave({ partitioned: options.partitioned, missingImages: options.missingImages });
  const { backend, enclaveId } = enclave;
  const registry = new ServiceRegistry();
  let partitioning: Partitioning | undefined;
  if (options.partitioned) {
    const topology = new PartitionTopology();
    const enforcer = new PartitionEnforcer({ backend, enclaveId, topology, ipOf: (id) => registry.ipOf(id), log: silentLog });
    if (!backend.partitioning) throw new Error('the in-memory backend partitions by default');
    partitioning = { topology, enforcer, sidecars: backend.partitioning, queue: new SerialQueue() };
  }
  const now = { ms: 1_000_000 };
  const externals = new ExternalRegistrations([], { now: () => now.ms, maxOutstanding: 3 });
  const persisted = jest.fn(async () => undefined);
  const artifacts = {
    archiveOf: (id: string) => {
      if (id !== 'site') throw notFound(`Files artifact '${id}' is not registered in this enclave`);
      return `artifacts/${id}.tgz`;
    },
  };
  const network = new ServiceNetwork({ backend, enclaveId, registry, dataDir: enclave.dataDir, log: silentLog, artifacts, partitioning, persist: persisted, externals });
  return { ...enclave, network, registry, partitioning, externals, persisted, now };
}

describe('ServiceNetwork', () => {
  let fx: Fixture;
  afterEach(() => fx?.cleanUp());

  describe('registerService', () => {
    beforeEach(async () => (fx = await fixture()));

    it('answers the address the backend handed out, makes the service directory and persists', async () => {
      const answer = await fx.network.registerService({ serviceId: 'web', partitionId: '' });
      const record = fx.registry.get('web');
      expect(answer).toEqual({ privateIpAddr: record.privateIp, relativeServiceDirpath: `services/${record.guid}` });
      const [enclave] = await fx.backend.getEnclaves([fx.enclaveId]);
      expect(record.privateIp.startsWith(enclave.subnet.replace(/0\/24$/, ''))).toBe(true);
      expect(existsSync(path.join(fx.dataDir, answer.relativeServiceDirpath))).toBe(true);
      expect(fx.persisted).toHaveBeenCalled();
    });

    it('refuses a second registration of one ID, also when both race', async () => {
      const outcomes = await Promise.allSettled([fx.network.registerService({ serviceId: 'dup', partitionId: '' }), fx.network.registerService({ serviceId: 'dup', partitionId: '' })]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(isDomainError((outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason, 'exists')).toBe(true);
    });

    it('refuses partitions without partitioning, and invalid IDs, before asking the backend', async () => {
      const register = jest.spyOn(fx.backend, 'registerService');
      expect((await failure(fx.network.registerService({ serviceId: 'web', partitionId: 'other' }))).kind).toBe('precondition');
      expect((await failure(fx.network.registerService({ serviceId: 'web', partitionId: 'Bad_ID' }))).kind).toBe('invalid');
      expect((await failure(fx.network.registerService({ serviceId: 'Bad_ID', partitionId: '' }))).kind).toBe('invalid');
      expect(register).not.toHaveBeenCalled();
    });

    it('says exhausted when the backend has no address left', async () => {
      fx.backend.failNext('registerService', new DomainError('exhausted', 'No free IP address is left in subnet 172.16.0.0/24'));
      expect((await failure(fx.network.registerService({ serviceId: 'web', partitionId: '' }))).kind).toBe('exhausted');
      expect(fx.registry.allServiceIds()).toEqual([]);
    });

    it('rolls back when the service directory cannot be made: not registered, its address free again', async () => {
      // A file where the services directory must go.
      writeFileSync(path.join(fx.dataDir, 'services'), 'not a directory');
      const handedOut = jest.spyOn(fx.backend, 'registerService');
      const err = await failure(fx.network.registerService({ serviceId: 'web', partitionId: '' }));
      expect(err.kind).toBe('precondition');
      expect(err.message).toContain("Registering service 'web'");
      expect(fx.registry.allServiceIds()).toEqual([]);
      const failedIp = (await handedOut.mock.results[0].value).privateIp;
      rmSync(path.join(fx.dataDir, 'services'));
      expect((await fx.network.registerService({ serviceId: 'web', partitionId: '' })).privateIpAddr).toBe(failedIp);
    });
  });

  describe('startService', () => {
    beforeEach(async () => {
      fx = await fixture({ missingImages: ['missing:1'] });
      await fx.network.registerService({ serviceId: 'web', partitionId: '' });
    });

    it('starts the service at its address with what was asked, and answers where the backend published it', async () => {
      const answer = await fx.network.startService(
        start('web', { entrypointArgs: ['/bin/app'], cmdArgs: ['--port', '8080'], dockerEnvVars: { A: '1' }, enclaveDataDirMntDirpath: '/data', filesArtifactMountDirpaths: { site: '/srv' } }),
      );
      const record = fx.registry.getStarted('web');
      const process = fx.backend.inspect({ kind: 'user-service', enclaveId: fx.enclaveId, guid: record.guid });
      expect(process?.spec).toMatchObject({
        image: 'web:1',
        entrypoint: ['/bin/app'],
        cmd: ['--port', '8080'],
        env: { A: '1' },
        privateIp: record.privateIp,
        mounts: { '/data': 'enclave data', '/srv': 'files artifact site' },
      });
      expect(answer.publicIpAddr).toBe('192.0.2.10');
      expect(answer.publicPorts['http'].number).toBeGreaterThan(0);
      expect(fx.network.getServiceInfo('web')).toMatchObject({ privateIpAddr: record.privateIp, publicIpAddr: '192.0.2.10', enclaveDataDirMountDirpath: '/data' });
      expect(fx.network.getServiceIds()).toEqual(['web']);
    });

    it('refuses an unknown artifact and a missing image before anything runs, and stays startable', async () => {
      expect((await failure(fx.network.startService(start('web', { filesArtifactMountDirpaths: { nope: '/srv' } })))).kind).toBe('not-found');
      expect((await failure(fx.network.startService(start('web', { dockerImage: 'missing:1' })))).kind).toBe('not-found');
      expect(await fx.backend.getEnclaveObjects(fx.enclaveId)).toHaveLength(1); // the API container only
      await fx.network.startService(start('web'));
    });

    it('leaves the service registered when the backend fails to start it, so it can be started again', async () => {
      fx.backend.failNext('startService', new DomainError('precondition', 'exec: "app": executable file not found'));
      expect((await failure(fx.network.startService(start('web')))).kind).toBe('precondition');
      expect(fx.registry.get('web').state).toBe('registered');
      await fx.network.startService(start('web'));
      expect(fx.registry.get('web').state).toBe('started');
    });

    it('refuses a second start and a start of what is not registered', async () => {
      await fx.network.startService(start('web'));
      expect((await failure(fx.network.startService(start('web')))).kind).toBe('precondition');
      expect((await failure(fx.network.startService(start('ghost')))).kind).toBe('not-found');
    });

    it('runs commands in a started service only', async () => {
      await fx.network.registerService({ serviceId: 'idle', partitionId: '' });
      expect((await failure(fx.network.execCommand('idle', ['true']))).kind).toBe('precondition');
      await fx.network.startService(start('web'));
      const exec = jest.spyOn(fx.backend, 'exec');
      expect(await fx.network.execCommand('web', ['echo', 'hi'])).toEqual({ exitCode: 0, logOutput: '' });
      expect(exec).toHaveBeenCalledWith({ kind: 'user-service', enclaveId: fx.enclaveId, guid: fx.registry.get('web').guid }, ['echo', 'hi']);
      expect((await failure(fx.network.execCommand('web', []))).kind).toBe('invalid');
    });
  });

  describe('removeService', () => {
    beforeEach(async () => (fx = await fixture()));

    it('stops a started service (kept for inspection) and frees its ID and address', async () => {
      const { privateIpAddr } = await fx.network.registerService({ serviceId: 'web', partitionId: '' });
      await fx.network.startService(start('web'));
      const { guid } = fx.registry.get('web');
      await fx.network.removeService('web', 1);
      expect(fx.network.getServiceIds()).toEqual([]);
      expect(fx.backend.inspect({ kind: 'user-service', enclaveId: fx.enclaveId, guid })?.status).toBe('stopped');
      expect(await fx.backend.getUserServices(fx.enclaveId)).toEqual([]);
      expect((await fx.network.registerService({ serviceId: 'web', partitionId: '' })).privateIpAddr).toBe(privateIpAddr);
    });

    it('frees a service that was only registered', async () => {
      const { privateIpAddr } = await fx.network.registerService({ serviceId: 'web', partitionId: '' });
      await fx.network.removeService('web', 1);
      expect((await fx.network.registerService({ serviceId: 'other', partitionId: '' })).privateIpAddr).toBe(privateIpAddr);
    });

    it('keeps the service when the backend cannot remove it', async () => {
      await fx.network.registerService({ serviceId: 'web', partitionId: '' });
      await fx.network.startService(start('web'));
      fx.backend.failNext('removeService', new DomainError('unavailable', 'the Docker engine cannot be reached'));
      expect((await failure(fx.network.removeService('web', 1))).kind).toBe('unavailable');
      expect(fx.network.getServiceIds()).toEqual(['web']);
    });
  });

  describe('in a partitioned enclave', () => {
    beforeEach(async () => {
      fx = await fixture({ partitioned: true });
      await fx.network.registerService({ serviceId: 'a', partitionId: '' });
      await fx.network.startService(start('a'));
    });

    const sidecarOf = (serviceId: string) => ({ kind: 'networking-sidecar' as const, enclaveId: fx.enclaveId, guid: fx.registry.get(serviceId).guid });

    it("starts each service in its sidecar, whose first rules are in place before the service runs", async () => {
      const order: string[] = [];
      const watch = await fx.backend.watchEvents((e) => e.action === 'start' && order.push(e.ref.kind));
      await fx.network.registerService({ serviceId: 'b', partitionId: '' });
      await fx.network.startService(start('b'));
      watch.stop();
      expect(order).toEqual(['networking-sidecar', 'user-service']);
      expect(fx.shells.of(fx.enclaveId, fx.registry.get('b').guid)[0]).toContain('-I OUTPUT 1 -j KURTOSIS-0');
      expect(fx.backend.inspect({ kind: 'user-service', enclaveId: fx.enclaveId, guid: fx.registry.get('b').guid })?.joinedSidecar).toBe(true);
      // Its ports are the sidecar's.
      expect(fx.network.getServiceInfo('b').publicPorts['http'].number).toBe(fx.backend.inspect(sidecarOf('b'))?.publishedPorts.get('8080/tcp'));
    });

    it('repartitions: blocks traffic between partitions in each sidecar', async () => {
      await fx.network.registerService({ serviceId: 'b', partitionId: '' });
      await fx.network.startService(start('b'));
      await fx.network.repartition({ partitionServices: { x: ['a'], y: ['b'] }, connections: [], defaultLossPercentage: 100 });
      const ipOfB = fx.registry.get('b').privateIp;
      expect(fx.shells.of(fx.enclaveId, fx.registry.get('a').guid).at(-1)).toContain(`-A KURTOSIS-1 -d ${ipOfB}/32 -j DROP`);
      expect(fx.partitioning?.topology.partitionOf('a')).toBe('x');
    });

    it('puts the previous topology back when a sidecar refuses the new rules', async () => {
      await fx.network.registerService({ serviceId: 'b', partitionId: '' });
      await fx.network.startService(start('b'));
      const before = fx.partitioning?.topology.toSnapshot();
      fx.shells.refusing.add(`networking-sidecar/${fx.enclaveId}/${fx.registry.get('a').guid}`);
      const err = await failure(fx.network.repartition({ partitionServices: { x: ['a'], y: ['b'] }, connections: [], defaultLossPercentage: 100 }));
      expect(err.kind).toBe('internal');
      expect(err.message).toContain("Applying the partition rules failed for a: Applying the rules in the sidecar of 'a': iptables-restore refused the rules");
      expect(fx.partitioning?.topology.toSnapshot()).toEqual(before);
    });

    it('rolls a registration back when the other sidecars cannot learn about it', async () => {
      // 'a' must drop what goes to partition y: a new service there changes its rules.
      await fx.network.repartition({ partitionServices: { x: ['a'], y: [] }, connections: [], defaultLossPercentage: 100 });
      fx.shells.refusing.add(`networking-sidecar/${fx.enclaveId}/${fx.registry.get('a').guid}`);
      const handedOut = jest.spyOn(fx.backend, 'registerService');
      const err = await failure(fx.network.registerService({ serviceId: 'b', partitionId: 'y' }));
      expect(err.kind).toBe('internal');
      expect(fx.registry.allServiceIds()).toEqual(['a']);
      expect(fx.partitioning?.topology.partitionOf('b')).toBeUndefined();
      fx.shells.refusing.clear();
      const again = await fx.network.registerService({ serviceId: 'b', partitionId: 'y' });
      expect(again.privateIpAddr).toBe((await handedOut.mock.results[0].value).privateIp);
      expect(fx.shells.of(fx.enclaveId, fx.registry.get('a').guid).at(-1)).toContain(`-d ${again.privateIpAddr}/32 -j DROP`);
    });

    it('destroys the sidecar again when the service cannot start, and when its first rules cannot be applied', async () => {
      await fx.network.registerService({ serviceId: 'b', partitionId: '' });
      fx.backend.failNext('startService', new DomainError('not-found', "Image 'web:1' is not present"));
      expect((await failure(fx.network.startService(start('b')))).kind).toBe('not-found');
      expect(fx.backend.inspect(sidecarOf('b'))).toBeUndefined();
      expect(fx.partitioning?.enforcer.snapshot()).not.toHaveProperty('b');
      fx.shells.refusing.add(`networking-sidecar/${fx.enclaveId}/${fx.registry.get('b').guid}`);
      await expect(fx.network.startService(start('b'))).rejects.toThrow("Applying the rules in the sidecar of 'b'");
      expect(fx.backend.inspect(sidecarOf('b'))).toBeUndefined();
      fx.shells.refusing.clear();
      await fx.network.startService(start('b'));
      expect(fx.backend.inspect(sidecarOf('b'))?.status).toBe('running');
    });

    it('removes a service: stopped, its sidecar gone, its address free, its rules forgotten', async () => {
      const { privateIp, guid } = fx.registry.get('a');
      await fx.network.removeService('a', 1);
      expect(fx.backend.inspect({ kind: 'networking-sidecar', enclaveId: fx.enclaveId, guid })).toBeUndefined();
      expect(fx.backend.inspect({ kind: 'user-service', enclaveId: fx.enclaveId, guid })?.status).toBe('stopped');
      expect(fx.partitioning?.topology.partitionOf('a')).toBeUndefined();
      expect(fx.partitioning?.enforcer.snapshot()).toEqual({});
      expect((await fx.network.registerService({ serviceId: 'c', partitionId: '' })).privateIpAddr).toBe(privateIp);
    });
  });

  describe('external container registration', () => {
    beforeEach(async () => (fx = await fixture()));

    it('reserves an address, and records a foreign container the caller started there', async () => {
      const { registrationKey, ipAddr } = await fx.network.startExternalContainerRegistration();
      const outside = fx.backend.addExternalContainer({ name: 'outside', enclaveId: fx.enclaveId, ip: ipAddr });
      await fx.network.finishExternalContainerRegistration({ registrationKey, containerId: 'outside' });
      expect(fx.externals.containers()).toEqual([{ key: registrationKey, containerId: outside.platformId, ip: ipAddr }]);
      expect(fx.network.externals.containerIps()).toEqual([ipAddr]);
      expect((await fx.network.registerService({ serviceId: 'web', partitionId: '' })).privateIpAddr).not.toBe(ipAddr);
      expect(fx.persisted).toHaveBeenCalled();
    });

    it('refuses what is ours, what is elsewhere and what does not exist, saying how to attach', async () => {
      const { registrationKey, ipAddr } = await fx.network.startExternalContainerRegistration();
      fx.backend.addExternalContainer({ name: 'ours', enclaveId: fx.enclaveId, ip: ipAddr, isKurtosisObject: true, kurtosisKind: 'api-container' });
      fx.backend.addExternalContainer({ name: 'elsewhere' });
      expect(await failure(fx.network.finishExternalContainerRegistration({ registrationKey, containerId: 'ours' }))).toMatchObject({ kind: 'precondition', message: expect.stringContaining('is a Kurtosis container') });
      expect(await failure(fx.network.finishExternalContainerRegistration({ registrationKey, containerId: 'elsewhere' }))).toMatchObject({
        kind: 'precondition',
        message: expect.stringContaining(`attach it to network ${fx.enclaveId} at ${ipAddr}`),
      });
      expect((await failure(fx.network.finishExternalContainerRegistration({ registrationKey, containerId: 'ghost' }))).kind).toBe('not-found');
      expect((await failure(fx.network.finishExternalContainerRegistration({ registrationKey, containerId: ' ' }))).kind).toBe('invalid');
      expect((await failure(fx.network.finishExternalContainerRegistration({ registrationKey: 'nope', containerId: 'x' }))).kind).toBe('not-found');
    });

    it('caps outstanding reservations, also when they are asked for at once', async () => {
      const outcomes = await Promise.allSettled([1, 2, 3, 4, 5].map(() => fx.network.startExternalContainerRegistration()));
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(3);
      expect(outcomes.filter((o) => o.status === 'rejected').every((o) => isDomainError((o as PromiseRejectedResult).reason, 'exhausted'))).toBe(true);
    });

    it('gives the address of an expired reservation back, unless something on the network holds it', async () => {
      const held = await fx.network.startExternalContainerRegistration();
      const free = await fx.network.startExternalContainerRegistration();
      fx.backend.addExternalContainer({ name: 'squatter', enclaveId: fx.enclaveId, ip: held.ipAddr });
      fx.now.ms += 11 * 60_000;
      await fx.network.releaseExpiredReservations();
      const next = [await fx.backend.reserveAddress(fx.enclaveId), await fx.backend.reserveAddress(fx.enclaveId)];
      expect(next).toContain(free.ipAddr);
      expect(next).not.toContain(held.ipAddr);
    });

    it('keeps expired addresses taken when it cannot tell what holds them', async () => {
      const reservation = await fx.network.startExternalContainerRegistration();
      fx.now.ms += 11 * 60_000;
      fx.backend.failNext('getAddressesInUse', new DomainError('unavailable', 'no Docker'));
      await fx.network.releaseExpiredReservations();
      expect(await fx.backend.reserveAddress(fx.enclaveId)).not.toBe(reservation.ipAddr);
    });
  });
});
