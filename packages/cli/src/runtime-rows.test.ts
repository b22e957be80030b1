import { trustedId } from '@kurtosis-ts/domain';
import type { Engine, EnclaveModule, UserService } from '@kurtosis-ts/container-backend';
import { deadEngines, moduleRows, moduleRowsFromContainers, serviceRows, statusText } from './runtime-rows';

const service = (serviceId: string, status: UserService['status']): UserService => ({
  enclaveId: trustedId('e'),
  serviceId: trustedId(serviceId),
  guid: trustedId(`${serviceId}-1`),
  status,
  privateIp: '172.16.0.4',
  privatePorts: { http: { number: 8080, protocol: 'tcp' } },
  publicHost: '127.0.0.1',
  publicPorts: status === 'running' ? { http: { number: 32000, protocol: 'tcp' } } : {},
  dataDirMountpoint: '',
});

describe('serviceRows', () => {
  it('takes the status the API container reports, with the exit code of a stopped service', () => {
    const rows = serviceRows(
      [service('web', 'running'), service('db', 'stopped'), service('cache', 'paused')],
      new Map([
        ['web', { status: 'running' as const, exitCode: 0 }],
        ['db', { status: 'stopped' as const, exitCode: 137 }],
        ['cache', { status: 'paused' as const, exitCode: 0 }],
      ]),
    );
    expect(rows.map((r) => [r.serviceId, statusText(r)])).toEqual([
      ['cache', 'paused'],
      ['db', 'stopped (exit 137)'],
      ['web', 'running'],
    ]);
    expect(rows[2].publicPorts).toEqual({ http: '127.0.0.1:32000/tcp' });
  });

  it("falls back to Docker's state, without exit codes, when the API container reports none", () => {
    expect(serviceRows([service('db', 'stopped')], undefined)).toEqual([
      { serviceId: 'db', status: 'stopped', exitCode: null, privateIp: '172.16.0.4', publicPorts: {} },
    ]);
  });
});

describe('moduleRows', () => {
  it('lists modules with their image, and the exit code of an exited one', () => {
    const rows = moduleRows(
      new Map([
        ['b', { status: 'running' as const, exitCode: 0, image: 'b:1' }],
        ['a', { status: 'exited' as const, exitCode: 1, image: 'a:1' }],
      ]),
    );
    expect(rows).toEqual([
      { moduleId: 'a', status: 'exited', exitCode: 1, image: 'a:1' },
      { moduleId: 'b', status: 'running', exitCode: null, image: 'b:1' },
    ]);
    expect(statusText(rows[0])).toBe('exited (exit 1)');
  });
});

describe('moduleRowsFromContainers', () => {
  it('says what the backend lists when the API container reports nothing', () => {
    const m = (moduleId: string, status: EnclaveModule['status']) => ({ moduleId, status }) as EnclaveModule;
    expect(moduleRowsFromContainers([m('z', 'running'), m('a', 'stopped')])).toEqual([
      { moduleId: 'a', status: 'exited', exitCode: null, image: '' },
      { moduleId: 'z', status: 'running', exitCode: null, image: '' },
    ]);
  });
});

describe('deadEngines', () => {
  it('picks the engine containers that no longer run', () => {
    const engines: Engine[] = [
      { guid: trustedId('live'), status: 'running', version: '0.1.0', publicAddress: { host: '127.0.0.1', port: 9710 } },
      { guid: trustedId('killed'), status: 'stopped', version: '0.1.0' },
    ];
    expect(deadEngines(engines).map((e) => e.guid)).toEqual(['killed']);
  });
});
