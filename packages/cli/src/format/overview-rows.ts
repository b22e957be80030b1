// What `enclave inspect`, `service ls` and `module ls` print of an enclave: services with status,
// private IP, ports and their host bindings, and partition; modules; which services are in which
// partition, and the connection matrix (blocked, or the loss in %). Pure.
import type { EnclaveOverview, ModuleOverview, ServiceOverview } from '@kurtosis-ts/engine-client';
import type { Cell } from '../output/rows';

/** "running", "paused", "stopped (exit 137)". */
export function statusText(row: { status: string; exitCode: number | null }): string {
  return row.exitCode === null ? row.status : `${row.status} (exit ${row.exitCode})`;
}

/** "http: 8080/tcp → <public host>:33125" (no arrow while it is not published). */
export function portTexts(service: ServiceOverview): string[] {
  return service.ports.map((p) => `${p.portId}: ${p.privatePort}/${p.protocol}${p.publicAddress ? ` → ${p.publicAddress}` : ''}`);
}

export const SERVICE_HEAD = ['SERVICE', 'STATUS', 'PRIVATE IP', 'PORTS', 'PARTITION'];

export function serviceRows(services: readonly ServiceOverview[]): Cell[][] {
  return services.map((s) => [s.serviceId, statusText(s), s.privateIp, portTexts(s), s.partitionId ?? '-']);
}

export const MODULE_HEAD = ['MODULE', 'STATUS', 'IMAGE', 'PRIVATE IP', 'HOST PORT'];

export function moduleRows(modules: readonly ModuleOverview[]): Cell[][] {
  return modules.map((m) => [m.moduleId, statusText(m), m.image || '-', m.privateIp || '-', m.publicAddress || '-']);
}

export const PARTITION_HEAD = ['PARTITION', 'SERVICES'];

export function partitionRows(overview: EnclaveOverview): Cell[][] {
  return overview.partitions.map((p) => [p.partitionId, p.serviceIds]);
}

const connectionText = (c: { blocked: boolean; packetLossPercentage: number }) => (c.blocked ? 'blocked' : c.packetLossPercentage > 0 ? `${c.packetLossPercentage}% loss` : 'open');

/** A partition × partition matrix: "-" on the diagonal, the pair's own connection or the default. */
export function connectionMatrix(overview: EnclaveOverview): { head: string[]; rows: Cell[][] } {
  const ids = overview.partitions.map((p) => p.partitionId);
  const between = (a: string, b: string) => {
    const own = overview.connections.find((c) => (c.partitionA === a && c.partitionB === b) || (c.partitionA === b && c.partitionB === a));
    return connectionText(own ?? overview.defaultConnection);
  };
  return { head: ['FROM \\ TO', ...ids], rows: ids.map((a) => [a, ...ids.map((b) => (a === b ? '-' : between(a, b)))]) };
}

/** The JSON of `enclave inspect`: the engine's facts, then the overview. */
export function inspectJson(enclave: Record<string, unknown>, overview: EnclaveOverview | undefined, why?: string): Record<string, unknown> {
  return {
    ...enclave,
    ...(overview
      ? { services: overview.services, modules: overview.modules, partitioningEnabled: overview.partitioningEnabled, partitions: overview.partitions, connections: overview.connections, defaultConnection: overview.defaultConnection }
      : { services: null, modules: null, unavailable: why }),
  };
}
