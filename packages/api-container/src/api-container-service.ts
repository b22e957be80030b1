// api_container_api.ApiContainerService: each RPC is its ApiOperations method behind serveUnary.
import { serveUnary } from './grpc/serve';
import type { apiContainerApi, StatusError } from '@kurtosis-ts/protos';
import type { ServerUnaryCall } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { ApiOperations, CallContext } from './api-operations';

export function apiContainerService(ops: ApiOperations, log: Logger): apiContainerApi.ApiContainerServiceServer {
  const onError = (err: StatusError, rpc: string) => log.warn({ rpc, code: err.code }, err.message);
  const serve = <Req, Res>(rpc: string, operation: (request: Req, call: CallContext) => Promise<Res>) =>
    serveUnary<Req, Res>(
      rpc,
      (request, call: ServerUnaryCall<Req, Res>) => {
        const cancellation = new AbortController();
        call.once('cancelled', () => cancellation.abort());
        return operation(request, { isCancelled: () => call.cancelled, signal: cancellation.signal });
      },
      onError,
    );
  return {
    startExternalContainerRegistration: serve('StartExternalContainerRegistration', () => ops.startExternalContainerRegistration()),
    finishExternalContainerRegistration: serve('FinishExternalContainerRegistration', (a: apiContainerApi.FinishExternalContainerRegistrationArgs) =>
      ops.finishExternalContainerRegistration(a),
    ),
    loadModule: serve('LoadModule', (a: apiContainerApi.LoadModuleArgs) => ops.loadModule(a)),
    unloadModule: serve('UnloadModule', (a: apiContainerApi.UnloadModuleArgs) => ops.unloadModule(a)),
    executeModule: serve('ExecuteModule', (a: apiContainerApi.ExecuteModuleArgs, c) => ops.executeModule(a, c)),
    getModuleInfo: serve('GetModuleInfo', (a: apiContainerApi.GetModuleInfoArgs) => ops.getModuleInfo(a)),
    registerFilesArtifacts: serve('RegisterFilesArtifacts', (a: apiContainerApi.RegisterFilesArtifactsArgs) => ops.registerFilesArtifacts(a)),
    registerService: serve('RegisterService', (a: apiContainerApi.RegisterServiceArgs) => ops.registerService(a)),
    startService: serve('StartService', (a: apiContainerApi.StartServiceArgs) => ops.startService(a)),
    getServiceInfo: serve('GetServiceInfo', (a: apiContainerApi.GetServiceInfoArgs) => ops.getServiceInfo(a)),
    removeService: serve('RemoveService', (a: apiContainerApi.RemoveServiceArgs) => ops.removeService(a)),
    repartition: serve('Repartition', (a: apiContainerApi.RepartitionArgs) => ops.repartition(a)),
    execCommand: serve('ExecCommand', (a: apiContainerApi.ExecCommandArgs) => ops.execCommand(a)),
    waitForHttpGetEndpointAvailability: serve('WaitForHttpGetEndpointAvailability', (a: apiContainerApi.WaitForHttpGetEndpointAvailabilityArgs, c) =>
      ops.waitForHttpGetEndpointAvailability(a, c),
    ),
    waitForHttpPostEndpointAvailability: serve('WaitForHttpPostEndpointAvailability', (a: apiContainerApi.WaitForHttpPostEndpointAvailabilityArgs, c) =>
      ops.waitForHttpPostEndpointAvailability(a, c),
    ),
    executeBulkCommands: serve('ExecuteBulkCommands', (a: apiContainerApi.ExecuteBulkCommandsArgs, c) => ops.executeBulkCommands(a, c)),
    getServices: serve('GetServices', () => ops.getServices()),
    getModules: serve('GetModules', () => ops.getModules()),
  };
}
