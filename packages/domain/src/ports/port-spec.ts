// A port a service or module listens on, as every layer speaks of it.
export type PortProtocol = 'tcp' | 'udp' | 'sctp';

export interface PortSpec {
  number: number;
  protocol: PortProtocol;
}
