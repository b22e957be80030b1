// ModuleStore against the in-memory backend and a fake module connection: what a load starts and
// waits for, how deaths are reported, and that every failed load leaves nothing (no process, no
// address, no listing) behind.
import { status } from '@grpc/grpc-js';
import { DomainError, isDomainError, parseId } from '@kurtosis-ts/domain';
import type { ModuleGuid } from '@kurtosis-ts/domain';
import type { EnclaveModule, ObjectRef } from '@kurtosis-ts/container-backend';
import { StatusError } from '@kurtosis-ts/protos';
import { ModuleStore, SERIALIZED_ARGS_ENV_VAR } from './module-store';
import type { ModuleConnection } from './module-store';
import { inMemoryEnclave, silentLog } from '../../test/support/in-memory-enclave';
import type { InMemoryEnclave } from '../../test/support/in-memory-enclave';

/** A module's gRPC server as the test plays it. */
class FakeModule implements ModuleConnection {
  available: 'yes' | 'never' = 'yes';
  answer: (params: string, signal?: AbortSignal) => Promise<string> = async (params) => `result of ${params}`;
  address = '';
  closed = false;
  async waitUntilAvailable(address: string, deadline: number): Promise<void> {
    this.address = address;
    // As grpc-js does: no answer by the deadline is DEADLINE_EXCEEDED.
    if (this.available === 'never') {
      await new Promise((_resolve, reject) =>
        setTimeout(() => reject(Object.assign(new Error('Deadline exceeded'), { code: status.DEADLINE_EXCEEDED })), Math.max(0, deadline - Date.now())),
      );
    }
  }
  execute(paramsJson: string, signal?: AbortSignal): Promise<string> {
    return this.answer(paramsJson, signal);
  }
  close(): void {
    this.closed = true;
  }
}

const load = (moduleId: string, fields: { containerImage?: string; serializedParams?: string } = {}) => ({
  moduleId,
  containerImage: fields.containerImage ?? 'mod:1',
  serializedParams: fields.serializedParams ?? '{"n":1}',
});

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a failure');
}

