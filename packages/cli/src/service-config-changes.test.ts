import { PortProtocol, PortSpec } from '@kurtosis-ts/engine-client';
import type { ServiceConfiguration } from '@kurtosis-ts/engine-client';
import { UsageError } from './errors/cli-errors';
import { applyConfigChanges, configToJson, parseConfigJson } from './service-config-changes';

const current: ServiceConfiguration = {
  image: 'db:1',
  ports: { grpc: new PortSpec(1323, PortProtocol.TCP) },
  entrypoint: [],
  cmd: ['serve'],
  env: { MODE: 'fast', LEVEL: 'info' },
  dataDirMountpoint: '/data',
  filesArtifactMountpoints: {},
};
const none = { env: [], unsetEnv: [], ports: [], cmd: [] };

describe('service replace changes', () => {
  it('changes only what the flags name', () => {
    const next = applyConfigChanges(current, { ...none, image: 'db:2', env: ['MODE=safe', 'NEW=1'], unsetEnv: ['LEVEL'] });
    expect(next).toEqual({ ...current, image: 'db:2', env: { MODE: 'safe', NEW: '1' } });
    expect(applyConfigChanges(current, { ...none, cmd: ['serve', '--fast'], entrypoint: '/bin/sh' })).toMatchObject({ cmd: ['serve', '--fast'], entrypoint: ['/bin/sh'] });
    expect(applyConfigChanges({ ...current, entrypoint: ['/x'] }, { ...none, entrypoint: '' }).entrypoint).toEqual([]);
    expect(applyConfigChanges(current, { ...none, ports: ['grpc=2000/udp'] }).ports).toEqual({ grpc: new PortSpec(2000, PortProtocol.UDP) });
  });

  it('takes a whole configuration as service config -o json prints it', () => {
    const printed = JSON.stringify({ serviceId: 'db', partitionId: 'default', privateIp: '172.20.0.3', ...configToJson({ ...current, image: 'db:3' }) });
    expect(parseConfigJson(printed)).toEqual({ ...current, image: 'db:3' });
    expect(applyConfigChanges(current, { ...none, config: printed, env: ['X=1'] })).toMatchObject({ image: 'db:3', env: { MODE: 'fast', LEVEL: 'info', X: '1' } });
  });

  it('refuses what is not a configuration, naming the field', () => {
    expect(() => parseConfigJson('{')).toThrow(UsageError);
    expect(() => parseConfigJson(JSON.stringify({ ...configToJson(current), ports: { grpc: { number: 1, protocol: 'QUIC' } } }))).toThrow(/ports\.grpc\.protocol/);
    expect(() => parseConfigJson(JSON.stringify({ ...configToJson(current), extra: 1 }))).toThrow(UsageError);
    expect(() => applyConfigChanges(current, { ...none, unsetEnv: ['PATH'] })).toThrow(/no variable PATH/);
    expect(() => applyConfigChanges(current, { ...none, env: ['=x'] })).toThrow(UsageError);
  });
});
