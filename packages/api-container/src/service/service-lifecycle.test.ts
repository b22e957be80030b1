// ServiceLifecycle against the in-memory backend: each operation's effect, the state it requires,
// and the intents it records for after a daemon restart.
import { DomainError, isDomainError, parseId } from '@kurtosis-ts/domain';
import { ServiceLifecycle } from './service-lifecycle';
import { ServiceRegistry } from './service-registry';
import { inMemoryEnclave, silentLog } from '../../test/support/in-memory-enclave';
import type { InMemoryEnclave } from '../../test/support/in-memory-enclave';

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

describe('ServiceLifecycle', () => {
  let env: InMemoryEnclave;
  let registry: ServiceRegistry;
  let lifecycle: ServiceLifecycle;
  let persisted: jest.Mock;

  /** A started service, as StartService leaves it. */
  async function started(serviceId: string) {
    const registration = await env.backend.registerService(env.enclaveId, parseId('service', serviceId));
    const service = await env.backend.startService(env.enclaveId, registration.guid, {
      image: 'web:1',
      ports: { http: { number: 8080, protocol: 'tcp' } },
      entrypoint: [],
      cmd: [],
      env: {},
      dataDirMountpoint: '',
      filesArtifacts: [],
    });
    registry.add(registration, 'default');
    registry.beginStart(serviceId);
    registry.finishStart(serviceId, service);
    return service;
  }

  beforeEach(async () => {
    env = await inMemoryEnclave();
    registry = new ServiceRegistry();
    persisted = jest.fn(async () => undefined);
    lifecycle = new ServiceLifecycle({ backend: env.backend, enclaveId: env.enclaveId, registry, log: silentLog, persist: persisted });
    await started('web');
  });
  afterEach(() => env.cleanUp());

  it('pauses and unpauses a running service, remembering the pause', async () => {
    expect(await lifecycle.pause('web')).toBe('paused');
    expect(registry.serviceIntents()).toEqual({ web: 'paused' });
    expect(persisted).toHaveBeenCalled();
    expect((await failure(lifecycle.pause('web'))).message).toBe("Service 'web' is paused; only a running service can be paused");
    expect(await lifecycle.unpause('web')).toBe('running');
    expect(registry.serviceIntents()).toEqual({});
    expect((await failure(lifecycle.unpause('web'))).kind).toBe('precondition');
  });

  it('stops a service (even a paused one) and remembers it was stopped on purpose; restarts it at its address', async () => {
    await lifecycle.pause('web');
    expect(await lifecycle.stop('web', 5)).toBe('stopped');
    expect(registry.serviceIntents()).toEqual({ web: 'stopped' });
    const portsBefore = registry.getStarted('web').publicPorts;
    expect(await lifecycle.restart('web', 5)).toBe('running');
    expect(registry.serviceIntents()).toEqual({});
    // Published anew: the registry follows the backend's ports.
    expect(registry.getStarted('web').publicPorts).not.toEqual(portsBefore);
    expect(registry.getStarted('web').publicPorts).toEqual((await env.backend.getUserServices(env.enclaveId))[0].publicPorts);
  });

  it('refuses timeouts above their maximum before touching the service', async () => {
    const stop = jest.spyOn(env.backend, 'stopService');
    expect((await failure(lifecycle.stop('web', 10_000))).kind).toBe('invalid');
    expect((await failure(lifecycle.restart('web', 10_000))).kind).toBe('invalid');
    expect(stop).not.toHaveBeenCalled();
  });

  it('kills with any signal name; a signal that ends it counts as a stop on purpose, one it handles does not', async () => {
    expect(await lifecycle.kill('web', 'hup')).toBe('running');
    expect(registry.serviceIntents()).toEqual({});
    expect(await lifecycle.kill('web', 'SIGKILL')).toBe('stopped');
    expect(await lifecycle.status('web')).toEqual({ status: 'stopped', exitCode: 137 });
    expect(registry.serviceIntents()).toEqual({ web: 'stopped' });
    expect((await failure(lifecycle.kill('web', 'SIGKILL'))).kind).toBe('precondition');
    expect((await failure(lifecycle.kill('web', 'NOT-A-SIGNAL'))).kind).toBe('invalid');
  });

  it('reads every status from the backend, one removed behind its back as stopped with exit code -1', async () => {
    const other = await started('other');
    env.backend.exitProcess({ kind: 'user-service', enclaveId: env.enclaveId, guid: other.guid }, 3, 'crash');
    await started('gone');
    env.backend.removeBehindTheBack({ kind: 'user-service', enclaveId: env.enclaveId, guid: registry.get('gone').guid });
    expect(await lifecycle.statuses()).toEqual({
      web: { status: 'running', exitCode: 0 },
      other: { status: 'stopped', exitCode: 3 },
      gone: { status: 'stopped', exitCode: -1 },
    });
    expect(isDomainError(await failure(lifecycle.status('gone')), 'not-found')).toBe(true);
  });

  it('passes other failures of the backend on', async () => {
    env.backend.failNext('getServiceStatus', new DomainError('unavailable', 'no Docker'));
    expect((await failure(lifecycle.statuses())).kind).toBe('unavailable');
  });

  it('refuses services that are not started', async () => {
    await env.backend.registerService(env.enclaveId, parseId('service', 'idle')).then((r) => registry.add(r, 'default'));
    expect((await failure(lifecycle.pause('idle'))).kind).toBe('precondition');
    expect((await failure(lifecycle.stop('ghost', 1))).kind).toBe('not-found');
  });
});
