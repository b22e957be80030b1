import { status } from '@grpc/grpc-js';
import type { UserService } from '@kurtosis-ts/container-backend';
import { StatusError } from '@kurtosis-ts/protos';
import { ServiceRegistry } from './service-registry';

function codeOf(action: () => unknown): number {
  try {
    action();
  } catch (err) {
    if (err instanceof StatusError) return err.code;
    throw err;
  }
  throw new Error('expected a refusal');
}

const started: UserService = {
  containerId: 'c1',
  enclaveId: 'e',
  serviceId: 'old',
  guid: 'old-1',
  status: 'running',
  privateIp: '172.16.0.3',
  privatePorts: { http: { number: 80, protocol: 'tcp' } },
  publicPorts: { http: { number: 40000, protocol: 'tcp' } },
  dataDirMountpoint: '/data',
};

describe('ServiceRegistry', () => {
  it('hands out IPs after the API container and skips those of existing services', () => {
    const registry = new ServiceRegistry('172.16.0.0/24', '172.16.0.2', [started]);
    expect(registry.startedServiceIds()).toEqual(['old']);
    expect(registry.register('a', 'default', 'a-1').privateIp).toBe('172.16.0.4');
    expect(registry.register('b', 'default', 'b-1').privateIp).toBe('172.16.0.5');
  });

  it('walks a service through registered, starting and started', () => {
    const registry = new ServiceRegistry('172.16.0.0/24', '172.16.0.2');
    registry.register('a', 'default', 'a-1');
    expect(codeOf(() => registry.getStarted('a'))).toBe(status.FAILED_PRECONDITION);
    registry.beginStart('a');
    expect(codeOf(() => registry.beginStart('a'))).toBe(status.FAILED_PRECONDITION);
    expect(registry.startedServiceIds()).toEqual([]);
    registry.finishStart('a', { containerId: 'c', privatePorts: {}, publicPorts: {}, dataDirMountpoint: '' });
    expect(registry.getStarted('a').containerId).toBe('c');
    expect(registry.startedServiceIds()).toEqual(['a']);
    expect(codeOf(() => registry.beginStart('a'))).toBe(status.FAILED_PRECONDITION);
  });

  it('lets a failed start be tried again', () => {
    const registry = new ServiceRegistry('172.16.0.0/24', '172.16.0.2');
    registry.register('a', 'default', 'a-1');
    registry.beginStart('a');
    registry.abortStart('a');
    expect(registry.beginStart('a').state).toBe('starting');
  });

  it('refuses duplicates, unknown and invalid IDs with the right codes', () => {
    const registry = new ServiceRegistry('172.16.0.0/24', '172.16.0.2', [started]);
    expect(codeOf(() => registry.register('old', 'default', 'x'))).toBe(status.ALREADY_EXISTS);
    expect(codeOf(() => registry.get('nobody'))).toBe(status.NOT_FOUND);
    expect(codeOf(() => registry.register('Bad ID', 'default', 'x'))).toBe(status.INVALID_ARGUMENT);
  });

  it('frees the ID and the IP on remove', () => {
    const registry = new ServiceRegistry('172.16.0.0/24', '172.16.0.2');
    const first = registry.register('a', 'default', 'a-1');
    registry.remove('a');
    expect(codeOf(() => registry.get('a'))).toBe(status.NOT_FOUND);
    expect(registry.register('a', 'default', 'a-2').privateIp).toBe(first.privateIp);
  });
});
