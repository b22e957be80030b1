// Flags of `service add`: ports as id=number[/tcp|udp|sctp], environment as KEY=value. Pure.
import { PortProtocol, PortSpec } from '@kurtosis-ts/engine-client';
import { UsageError } from './errors/cli-errors';

const PROTOCOLS: Record<string, PortProtocol> = { tcp: PortProtocol.TCP, udp: PortProtocol.UDP, sctp: PortProtocol.SCTP };

export function parsePortFlags(values: readonly string[]): Map<string, PortSpec> {
  const ports = new Map<string, PortSpec>();
  for (const value of values) {
    const match = /^([A-Za-z0-9][A-Za-z0-9._-]*)=(\d{1,5})(?:\/(tcp|udp|sctp))?$/i.exec(value);
    const number = Number(match?.[2]);
    if (!match || number < 1 || number > 65535) {
      throw new UsageError(`--ports '${value}' is not id=number[/tcp|udp|sctp] with a number from 1 to 65535 (e.g. http=8080/tcp)`);
    }
    if (ports.has(match[1])) throw new UsageError(`--ports names '${match[1]}' twice`);
    ports.set(match[1], new PortSpec(number, PROTOCOLS[(match[3] ?? 'tcp').toLowerCase()]));
  }
  return ports;
}

export function parseEnvFlags(values: readonly string[]): Map<string, string> {
  const env = new Map<string, string>();
  for (const value of values) {
    const index = value.indexOf('=');
    if (index <= 0) throw new UsageError(`--env '${value}' is not KEY=value`);
    env.set(value.slice(0, index), value.slice(index + 1));
  }
  return env;
}
