import { enclaveViewApi, serviceLifecycleApi } from '@kurtosis-ts/protos';
import { enclaveOverviewFromWire } from './enclave-overview';

const { ServiceStatus, ModuleStatus } = serviceLifecycleApi;

describe('enclaveOverviewFromWire', () => {
  const wire = enclaveViewApi.GetEnclaveOverviewResponse.fromPartial({
    services: [
      {
        serviceId: 'web',
        status: ServiceStatus.SERVICE_STATUS_RUNNING,
        privateIp: '172.16.0.3',
        ports: [
          { portId: 'http', privatePort: 80, protocol: 'tcp', publicIp: '192.0.2.7', publicPort: 33125 },
          { portId: 'dns', privatePort: 53, protocol: 'udp', publicIp: '', publicPort: 0 },
        ],
        partitionId: 'edge',
      },
      { serviceId: 'db', status: ServiceStatus.SERVICE_STATUS_STOPPED, exitCode: 137, privateIp: '172.16.0.4', partitionId: 'core' },
    ],
    modules: [
      { moduleId: 'army', status: ModuleStatus.MODULE_STATUS_RUNNING, image: 'army:1', privateIp: '172.16.0.5', publicPort: 40000, publicIp: '192.0.2.7' },
      { moduleId: 'dead', status: ModuleStatus.MODULE_STATUS_EXITED, exitCode: 1, image: 'x:1', privateIp: '172.16.0.6' },
    ],
    partitioningEnabled: true,
    partitions: [{ partitionId: 'edge', serviceIds: ['web'] }],
    connections: [{ partitionA: 'core', partitionB: 'edge', packetLossPercentage: 30.000001 }],
    defaultPacketLossPercentage: 100,
  });

  it('gives every published port and module the address the API container reported', () => {
    const overview = enclaveOverviewFromWire(wire);
    expect(overview.services[0].ports.map((p) => p.publicAddress)).toEqual(['192.0.2.7:33125', '']);
    expect(overview.modules.map((m) => m.publicAddress)).toEqual(['192.0.2.7:40000', '']);
  });

  it('reads statuses, exit codes, partitions and connections', () => {
    const overview = enclaveOverviewFromWire(wire);
    expect(overview.services.map((s) => [s.serviceId, s.status, s.exitCode, s.partitionId])).toEqual([
      ['web', 'running', null, 'edge'],
      ['db', 'stopped', 137, 'core'],
    ]);
    expect(overview.modules.map((m) => [m.moduleId, m.status, m.exitCode])).toEqual([
      ['army', 'running', null],
      ['dead', 'exited', 1],
    ]);
    expect(overview.connections).toEqual([{ partitionA: 'core', partitionB: 'edge', blocked: false, packetLossPercentage: 30 }]);
    expect(overview.defaultConnection).toEqual({ blocked: true, packetLossPercentage: 100 });
  });
});
