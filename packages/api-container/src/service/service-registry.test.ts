import { status } from '@grpc/grpc-js';
import { DomainError, parseId, trustedId } from '@kurtosis-ts/domain';
import type { ServiceGuid } from '@kurtosis-ts/domain';
import type { ServiceRegistration, UserService } from '@kurtosis-ts/container-backend';
import { toStatusError } from '../grpc/to-status-error';
import { ServiceRegistry } from './service-registry';

/** The code the API container answers a refusal with. */
function codeOf(action: () => unknown): number {
  try {
    action();
  } catch (err) {
    if (err instanceof DomainError) return toStatusError(err, 'test').code;
    throw err;
  }
  throw new Error('expected a refusal');
}

const enclaveId = parseId('enclave', 'e');
const registration = (serviceId: string, privateIp = '172.16.0.4'): ServiceRegistration => ({
  enclaveId,
  serviceId: parseId('service', serviceId),
  guid: trustedId<ServiceGuid>(`${serviceId}-1`),
  privateIp,
});

const started: UserService = {
  ...registration('old', '172.16.0.3'),
  status: 'running',
  privatePorts: { http: { number: 80, protocol: 'tcp' } },
  publicHost: '192.0.2.10',
  publicPorts: { http: { number: 40000, protocol: 'tcp' } },
  dataDirMountpoint: '/data',
};

describe('ServiceRegistry', () => {
  it('keeps the services the backend reports started, and those the state file says are registered', () => {
    const registry = new ServiceRegistry([started], [{ serviceId: parseId('service', 'later'), guid: trustedId<ServiceGuid>('later-1'), privateIp: '172.16.0.9' }]);
    expect(registry.startedServiceIds()).toEqual(['old']);
    expect(registry.getStarted('old')).toMatchObject({ guid: 'old-1', privateIp: '172.16.0.3', publicHost: '192.0.2.10', publicPorts: started.publicPorts });
    expect(registry.get('later')).toMatchObject({ state: 'registered', privateIp: '172.16.0.9' });
    expect(registry.unstarted()).toEqual([{ serviceId: 'later', guid: 'later-1', privateIp: '172.16.0.9' }]);
    expect(registry.byGuid('old-1')?.serviceId).toBe('old');
  });

  it('walks a service through registered, starting and started', () => {
    const registry = new ServiceRegistry();
    registry.add(registration('a'), 'default');
    expect(codeOf(() => registry.getStarted('a'))).toBe(status.FAILED_PRECONDITION);
    registry.beginStart('a');
    expect(codeOf(() => registry.beginStart('a'))).toBe(status.FAILED_PRECONDITION);
    expect(registry.startedServiceIds()).toEqual([]);
    registry.finishStart('a', { privatePorts: {}, publicHost: '192.0.2.10', publicPorts: {}, dataDirMountpoint: '' });
    expect(registry.getStarted('a').publicHost).toBe('192.0.2.10');
    expect(registry.startedServiceIds()).toEqual(['a']);
    expect(codeOf(() => registry.beginStart('a'))).toBe(status.FAILED_PRECONDITION);
  });

  it('lets a failed start be tried again', () => {
    const registry = new ServiceRegistry();
    registry.add(registration('a'), 'default');
    registry.beginStart('a');
    registry.abortStart('a');
    expect(registry.beginStart('a').state).toBe('starting');
  });

  it('refuses duplicates, unknown and invalid IDs with the right codes', () => {
    const registry = new ServiceRegistry([started]);
    expect(codeOf(() => registry.requireUnregistered('old'))).toBe(status.ALREADY_EXISTS);
    expect(codeOf(() => registry.add(registration('old'), 'default'))).toBe(status.ALREADY_EXISTS);
    expect(codeOf(() => registry.get('nobody'))).toBe(status.NOT_FOUND);
    expect(codeOf(() => registry.requireUnregistered('Bad ID'))).toBe(status.INVALID_ARGUMENT);
  });

  it('frees the ID on remove, and forgets what was intended for it', () => {
    const registry = new ServiceRegistry([started], [], { old: 'paused' });
    expect(registry.serviceIntents()).toEqual({ old: 'paused' });
    registry.remove('old');
    expect(codeOf(() => registry.get('old'))).toBe(status.NOT_FOUND);
    expect(registry.serviceIntents()).toEqual({});
    expect(registry.requireUnregistered('old')).toBe('old');
  });
});
