import { serviceLifecycleApi } from '@kurtosis-ts/protos';
import { moduleStatusesFromWire, moduleStatusFromWire, serviceStatusesFromWire, serviceStatusFromWire } from './runtime-status';

const { ServiceStatus, ModuleStatus } = serviceLifecycleApi;

describe('runtime status from the wire', () => {
  it('maps every service status, and says unknown for an unspecified one', () => {
    expect(
      [ServiceStatus.SERVICE_STATUS_RUNNING, ServiceStatus.SERVICE_STATUS_PAUSED, ServiceStatus.SERVICE_STATUS_STOPPED, ServiceStatus.SERVICE_STATUS_UNSPECIFIED].map(
        serviceStatusFromWire,
      ),
    ).toEqual(['running', 'paused', 'stopped', 'unknown']);
  });

  it('lists services by ID with their exit codes', () => {
    const statuses = serviceStatusesFromWire({
      services: {
        web: { status: ServiceStatus.SERVICE_STATUS_STOPPED, exitCode: 137 },
        db: { status: ServiceStatus.SERVICE_STATUS_RUNNING, exitCode: 0 },
      },
    });
    expect([...statuses]).toEqual([
      ['db', { status: 'running', exitCode: 0 }],
      ['web', { status: 'stopped', exitCode: 137 }],
    ]);
  });

  it('maps modules: running, exited with its code, the image', () => {
    expect(moduleStatusFromWire({ status: ModuleStatus.MODULE_STATUS_EXITED, exitCode: 1, image: 'm:1' })).toEqual({ status: 'exited', exitCode: 1, image: 'm:1' });
    expect(moduleStatusFromWire({ status: ModuleStatus.MODULE_STATUS_UNSPECIFIED, exitCode: 0, image: '' }).status).toBe('unknown');
    const statuses = moduleStatusesFromWire({
      modules: {
        b: { status: ModuleStatus.MODULE_STATUS_RUNNING, exitCode: 0, image: 'b:1' },
        a: { status: ModuleStatus.MODULE_STATUS_EXITED, exitCode: 137, image: 'a:1' },
      },
    });
    expect([...statuses.keys()]).toEqual(['a', 'b']);
    expect(statuses.get('b')).toEqual({ status: 'running', exitCode: 0, image: 'b:1' });
  });
});
