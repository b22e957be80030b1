import type { EnclaveOverview } from '@kurtosis-ts/engine-client';
import { connectionMatrix, moduleRows, partitionRows, serviceRows, statusText } from './overview-rows';

const overview: EnclaveOverview = {
  services: [
    { serviceId: 'db', status: 'stopped', exitCode: 137, privateIp: '172.16.0.4', ports: [{ portId: 'pg', privatePort: 5432, protocol: 'tcp', publicAddress: '' }], partitionId: 'b' },
    { serviceId: 'web', status: 'running', exitCode: null, privateIp: '172.16.0.3', ports: [{ portId: 'http', privatePort: 80, protocol: 'tcp', publicAddress: '127.0.0.1:33125' }], partitionId: 'a' },
  ],
  modules: [{ moduleId: 'army', status: 'running', exitCode: null, image: 'army:1', privateIp: '172.16.0.5', publicAddress: '127.0.0.1:40000' }],
  partitioningEnabled: true,
  partitions: [
    { partitionId: 'a', serviceIds: ['web'] },
    { partitionId: 'b', serviceIds: ['db'] },
    { partitionId: 'c', serviceIds: [] },
  ],
  connections: [{ partitionA: 'a', partitionB: 'b', blocked: true, packetLossPercentage: 100 }, { partitionA: 'b', partitionB: 'c', blocked: false, packetLossPercentage: 25 }],
  defaultConnection: { blocked: false, packetLossPercentage: 0 },
};

describe('overview rows', () => {
  it('shows each service with its status, ports and their host binding, and partition', () => {
    expect(serviceRows(overview.services)).toEqual([
      ['db', 'stopped (exit 137)', '172.16.0.4', ['pg: 5432/tcp'], 'b'],
      ['web', 'running', '172.16.0.3', ['http: 80/tcp → 127.0.0.1:33125'], 'a'],
    ]);
    expect(moduleRows(overview.modules)).toEqual([['army', 'running', 'army:1', '172.16.0.5', '127.0.0.1:40000']]);
    expect(statusText({ status: 'exited', exitCode: 1 })).toBe('exited (exit 1)');
  });

  it('lists partitions with their services and the connection matrix, the default for pairs without one', () => {
    expect(partitionRows(overview)).toEqual([['a', ['web']], ['b', ['db']], ['c', []]]);
    expect(connectionMatrix(overview)).toEqual({
      head: ['FROM \\ TO', 'a', 'b', 'c'],
      rows: [
        ['a', '-', 'blocked', 'open'],
        ['b', 'blocked', '-', '25% loss'],
        ['c', 'open', '25% loss', '-'],
      ],
    });
  });
});
