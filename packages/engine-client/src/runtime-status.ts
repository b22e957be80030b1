// The runtime status of services and modules, from our lifecycle extension's wire form. Pure.
import { serviceLifecycleApi } from '@kurtosis-ts/protos';

/** Where a started service's container is in its lifecycle; "unknown" when the server did not say. */
export type ServiceStatus = 'running' | 'paused' | 'stopped' | 'unknown';

export interface ServiceRuntimeStatus {
  status: ServiceStatus;
  /** The exit code of the container's last run (meaningful when stopped). */
  exitCode: number;
}

/** Whether a loaded module's container still runs; "unknown" when the server did not say. */
export type ModuleStatus = 'running' | 'exited' | 'unknown';

export interface ModuleRuntimeStatus {
  status: ModuleStatus;
  /** The module container's exit code (meaningful when exited). */
  exitCode: number;
  /** The image it was loaded from. */
  image: string;
}

const SERVICE_STATUS: Record<number, ServiceStatus> = {
  [serviceLifecycleApi.ServiceStatus.SERVICE_STATUS_RUNNING]: 'running',
  [serviceLifecycleApi.ServiceStatus.SERVICE_STATUS_PAUSED]: 'paused',
  [serviceLifecycleApi.ServiceStatus.SERVICE_STATUS_STOPPED]: 'stopped',
};

const MODULE_STATUS: Record<number, ModuleStatus> = {
  [serviceLifecycleApi.ModuleStatus.MODULE_STATUS_RUNNING]: 'running',
  [serviceLifecycleApi.ModuleStatus.MODULE_STATUS_EXITED]: 'exited',
};

export function serviceStatusFromWire(status: serviceLifecycleApi.ServiceStatus): ServiceStatus {
  return SERVICE_STATUS[status] ?? 'unknown';
}

export function serviceStatusesFromWire(response: serviceLifecycleApi.ListServiceStatusesResponse): Map<string, ServiceRuntimeStatus> {
  return new Map(
    Object.entries(response.services)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([serviceId, info]) => [serviceId, { status: serviceStatusFromWire(info.status), exitCode: info.exitCode }]),
  );
}

export function moduleStatusFromWire(response: serviceLifecycleApi.GetModuleStatusResponse): ModuleRuntimeStatus {
  return { status: MODULE_STATUS[response.status] ?? 'unknown', exitCode: response.exitCode, image: response.image };
}

export function moduleStatusesFromWire(response: serviceLifecycleApi.ListModuleStatusesResponse): Map<string, ModuleRuntimeStatus> {
  return new Map(
    Object.entries(response.modules)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([moduleId, info]) => [moduleId, moduleStatusFromWire(info)]),
  );
}
