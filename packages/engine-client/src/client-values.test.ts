import { apiContainerApi } from '@kurtosis-ts/protos';
import { ContainerConfigBuilder } from './container-config';
import { KurtosisError } from './kurtosis-error';
import { BlockedPartitionConnection, SoftPartitionConnection, UnblockedPartitionConnection } from './partition-connection';
import { PortProtocol, PortSpec, portsFromWire, portsToWire } from './port-spec';

describe('partition connections', () => {
  it('carry 0, 100 and the given loss', () => {
    expect(new UnblockedPartitionConnection().toWire()).toEqual({ packetLossPercentage: 0 });
    expect(new BlockedPartitionConnection().toWire()).toEqual({ packetLossPercentage: 100 });
    expect(new SoftPartitionConnection(37.5).toWire()).toEqual({ packetLossPercentage: 37.5 });
  });

  it.each([-1, 100.1, Number.NaN, Number.POSITIVE_INFINITY])('refuse a soft loss of %p', (loss) => {
    expect(() => new SoftPartitionConnection(loss)).toThrow(KurtosisError);
    expect(() => new SoftPartitionConnection(loss)).toThrow('from 0 to 100');
  });
});

describe('PortSpec', () => {
  it('round-trips through the wire form', () => {
    const ports = new Map([
      ['http', new PortSpec(80)],
      ['dns', new PortSpec(53, PortProtocol.UDP)],
      ['s', new PortSpec(9, PortProtocol.SCTP)],
    ]);
    expect(portsToWire(ports)).toEqual({
      http: { number: 80, protocol: apiContainerApi.Port_Protocol.TCP },
      dns: { number: 53, protocol: apiContainerApi.Port_Protocol.UDP },
      s: { number: 9, protocol: apiContainerApi.Port_Protocol.SCTP },
    });
    expect(portsFromWire(portsToWire(ports))).toEqual(ports);
  });

  it.each([0, 65536, 1.5])('refuses port number %p', (n) => {
    expect(() => new PortSpec(n)).toThrow('is not from 1 to 65535');
  });
});

describe('ContainerConfigBuilder', () => {
  it('builds a config with only what was set, copies not references', () => {
    const env = new Map([['A', '1']]);
    const config = new ContainerConfigBuilder('img:1')
      .withUsedPorts(new Map([['http', new PortSpec(80)]]))
      .withEnvironmentVariableOverrides(env)
      .withCmdOverride(['serve'])
      .withFiles(new Map([['art', '/files']]))
      .build();
    env.set('B', '2');
    expect(config).toEqual({
      image: 'img:1',
      usedPorts: new Map([['http', new PortSpec(80)]]),
      environmentVariableOverrides: new Map([['A', '1']]),
      entrypointOverrideArgs: [],
      cmdOverrideArgs: ['serve'],
      filesArtifactMountpoints: new Map([['art', '/files']]),
    });
  });
});
