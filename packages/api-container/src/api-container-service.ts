// api_container_api.ApiContainerService: thin gRPC adapters. Module, partition, files-artifact and
// bulk-command RPCs answer UNIMPLEMENTED until they land.
import { serveUnary, unimplemented } from '@kurtosis-ts/protos';
import type { apiContainerApi, StatusError } from '@kurtosis-ts/protos';
import type { Logger } from 'pino';
import { endpointUrl, waitForHttpAvailability } from './http-availability';
import { validatePortNumber } from './service/start-service-request';
import type { ServiceNetwork } from './service/service-network';

const notYet = (rpc: string) => async () => {
  throw unimplemented(`${rpc} is not implemented by this API container yet`);
};

type WaitArgs = Omit<apiContainerApi.WaitForHttpPostEndpointAvailabilityArgs, 'requestBody'> & { requestBody?: string };

async function waitForEndpoint(network: ServiceNetwork, args: WaitArgs, method: 'GET' | 'POST', isCancelled: () => boolean): Promise<object> {
  validatePortNumber('port', args.port);
  const ip = network.privateIpOf(args.serviceId);
  await waitForHttpAvailability(
    {
      serviceId: args.serviceId,
      url: endpointUrl(ip, args.port, args.path),
      method,
      requestBody: args.requestBody,
      initialDelayMs: args.initialDelayMilliseconds,
      retries: args.retries,
      retriesDelayMs: args.retriesDelayMilliseconds,
      bodyText: args.bodyText,
    },
    isCancelled,
  );
  return {};
}

export function apiContainerService(network: ServiceNetwork, log: Logger): apiContainerApi.ApiContainerServiceServer {
  const onError = (err: StatusError, rpc: string) => log.warn({ rpc, code: err.code }, err.message);
  const empty = {};
  return {
    registerService: serveUnary('RegisterService', (args: apiContainerApi.RegisterServiceArgs) => network.registerService(args), onError),
    startService: serveUnary('StartService', (args: apiContainerApi.StartServiceArgs) => network.startService(args), onError),
    getServiceInfo: serveUnary('GetServiceInfo', async (args: apiContainerApi.GetServiceInfoArgs) => network.getServiceInfo(args.serviceId), onError),
    getServices: serveUnary(
      'GetServices',
      async () => ({ serviceIds: Object.fromEntries(network.getServiceIds().map((id) => [id, true])) }),
      onError,
    ),
    removeService: serveUnary(
      'RemoveService',
      async (args: apiContainerApi.RemoveServiceArgs) => {
        await network.removeService(args.serviceId, args.containerStopTimeoutSeconds);
        return empty;
      },
      onError,
    ),
    execCommand: serveUnary('ExecCommand', (args: apiContainerApi.ExecCommandArgs) => network.execCommand(args.serviceId, args.commandArgs), onError),
    waitForHttpGetEndpointAvailability: serveUnary(
      'WaitForHttpGetEndpointAvailability',
      (args: apiContainerApi.WaitForHttpGetEndpointAvailabilityArgs, call) => waitForEndpoint(network, { ...args, requestBody: undefined }, 'GET', () => call.cancelled),
      onError,
    ),
    waitForHttpPostEndpointAvailability: serveUnary(
      'WaitForHttpPostEndpointAvailability',
      (args: apiContainerApi.WaitForHttpPostEndpointAvailabilityArgs, call) => waitForEndpoint(network, args, 'POST', () => call.cancelled),
      onError,
    ),
    startExternalContainerRegistration: serveUnary(
      'StartExternalContainerRegistration',
      async () => network.startExternalContainerRegistration(),
      onError,
    ),
    finishExternalContainerRegistration: serveUnary(
      'FinishExternalContainerRegistration',
      async (args: apiContainerApi.FinishExternalContainerRegistrationArgs) => {
        await network.finishExternalContainerRegistration(args);
        return empty;
      },
      onError,
    ),
    loadModule: serveUnary('LoadModule', notYet('LoadModule'), onError),
    unloadModule: serveUnary('UnloadModule', notYet('UnloadModule'), onError),
    executeModule: serveUnary('ExecuteModule', notYet('ExecuteModule'), onError),
    getModuleInfo: serveUnary('GetModuleInfo', notYet('GetModuleInfo'), onError),
    getModules: serveUnary('GetModules', async () => ({ moduleIds: {} }), onError),
    registerFilesArtifacts: serveUnary('RegisterFilesArtifacts', notYet('RegisterFilesArtifacts'), onError),
    repartition: serveUnary('Repartition', notYet('Repartition'), onError),
    executeBulkCommands: serveUnary('ExecuteBulkCommands', notYet('ExecuteBulkCommands'), onError),
  };
}
