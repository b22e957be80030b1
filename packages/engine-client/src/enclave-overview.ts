// The enclave at a glance, from our EnclaveViewService's wire form: services with their ports and
// partitions, modules, and the partition topology. Pure.
import { enclaveViewApi } from '@kurtosis-ts/protos';
import { moduleStatusFromWire, serviceStatusFromWire } from './runtime-status';
import type { ModuleStatus, ServiceStatus } from './runtime-status';

export interface ServicePortOverview {
  portId: string;
  privatePort: number;
  protocol: string;
  /** "<host>:<port>" where the host reaches it (e.g. "127.0.0.1:33125") while it runs; "" otherwise. */
  publicAddress: string;
}

export interface ServiceOverview {
  serviceId: string;
  status: ServiceStatus;
  /** The exit code of its last run, when it is stopped; null otherwise. */
  exitCode: number | null;
  privateIp: string;
  ports: ServicePortOverview[];
  /** null in an enclave without partitioning. */
  partitionId: string | null;
}

export interface ModuleOverview {
  moduleId: string;
  status: ModuleStatus;
  exitCode: number | null;
  image: string;
  privateIp: string;
  /** "<host>:<port>" where the host reaches its 1111 while it runs; "" otherwise. */
  publicAddress: string;
}

export interface PartitionConnectionOverview {
  partitionA: string;
  partitionB: string;
  blocked: boolean;
  packetLossPercentage: number;
}

export interface EnclaveOverview {
  services: ServiceOverview[];
  modules: ModuleOverview[];
  partitioningEnabled: boolean;
  /** partition ID → its services (empty without partitioning). */
  partitions: { partitionId: string; serviceIds: string[] }[];
  /** Pairs with a connection of their own; every other pair uses the default. */
  connections: PartitionConnectionOverview[];
  defaultConnection: { blocked: boolean; packetLossPercentage: number };
}

const connection = (loss: number) => ({ blocked: loss >= 100, packetLossPercentage: loss });

export function enclaveOverviewFromWire(response: enclaveViewApi.GetEnclaveOverviewResponse): EnclaveOverview {
  return {
    services: response.services.map((s) => {
      const status = serviceStatusFromWire(s.status);
      return {
        serviceId: s.serviceId,
        status,
        exitCode: status === 'stopped' ? s.exitCode : null,
        privateIp: s.privateIp,
        ports: s.ports.map((p) => ({
          portId: p.portId,
          privatePort: p.privatePort,
          protocol: p.protocol,
          publicAddress: p.publicPort ? `${p.publicIp}:${p.publicPort}` : '',
        })),
        partitionId: response.partitioningEnabled ? s.partitionId : null,
      };
    }),
    modules: response.modules.map((m) => {
      const { status } = moduleStatusFromWire({ status: m.status, exitCode: m.exitCode, image: m.image });
      return {
        moduleId: m.moduleId,
        status,
        exitCode: status === 'exited' ? m.exitCode : null,
        image: m.image,
        privateIp: m.privateIp,
        publicAddress: m.publicPort && m.publicIp ? `${m.publicIp}:${m.publicPort}` : '',
      };
    }),
    partitioningEnabled: response.partitioningEnabled,
    partitions: response.partitions.map((p) => ({ partitionId: p.partitionId, serviceIds: [...p.serviceIds] })),
    connections: response.connections.map((c) => ({ partitionA: c.partitionA, partitionB: c.partitionB, ...connection(Math.round(c.packetLossPercentage * 100) / 100) })),
    defaultConnection: connection(Math.round(response.defaultPacketLossPercentage * 100) / 100),
  };
}

export interface LogLine {
  sourceId: string;
  sourceKind: 'service' | 'module';
  stream: 'stdout' | 'stderr';
  line: string;
  /** Unix ms when the runtime received it (0 when unknown). */
  timestampMs: number;
}

export function logLineFromWire(message: enclaveViewApi.StreamLogsResponse): LogLine {
  return {
    sourceId: message.sourceId,
    sourceKind: message.sourceKind === enclaveViewApi.LogSourceKind.LOG_SOURCE_KIND_MODULE ? 'module' : 'service',
    stream: message.stream === enclaveViewApi.OutputStream.OUTPUT_STREAM_STDERR ? 'stderr' : 'stdout',
    line: message.line,
    timestampMs: message.timestampUnixMs,
  };
}

export interface LogRequest {
  /** Both empty or unset: every service and module. */
  serviceIds?: readonly string[];
  moduleIds?: readonly string[];
  follow?: boolean;
  /** The last N lines of each source. */
  tailLines?: number;
  /** Lines written at or after this Unix time (ms). */
  sinceMs?: number;
}
