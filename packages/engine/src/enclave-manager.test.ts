// EnclaveManager against the in-memory backend: what it creates, what it answers, and every
// rollback of a create that fails part-way.
import { DomainError, isDomainError, notFound, parseId } from '@kurtosis-ts/domain';
import { InMemoryKurtosisBackend } from '@kurtosis-ts/container-backend/testing';
import type { InMemoryBackendOptions } from '@kurtosis-ts/container-backend/testing';
import { API_CONTAINER_ARGS_ENV_VAR, engineApi, SERVER_READY_MARKER } from '@kurtosis-ts/protos';
import pino from 'pino';
import { EnclaveManager } from './enclave-manager';

const { EnclaveContainersStatus: C, EnclaveAPIContainerStatus: A } = engineApi;
const OWN = 'ownownownown';
const config = {
  version: '0.1.0',
  apiContainerImageRepository: 'kurtosis-ts/api-container',
  apiContainerReadyTimeoutMs: 200,
  apiContainerStopTimeoutSeconds: 20,
  engineGuid: OWN,
};
const create = (enclaveId: string, fields: Partial<engineApi.CreateEnclaveArgs> = {}) => engineApi.CreateEnclaveArgs.fromPartial({ enclaveId, ...fields });
const api = (enclaveId: string) => ({ kind: 'api-container' as const, enclaveId: parseId('enclave', enclaveId) });

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
}

