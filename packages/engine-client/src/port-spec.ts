import { apiContainerApi } from '@kurtosis-ts/protos';
import { invalidArgument } from './kurtosis-error';

export enum PortProtocol {
  TCP = 'TCP',
  SCTP = 'SCTP',
  UDP = 'UDP',
}

const TO_WIRE: Record<PortProtocol, apiContainerApi.Port_Protocol> = {
  [PortProtocol.TCP]: apiContainerApi.Port_Protocol.TCP,
  [PortProtocol.SCTP]: apiContainerApi.Port_Protocol.SCTP,
  [PortProtocol.UDP]: apiContainerApi.Port_Protocol.UDP,
};

/** A port of a container: its number and protocol. */
export class PortSpec {
  constructor(
    readonly number: number,
    readonly protocol: PortProtocol = PortProtocol.TCP,
  ) {
    if (!Number.isInteger(number) || number < 1 || number > 65535) throw invalidArgument(`Port number ${number} is not from 1 to 65535`);
  }

  toWire(): apiContainerApi.Port {
    return { number: this.number, protocol: TO_WIRE[this.protocol] };
  }

  static fromWire(port: apiContainerApi.Port): PortSpec {
    const protocol = (Object.keys(TO_WIRE) as PortProtocol[]).find((p) => TO_WIRE[p] === port.protocol);
    if (!protocol) throw invalidArgument(`Port ${port.number} has unknown protocol ${port.protocol}`);
    return new PortSpec(port.number, protocol);
  }
}

export function portsToWire(ports: ReadonlyMap<string, PortSpec>): Record<string, apiContainerApi.Port> {
  return Object.fromEntries([...ports].map(([id, p]) => [id, p.toWire()]));
}

export function portsFromWire(ports: Record<string, apiContainerApi.Port>): Map<string, PortSpec> {
  return new Map(Object.entries(ports).map(([id, p]) => [id, PortSpec.fromWire(p)]));
}
