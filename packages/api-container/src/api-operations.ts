// Every operation of ApiContainerService as a plain async method, so the gRPC server and the
// bulk-commands runner call exactly the same code.
import type { apiContainerApi } from '@kurtosis-ts/protos';
import { toRepartition } from './partition/repartition-request';
import { runBulkCommands } from './bulk/bulk-command-runner';
import { endpointUrl, waitForHttpAvailability } from './http-availability';
import { validatePortNumber } from './service/start-service-request';
import { validateFilesArtifactCount, validateProcessStrings, validateStopTimeout, validateWaitSchedule } from './bounds/request-bounds';
import type { ServiceNetwork } from './service/service-network';
import type { ModuleStore } from './module/module-store';
import type { FilesArtifactStore } from './artifacts/files-artifact-store';

type Empty = Record<string, never>;

/** What an operation may know of the call that asked for it. */
export interface CallContext {
  isCancelled(): boolean;
  /** Aborted when the caller cancels; passed on to calls this operation makes. */
  signal?: AbortSignal;
}

export const NO_CALL: CallContext = { isCancelled: () => false };

type WaitArgs = Omit<apiContainerApi.WaitForHttpPostEndpointAvailabilityArgs, 'requestBody'> & { requestBody?: string };

export class ApiOperations {
  constructor(
    private readonly network: ServiceNetwork,
    private readonly modules: ModuleStore,
    private readonly artifacts: FilesArtifactStore,
  ) {}

  registerService(args: apiContainerApi.RegisterServiceArgs): Promise<apiContainerApi.RegisterServiceResponse> {
    return this.network.registerService(args);
  }

  startService(args: apiContainerApi.StartServiceArgs): Promise<apiContainerApi.StartServiceResponse> {
    return this.network.startService(args);
  }

  async getServiceInfo(args: apiContainerApi.GetServiceInfoArgs): Promise<apiContainerApi.GetServiceInfoResponse> {
    return this.network.getServiceInfo(args.serviceId);
  }

  async getServices(): Promise<apiContainerApi.GetServicesResponse> {
    return { serviceIds: Object.fromEntries(this.network.getServiceIds().map((id) => [id, true])) };
  }

  async removeService(args: apiContainerApi.RemoveServiceArgs): Promise<Empty> {
    validateStopTimeout('container_stop_timeout_seconds', args.containerStopTimeoutSeconds);
    await this.network.removeService(args.serviceId, args.containerStopTimeoutSeconds);
    return {};
  }

  async execCommand(args: apiContainerApi.ExecCommandArgs): Promise<apiContainerApi.ExecCommandResponse> {
    validateProcessStrings({ argv: { command_args: args.commandArgs } });
    return this.network.execCommand(args.serviceId, args.commandArgs);
  }

  waitForHttpGetEndpointAvailability(args: apiContainerApi.WaitForHttpGetEndpointAvailabilityArgs, call: CallContext = NO_CALL): Promise<Empty> {
    return this.waitForEndpoint({ ...args, requestBody: undefined }, 'GET', call);
  }

  waitForHttpPostEndpointAvailability(args: apiContainerApi.WaitForHttpPostEndpointAvailabilityArgs, call: CallContext = NO_CALL): Promise<Empty> {
    return this.waitForEndpoint(args, 'POST', call);
  }

  async startExternalContainerRegistration(): Promise<apiContainerApi.StartExternalContainerRegistrationResponse> {
    return this.network.startExternalContainerRegistration();
  }

  async finishExternalContainerRegistration(args: apiContainerApi.FinishExternalContainerRegistrationArgs): Promise<Empty> {
    await this.network.finishExternalContainerRegistration(args);
    return {};
  }

  loadModule(args: apiContainerApi.LoadModuleArgs): Promise<apiContainerApi.LoadModuleResponse> {
    return this.modules.load(args);
  }

  async unloadModule(args: apiContainerApi.UnloadModuleArgs): Promise<Empty> {
    await this.modules.unload(args.moduleId);
    return {};
  }

  executeModule(args: apiContainerApi.ExecuteModuleArgs, call: CallContext = NO_CALL): Promise<apiContainerApi.ExecuteModuleResponse> {
    return this.modules.execute(args, call.signal);
  }

  async getModuleInfo(args: apiContainerApi.GetModuleInfoArgs): Promise<apiContainerApi.GetModuleInfoResponse> {
    return this.modules.getInfo(args.moduleId);
  }

  async getModules(): Promise<apiContainerApi.GetModulesResponse> {
    return { moduleIds: Object.fromEntries(this.modules.moduleIds().map((id) => [id, true])) };
  }

  async registerFilesArtifacts(args: apiContainerApi.RegisterFilesArtifactsArgs): Promise<Empty> {
    validateFilesArtifactCount(Object.keys(args.filesArtifactUrls).length);
    await this.artifacts.register(args.filesArtifactUrls);
    return {};
  }

  async repartition(args: apiContainerApi.RepartitionArgs): Promise<Empty> {
    await this.network.repartition(toRepartition(args));
    return {};
  }

  async executeBulkCommands(args: apiContainerApi.ExecuteBulkCommandsArgs, call: CallContext = NO_CALL): Promise<Empty> {
    await runBulkCommands(this, args.serializedCommands, (serviceId) => this.network.registeredIpOf(serviceId), call);
    return {};
  }

  private async waitForEndpoint(args: WaitArgs, method: 'GET' | 'POST', call: CallContext): Promise<Empty> {
    validatePortNumber('port', args.port);
    validateWaitSchedule(args);
    const ip = this.network.privateIpOf(args.serviceId);
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
      () => call.isCancelled(),
    );
    return {};
  }
}