describe('EnclaveManager', () => {
  let backend: InMemoryKurtosisBackend;
  let manager: EnclaveManager;

  function setUp(options: InMemoryBackendOptions & { ready?: boolean } = {}): void {
    const ready = options.ready ?? true;
    backend = new InMemoryKurtosisBackend({
      ...options,
      // An API container prints its ready line once it serves.
      onStart: (process) => {
        if (ready && process.ref.kind === 'api-container') backend.writeOutput(process.ref, `listening; ${SERVER_READY_MARKER}\n`);
      },
    });
    manager = new EnclaveManager({ backend, config, log: pino({ level: 'silent' }) });
  }

  beforeEach(() => setUp());

  describe('createEnclave', () => {
    it('makes the enclave and its API container at the address the backend picked, and answers where to reach it', async () => {
      const info = await manager.createEnclave(create('e1', { isPartitioningEnabled: true, apiContainerLogLevel: 'DEBUG' }));
      const [enclave] = await backend.getEnclaves([parseId('enclave', 'e1')]);
      expect(enclave).toMatchObject({ isPartitioningEnabled: true, creatorEngineGuid: OWN });
      const process = backend.inspect(api('e1'));
      expect(process?.spec.image).toBe('kurtosis-ts/api-container:0.1.0');
      const args = JSON.parse(process?.spec.env[API_CONTAINER_ARGS_ENV_VAR] ?? '{}');
      expect(args).toEqual({ enclaveId: 'e1', ownIpAddress: process?.spec.privateIp, listenPort: 7443, isPartitioningEnabled: true, logLevel: 'debug', version: '0.1.0' });
      expect(info).toMatchObject({
        enclaveId: 'e1',
        networkCidr: enclave.subnet,
        networkId: enclave.platform.networkId,
        containersStatus: C.EnclaveContainersStatus_RUNNING,
        apiContainerStatus: A.EnclaveAPIContainerStatus_RUNNING,
        apiContainerInfo: { containerId: process?.platformId, ipInsideEnclave: process?.spec.privateIp, portInsideEnclave: 7443 },
        // Where the backend publishes: nothing here assumes loopback.
        apiContainerHostMachineInfo: { ipOnHostMachine: '192.0.2.10', portOnHostMachine: expect.any(Number) },
      });
    });

    it('hands its image settings on to the API container (an engine started from a registry)', async () => {
      const imageEnv = { KURTOSIS_API_CONTAINER_IMAGE: '127.0.0.1:5000/kurtosis-ts/api-container', KURTOSIS_NETWORKING_SIDECAR_IMAGE: '127.0.0.1:5000/kurtosis-ts/networking-sidecar:0.1.0' };
      manager = new EnclaveManager({ backend, config: { ...config, apiContainerImageRepository: imageEnv.KURTOSIS_API_CONTAINER_IMAGE, apiContainerImageEnv: imageEnv }, log: pino({ level: 'silent' }) });
      await manager.createEnclave(create('from-registry'));
      const process = backend.inspect(api('from-registry'));
      expect(process?.spec.image).toBe('127.0.0.1:5000/kurtosis-ts/api-container:0.1.0');
      expect(process?.spec.env).toMatchObject(imageEnv);
    });

    it('uses the version tag asked for', async () => {
      await manager.createEnclave(create('tagged', { apiContainerVersionTag: '0.0.9' }));
      expect(backend.inspect(api('tagged'))?.spec.image).toBe('kurtosis-ts/api-container:0.0.9');
    });

    it('refuses an existing ID, also when two creates race', async () => {
      await manager.createEnclave(create('dup'));
      expect(isDomainError(await failure(manager.createEnclave(create('dup'))), 'exists')).toBe(true);
      const outcomes = await Promise.allSettled([manager.createEnclave(create('race')), manager.createEnclave(create('race'))]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(isDomainError((outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason, 'exists')).toBe(true);
    });

    it('refuses an invalid ID and an unusable one before anything is made', async () => {
      expect(isDomainError(await failure(manager.createEnclave(create('Bad ID'))), 'invalid')).toBe(true);
      jest.spyOn(backend, 'explainUnusableEnclaveId').mockReturnValue('reserved by the platform');
      expect(await failure(manager.createEnclave(create('bridge')))).toMatchObject({ kind: 'invalid', message: 'reserved by the platform' });
      expect(await backend.getEnclaves()).toEqual([]);
    });

    it('refuses partitioning on a platform that cannot partition, making nothing', async () => {
      setUp({ supportsPartitioning: false });
      expect(isDomainError(await failure(manager.createEnclave(create('p', { isPartitioningEnabled: true }))), 'precondition')).toBe(true);
      expect(await backend.getEnclaves()).toEqual([]);
      await manager.createEnclave(create('unpartitioned'));
    });

    it('says NOT_FOUND for a missing API container image, and makes no enclave', async () => {
      setUp({ missingImages: ['kurtosis-ts/api-container:9.9.9'] });
      expect(isDomainError(await failure(manager.createEnclave(create('img', { apiContainerVersionTag: '9.9.9' }))), 'not-found')).toBe(true);
      expect(await backend.getEnclaves()).toEqual([]);
    });

    it('rolls the enclave back when its API container cannot be made, and lets the supervisor know it was meant', async () => {
      backend.failNext('createApiContainer', new DomainError('precondition', 'exec: "node": executable file not found'));
      expect(await failure(manager.createEnclave(create('no-api')))).toMatchObject({ kind: 'precondition' });
      expect(await backend.getEnclaves()).toEqual([]);
      expect(manager.isBusy('no-api')).toBe(true);
      // The ID is free again.
      await manager.createEnclave(create('no-api'));
    });

    it('rolls back an enclave whose API container never becomes ready', async () => {
      setUp({ ready: false });
      expect(isDomainError(await failure(manager.createEnclave(create('slow'))), 'internal')).toBe(true);
      expect(await backend.getEnclaves()).toEqual([]);
      expect(await backend.getEnclaveObjects()).toEqual([]);
    });

    it('still answers the first failure when the rollback fails too', async () => {
      backend.failNext('createApiContainer', new DomainError('internal', 'the first failure'));
      backend.failNext('destroyEnclave', new DomainError('unavailable', 'the rollback failure'));
      expect(await failure(manager.createEnclave(create('twice')))).toMatchObject({ message: 'the first failure' });
    });

    it('is not busy with an enclave once its create is over', async () => {
      await manager.createEnclave(create('done'));
      expect(manager.isBusy('done')).toBe(false);
    });
  });

  describe('reading', () => {
    it('answers every enclave with its statuses', async () => {
      await manager.createEnclave(create('up'));
      await manager.createEnclave(create('down'));
      await manager.stopEnclave('down');
      await backend.createEnclave(parseId('enclave', 'empty'), { isPartitioningEnabled: false });
      const infos = await manager.getEnclaves();
      expect(Object.keys(infos).sort()).toEqual(['down', 'empty', 'up']);
      expect(infos['up']).toMatchObject({ containersStatus: C.EnclaveContainersStatus_RUNNING, apiContainerStatus: A.EnclaveAPIContainerStatus_RUNNING });
      expect(infos['down']).toMatchObject({ containersStatus: C.EnclaveContainersStatus_STOPPED, apiContainerStatus: A.EnclaveAPIContainerStatus_STOPPED });
      expect(infos['down'].apiContainerHostMachineInfo).toBeUndefined();
      expect(infos['empty']).toMatchObject({ containersStatus: C.EnclaveContainersStatus_EMPTY, apiContainerStatus: A.EnclaveAPIContainerStatus_NONEXISTENT });
    });

    it('says NOT_FOUND for an unknown enclave and for an ID no enclave can have, quoting it short', async () => {
      expect(await failure(manager.getEnclaveInfo('nope'))).toMatchObject({ kind: 'not-found', message: "No enclave with ID 'nope' exists" });
      const long = await failure(manager.getEnclaveInfo('X'.repeat(100_000)));
      expect(isDomainError(long, 'not-found')).toBe(true);
      expect((long as Error).message.length).toBeLessThan(300);
    });
  });

  describe('stopEnclave, destroyEnclave and clean', () => {
    it('stops the API container first, with its long timeout, then everything else; the supervisor is told', async () => {
      await manager.createEnclave(create('s'));
      const stopApi = jest.spyOn(backend, 'stopApiContainer');
      const stopAll = jest.spyOn(backend, 'stopEnclave');
      await manager.stopEnclave('s');
      expect(stopApi).toHaveBeenCalledWith('s', 20);
      expect(stopApi.mock.invocationCallOrder[0]).toBeLessThan(stopAll.mock.invocationCallOrder[0]);
      expect((await backend.getEnclaveObjects(parseId('enclave', 's'))).every((o) => o.status === 'stopped')).toBe(true);
      expect(manager.isBusy('s')).toBe(true);
      // Stopping a stopped enclave does not stop its API container again.
      await manager.stopEnclave('s');
      expect(stopApi).toHaveBeenCalledTimes(1);
    });

    it('destroys an enclave, and says NOT_FOUND for an unknown one', async () => {
      await manager.createEnclave(create('d'));
      await manager.destroyEnclave('d');
      expect(await backend.getEnclaves()).toEqual([]);
      expect(manager.isBusy('d')).toBe(true);
      expect(await failure(manager.destroyEnclave('d'))).toMatchObject({ kind: 'not-found' });
      expect(await failure(manager.stopEnclave('x;rm'))).toMatchObject({ kind: 'not-found' });
    });

    it('cleans what runs nothing, or everything when asked', async () => {
      await manager.createEnclave(create('running'));
      await manager.createEnclave(create('stopped'));
      await manager.stopEnclave('stopped');
      await backend.createEnclave(parseId('enclave', 'empty'), { isPartitioningEnabled: false });
      expect((await manager.clean(false)).sort()).toEqual(['empty', 'stopped']);
      expect((await backend.getEnclaves()).map((e) => e.id)).toEqual(['running']);
      expect(await manager.clean(true)).toEqual(['running']);
      expect(await backend.getEnclaves()).toEqual([]);
    });

    it('leaves an enclave being created alone when cleaning', async () => {
      setUp({ ready: false });
      const creating = manager.createEnclave(create('in-flight'));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await manager.clean(true)).toEqual([]);
      await failure(creating);
    });

    it('passes failures of the platform on with their kind', async () => {
      backend.failNext('getEnclaves', notFound('gone meanwhile'));
      expect(await failure(manager.getEnclaves())).toMatchObject({ kind: 'not-found' });
    });
  });
});