describe('ModuleStore', () => {
  let env: InMemoryEnclave;
  let fake: FakeModule;
  let store: ModuleStore;
  let ipsWhileLoading: string[][];

  function storeWith(existing: readonly EnclaveModule[] = []): ModuleStore {
    return new ModuleStore({
      backend: env.backend,
      enclaveId: env.enclaveId,
      apiContainerSocket: '172.16.0.2:7443',
      availabilityTimeoutMs: 100,
      log: silentLog,
      existing,
      connect: () => fake,
    });
  }

  beforeEach(async () => {
    env = await inMemoryEnclave({ missingImages: ['missing:1'] });
    fake = new FakeModule();
    ipsWhileLoading = [];
    store = storeWith();
    const wait = fake.waitUntilAvailable.bind(fake);
    fake.waitUntilAvailable = async (address, deadline) => {
      ipsWhileLoading.push(store.privateIps());
      return wait(address, deadline);
    };
  });
  afterEach(() => env.cleanUp());

  const moduleRef = (guid: ModuleGuid): ObjectRef => ({ kind: 'module', enclaveId: env.enclaveId, guid });
  const onlyModule = async () => {
    const modules = await env.backend.getModules(env.enclaveId);
    expect(modules).toHaveLength(1);
    return modules[0];
  };
  /** The address the next module would get: a failed load must have given its own back. */
  const nextAddress = async () => {
    const probe = await env.backend.registerModule(env.enclaveId, parseId('module', 'probe'));
    await env.backend.destroyModule(env.enclaveId, probe.guid, 0);
    return probe.privateIp;
  };

  describe('load', () => {
    it('starts the module at the address the backend gave it, with exactly the launch contract, and waits until it answers', async () => {
      const info = await store.load(load('army'));
      const module = await onlyModule();
      const process = env.backend.inspect(moduleRef(module.guid));
      expect(JSON.parse(process?.spec.env[SERIALIZED_ARGS_ENV_VAR] ?? '')).toEqual({
        enclaveId: 'unit',
        listenPortNum: 1111,
        apiContainerSocket: '172.16.0.2:7443',
        serializedCustomParams: '{"n":1}',
        enclaveDataDirMountpoint: '/kurtosis-enclave-data',
      });
      expect(process?.spec.image).toBe('mod:1');
      expect(fake.address).toBe(`${module.privateIp}:1111`);
      expect(info).toEqual({
        privateIpAddr: module.privateIp,
        privatePort: { number: 1111, protocol: 0 },
        publicIpAddr: '192.0.2.10',
        publicPort: { number: module.publicPort, protocol: 0 },
      });
      // A loading module may already call the API container.
      expect(ipsWhileLoading).toEqual([[module.privateIp]]);
      expect(store.moduleIds()).toEqual(['army']);
      expect(store.getInfo('army')).toEqual(info);
    });

    it('refuses bad input before anything starts, and a second load of one ID', async () => {
      for (const args of [load('Bad_ID'), load('m', { containerImage: 'has space' }), load('m', { serializedParams: ' ' }), load('m', { containerImage: 'x'.repeat(2000) })]) {
        expect(isDomainError(await failure(store.load(args)), 'invalid')).toBe(true);
      }
      expect(await env.backend.getModules(env.enclaveId)).toEqual([]);
      await store.load(load('once'));
      expect(isDomainError(await failure(store.load(load('once'))), 'exists')).toBe(true);
    });

    it('refuses a concurrent second load of one ID while the first is loading', async () => {
      fake.available = 'never';
      const first = store.load(load('slow'));
      expect(isDomainError(await failure(store.load(load('slow'))), 'exists')).toBe(true);
      expect(isDomainError(await failure(first), 'deadline')).toBe(true);
    });

    it('leaves nothing when the image is missing', async () => {
      const free = await nextAddress();
      expect(isDomainError(await failure(store.load(load('m', { containerImage: 'missing:1' }))), 'not-found')).toBe(true);
      expect(store.moduleIds()).toEqual([]);
      expect(store.privateIps()).toEqual([]);
      expect(await nextAddress()).toBe(free);
    });

    it('leaves nothing when the backend cannot start it', async () => {
      const free = await nextAddress();
      env.backend.failNext('startModule', new DomainError('precondition', 'exec: "node": executable file not found'));
      expect(isDomainError(await failure(store.load(load('m'))), 'precondition')).toBe(true);
      expect(await env.backend.getModules(env.enclaveId)).toEqual([]);
      expect(await nextAddress()).toBe(free);
    });

    it('fails FAILED_PRECONDITION with its last log lines when the module exits before answering, and removes it', async () => {
      fake.available = 'never';
      const loading = store.load(load('crashy'));
      await new Promise((resolve) => setTimeout(resolve, 10));
      const module = await onlyModule();
      env.backend.writeOutput(moduleRef(module.guid), 'Error: cannot read params\n');
      env.backend.exitProcess(moduleRef(module.guid), 1, 'crash');
      const err = await failure(loading);
      expect(err).toMatchObject({ kind: 'precondition', message: expect.stringContaining("Module 'crashy' exited with code 1 before answering IsAvailable") });
      expect(err.message).toContain('Error: cannot read params');
      expect(await env.backend.getModules(env.enclaveId)).toEqual([]);
      expect(fake.closed).toBe(true);
      expect(store.moduleIds()).toEqual([]);
    });

    it('fails DEADLINE_EXCEEDED when the module never answers within the timeout, and removes it', async () => {
      fake.available = 'never';
      expect(await failure(store.load(load('silent')))).toMatchObject({ kind: 'deadline', message: expect.stringContaining('within 100 ms') });
      expect(await env.backend.getModules(env.enclaveId)).toEqual([]);
    });
  });

  describe('execute and status', () => {
    beforeEach(async () => {
      await store.load(load('m'));
    });

    it("passes params and the module's result through verbatim", async () => {
      expect(await store.execute({ moduleId: 'm', serializedParams: '{"x":2}' })).toEqual({ serializedResult: 'result of {"x":2}' });
      expect(await store.status('m')).toEqual({ status: 'running', exitCode: 0, image: 'mod:1' });
    });

    it("passes the module's own error on with its code", async () => {
      fake.answer = async () => {
        throw Object.assign(new Error('bad params'), { code: status.INVALID_ARGUMENT, details: 'bad params' });
      };
      const err = await failure(store.execute({ moduleId: 'm', serializedParams: '{}' }));
      expect(err).toBeInstanceOf(StatusError);
      expect(err).toMatchObject({ code: status.INVALID_ARGUMENT, message: "Module 'm' failed: bad params" });
    });

    it('fails at once, naming the exit code and last lines, when the module has died', async () => {
      const module = await onlyModule();
      env.backend.writeOutput(moduleRef(module.guid), 'panic: out of memory\n');
      env.backend.exitProcess(moduleRef(module.guid), 137, 'kill');
      const err = await failure(store.execute({ moduleId: 'm', serializedParams: '{}' }));
      expect(err).toMatchObject({ kind: 'precondition', message: expect.stringContaining("Module 'm' is not running: its container exited with code 137") });
      expect(err.message).toContain('panic: out of memory');
      expect(await store.status('m')).toEqual({ status: 'exited', exitCode: 137, image: 'mod:1' });
      // Still listed until unloaded, so its logs can be read.
      expect(store.moduleIds()).toEqual(['m']);
    });

    it('says its process no longer exists when it was removed behind our back', async () => {
      env.backend.removeBehindTheBack(moduleRef((await onlyModule()).guid));
      expect(await failure(store.execute({ moduleId: 'm', serializedParams: '{}' }))).toMatchObject({ message: expect.stringContaining('its container no longer exists') });
      expect(await store.status('m')).toEqual({ status: 'exited', exitCode: -1, image: 'mod:1' });
    });

    it('fails an Execute in flight at once when the module dies during it', async () => {
      fake.answer = () => new Promise(() => undefined);
      const executing = store.execute({ moduleId: 'm', serializedParams: '{}' });
      await new Promise((resolve) => setTimeout(resolve, 10));
      env.backend.exitProcess(moduleRef((await onlyModule()).guid), 137, 'kill');
      expect(await failure(executing)).toMatchObject({ kind: 'precondition', message: expect.stringContaining('exited with code 137') });
    });

    it("cancels the module's execute when the caller cancels", async () => {
      let seen: AbortSignal | undefined;
      fake.answer = (_params, signal) => {
        seen = signal;
        return new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(Object.assign(new Error('cancelled'), { code: status.CANCELLED }))));
      };
      const caller = new AbortController();
      const executing = store.execute({ moduleId: 'm', serializedParams: '{}' }, caller.signal);
      await new Promise((resolve) => setTimeout(resolve, 10));
      caller.abort();
      expect(await failure(executing)).toMatchObject({ code: status.CANCELLED });
      expect(seen?.aborted).toBe(true);
    });

    it('refuses unknown and invalid module IDs', async () => {
      expect(isDomainError(await failure(store.execute({ moduleId: 'ghost', serializedParams: '{}' })), 'not-found')).toBe(true);
      expect(isDomainError(await failure(store.status('Bad_ID')), 'invalid')).toBe(true);
    });
  });

  describe('unload', () => {
    it('stops the module with time to clean up, stays a caller until it is gone, then frees everything', async () => {
      await store.load(load('m'));
      const module = await onlyModule();
      const original = env.backend.destroyModule.bind(env.backend);
      const destroy = jest.spyOn(env.backend, 'destroyModule');
      let callersDuringStop: string[] = [];
      destroy.mockImplementationOnce(async (...args) => {
        callersDuringStop = store.privateIps();
        expect(store.moduleIds()).toEqual([]);
        return original(...args);
      });
      await store.unload('m');
      expect(destroy).toHaveBeenCalledWith(env.enclaveId, module.guid);
      expect(callersDuringStop).toEqual([module.privateIp]);
      expect(store.privateIps()).toEqual([]);
      expect(await env.backend.getModules(env.enclaveId)).toEqual([]);
      expect(fake.closed).toBe(true);
      expect(isDomainError(await failure(store.unload('m')), 'not-found')).toBe(true);
    });

    it('keeps the module loaded when it cannot be removed', async () => {
      await store.load(load('m'));
      env.backend.failNext('destroyModule', new DomainError('unavailable', 'no Docker'));
      expect(isDomainError(await failure(store.unload('m')), 'unavailable')).toBe(true);
      expect(store.moduleIds()).toEqual(['m']);
    });

    it('unloads a dead module the same way', async () => {
      await store.load(load('m'));
      env.backend.exitProcess(moduleRef((await onlyModule()).guid), 1, 'crash');
      await store.unload('m');
      expect(await env.backend.getModules(env.enclaveId)).toEqual([]);
    });
  });

  it('after an API container restart, knows every module again, dead ones included', async () => {
    await store.load(load('alive'));
    await store.load(load('dead'));
    const dead = (await env.backend.getModules(env.enclaveId)).find((m) => m.moduleId === 'dead') as EnclaveModule;
    env.backend.exitProcess(moduleRef(dead.guid), 137, 'kill');
    const restarted = storeWith(await env.backend.getModules(env.enclaveId));
    expect(restarted.moduleIds().sort()).toEqual(['alive', 'dead']);
    expect(restarted.privateIps().sort()).toEqual(store.privateIps().sort());
    expect(await restarted.status('dead')).toEqual({ status: 'exited', exitCode: 137, image: 'mod:1' });
    expect(restarted.getInfo('dead').publicPort).toBeUndefined();
  });
});
