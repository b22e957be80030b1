// kurtosis_ts.service_lifecycle.v1.ServiceLifecycleService, served next to ApiContainerService.
import { serviceLifecycleApi } from '@kurtosis-ts/protos';
import { serveUnary } from './grpc/serve';
import type { StatusError } from '@kurtosis-ts/protos';
import type { RuntimeStatus } from '@kurtosis-ts/container-backend';
import type { Logger } from 'pino';
import type { ModuleStatus, ModuleStore } from './module/module-store';
import type { ServiceLifecycle } from './service/service-lifecycle';

const { ModuleStatus: WireModuleStatus, ServiceStatus } = serviceLifecycleApi;

function wireModuleStatus(module: ModuleStatus): serviceLifecycleApi.GetModuleStatusResponse {
  return {
    status: module.status === 'running' ? WireModuleStatus.MODULE_STATUS_RUNNING : WireModuleStatus.MODULE_STATUS_EXITED,
    exitCode: module.exitCode,
    image: module.image,
  };
}

const WIRE_STATUS: Record<RuntimeStatus, serviceLifecycleApi.ServiceStatus> = {
  running: ServiceStatus.SERVICE_STATUS_RUNNING,
  paused: ServiceStatus.SERVICE_STATUS_PAUSED,
  stopped: ServiceStatus.SERVICE_STATUS_STOPPED,
};

export function serviceLifecycleService(lifecycle: ServiceLifecycle, modules: ModuleStore, log: Logger): serviceLifecycleApi.ServiceLifecycleServiceServer {
  const onError = (err: StatusError, rpc: string) => log.warn({ rpc, code: err.code }, err.message);
  const serve = <Req>(rpc: string, operation: (request: Req) => Promise<RuntimeStatus>) =>
    serveUnary<Req, { status: serviceLifecycleApi.ServiceStatus }>(rpc, async (request) => ({ status: WIRE_STATUS[await operation(request)] }), onError);
  return {
    pauseService: serve('PauseService', (r: serviceLifecycleApi.PauseServiceRequest) => lifecycle.pause(r.serviceId)),
    unpauseService: serve('UnpauseService', (r: serviceLifecycleApi.UnpauseServiceRequest) => lifecycle.unpause(r.serviceId)),
    stopService: serve('StopService', (r: serviceLifecycleApi.StopServiceRequest) => lifecycle.stop(r.serviceId, r.stopTimeoutSeconds)),
    restartService: serve('RestartService', (r: serviceLifecycleApi.RestartServiceRequest) => lifecycle.restart(r.serviceId, r.stopTimeoutSeconds)),
    killService: serve('KillService', (r: serviceLifecycleApi.KillServiceRequest) => lifecycle.kill(r.serviceId, r.signal)),
    getServiceStatus: serveUnary(
      'GetServiceStatus',
      async (r: serviceLifecycleApi.GetServiceStatusRequest) => {
        const { status, exitCode } = await lifecycle.status(r.serviceId);
        return { status: WIRE_STATUS[status], exitCode };
      },
      onError,
    ),
    listServiceStatuses: serveUnary(
      'ListServiceStatuses',
      async () => {
        const statuses = await lifecycle.statuses();
        return {
          services: Object.fromEntries(Object.entries(statuses).map(([id, { status, exitCode }]) => [id, { status: WIRE_STATUS[status], exitCode }])),
        };
      },
      onError,
    ),
    getModuleStatus: serveUnary(
      'GetModuleStatus',
      async (r: serviceLifecycleApi.GetModuleStatusRequest) => wireModuleStatus(await modules.status(r.moduleId)),
      onError,
    ),
    listModuleStatuses: serveUnary(
      'ListModuleStatuses',
      async () => {
        const ids = modules.moduleIds();
        const statuses = await Promise.all(ids.map((id) => modules.status(id)));
        return { modules: Object.fromEntries(ids.map((id, i) => [id, wireModuleStatus(statuses[i])])) };
      },
      onError,
    ),
  };
}
