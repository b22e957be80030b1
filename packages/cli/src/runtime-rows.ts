// What `service ls`, `module ls` and `enclave inspect` print about each service's and module's
// runtime status, as the API container reads it from the container runtime. Pure.
import type { ModuleRuntimeStatus, ServiceRuntimeStatus } from '@kurtosis-ts/engine-client';
import type { Engine, EnclaveModule, UserService } from '@kurtosis-ts/container-backend';

export interface ServiceRow {
  serviceId: string;
  /** running, paused, stopped (or unknown). */
  status: string;
  /** The exit code of its last run, when it is stopped; null otherwise. */
  exitCode: number | null;
  privateIp: string;
  publicPorts: Record<string, string>;
}

export interface ModuleRow {
  moduleId: string;
  status: string;
  exitCode: number | null;
  image: string;
}

/** "running", "paused", "stopped (exit 137)". */
export function statusText(row: { status: string; exitCode: number | null }): string {
  return row.exitCode === null ? row.status : `${row.status} (exit ${row.exitCode})`;
}

/**
 * Services as the backend lists them (IPs, ports) with the status the API container reports; without
 * its report (an API container that does not serve our extension) the runtime state Docker lists.
 */
export function serviceRows(services: readonly UserService[], statuses: ReadonlyMap<string, ServiceRuntimeStatus> | undefined): ServiceRow[] {
  return [...services]
    .sort((a, b) => a.serviceId.localeCompare(b.serviceId))
    .map((s) => {
      const reported = statuses?.get(s.serviceId);
      const status = reported?.status ?? s.status;
      return {
        serviceId: s.serviceId,
        status,
        exitCode: reported && status === 'stopped' ? reported.exitCode : null,
        privateIp: s.privateIp,
        publicPorts: Object.fromEntries(Object.entries(s.publicPorts).map(([id, p]) => [id, `${s.publicHost}:${p.number}/${p.protocol}`])),
      };
    });
}

export function moduleRows(statuses: ReadonlyMap<string, ModuleRuntimeStatus>): ModuleRow[] {
  return [...statuses]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([moduleId, m]) => ({ moduleId, status: m.status, exitCode: m.status === 'exited' ? m.exitCode : null, image: m.image }));
}

/** Without the API container's report: module containers as Docker lists them (no exit code, no image). */
export function moduleRowsFromContainers(modules: readonly EnclaveModule[]): ModuleRow[] {
  return [...modules]
    .sort((a, b) => a.moduleId.localeCompare(b.moduleId))
    .map((m) => ({ moduleId: m.moduleId, status: m.status === 'stopped' ? 'exited' : m.status, exitCode: null, image: '' }));
}

/** Engine containers that no longer run (left by a kill or a crash): `engine start` removes them. */
export function deadEngines(engines: readonly Engine[]): Engine[] {
  return engines.filter((e) => e.status !== 'running');
}
