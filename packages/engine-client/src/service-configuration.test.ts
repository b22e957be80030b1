import { serviceConfigApi } from '@kurtosis-ts/protos';
import { PortProtocol, PortSpec } from './port-spec';
import { replacedServiceFromWire, serviceConfigurationFromWire, serviceConfigurationToWire } from './service-configuration';

const wire: serviceConfigApi.ServiceConfig = {
  dockerImage: 'db:1',
  privatePorts: { grpc: { number: 1323, protocol: serviceConfigApi.PortProtocol.PORT_PROTOCOL_TCP }, gossip: { number: 7000, protocol: serviceConfigApi.PortProtocol.PORT_PROTOCOL_UDP } },
  entrypointArgs: ['node'],
  cmdArgs: ['main.js'],
  dockerEnvVars: { A: '1' },
  enclaveDataDirMntDirpath: '/data',
  filesArtifactMountDirpaths: { site: '/site' },
};

describe('service configuration', () => {
  it('reads the wire form and writes it back unchanged', () => {
    const config = serviceConfigurationFromWire(wire);
    expect(config.ports['gossip']).toEqual(new PortSpec(7000, PortProtocol.UDP));
    expect(config.env).toEqual({ A: '1' });
    expect(serviceConfigurationToWire(config)).toEqual(wire);
  });

  it('takes plain port objects, as a configuration read from JSON has', () => {
    const fromJson = JSON.parse(JSON.stringify(serviceConfigurationFromWire(wire)));
    expect(serviceConfigurationToWire(fromJson)).toEqual(wire);
  });

  it('refuses a port of an unknown protocol instead of sending TCP', () => {
    const config = serviceConfigurationFromWire(wire);
    expect(() => serviceConfigurationToWire({ ...config, ports: { x: { number: 1, protocol: 'QUIC' as PortProtocol } as PortSpec } })).toThrow(/QUIC|protocol/);
  });

  it('reads a replacement answer', () => {
    const replaced = replacedServiceFromWire({ privateIpAddr: '172.20.0.5', publicIpAddr: '127.0.0.1', publicPorts: { grpc: { number: 49000, protocol: 0 } } });
    expect(replaced).toEqual({ privateIp: '172.20.0.5', publicIp: '127.0.0.1', publicPorts: new Map([['grpc', new PortSpec(49000, PortProtocol.TCP)]]) });
  });
});
