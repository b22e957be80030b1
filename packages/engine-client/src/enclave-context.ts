// An enclave, through its API container: from the host (its loopback port) or from inside a module
// (apiContainerSocket on the enclave network). One obtained through KurtosisContext follows its API
// container to a new port after a restart (api-container-connection.ts).
import { enclaveViewApi } from '@kurtosis-ts/protos';
import type { apiContainerApi } from '@kurtosis-ts/protos';
import { ENCLAVE_DATA_DIR_MOUNTPOINT } from '@kurtosis-ts/protos';
import { ApiContainerConnection } from './api-container-connection';
import type { ApiContainerLocator } from './api-container-connection';
import type { ContainerConfig } from './container-config';
import { invalidArgument } from './kurtosis-error';
import { ModuleContext } from './module-context';
import type { PartitionConnection } from './partition-connection';
import { portsFromWire, portsToWire } from './port-spec';
import { moduleStatusesFromWire, moduleStatusFromWire, serviceStatusesFromWire, serviceStatusFromWire } from './runtime-status';
import type { ModuleRuntimeStatus, ServiceRuntimeStatus, ServiceStatus } from './runtime-status';
import { ServiceContext } from './service-context';
import { replacedServiceFromWire, serviceConfigurationFromWire, serviceConfigurationToWire } from './service-configuration';
import type { ReplacedService, ServiceConfiguration, ServiceConfigurationInfo } from './service-configuration';
import { unaryCall } from './unary-call';
import { streamCall } from './stream-call';
import { enclaveOverviewFromWire, logLineFromWire } from './enclave-overview';
import type { EnclaveOverview, LogLine, LogRequest } from './enclave-overview';

/** Where a new service's directory of the enclave data volume is, for its config supplier. */
export interface SharedDirectory {
  /** Relative to the enclave data directory. */
  relativePath: string;
  /** The same directory as the service will see it. */
  pathOnServiceContainer: string;
}

export type ContainerConfigSupplier = (privateIpAddress: string, sharedDirectory: SharedDirectory) => ContainerConfig | Promise<ContainerConfig>;

/** How long quick calls may take; module executes, service starts and waits have no limit. */
const QUICK_CALL_MS = 60_000;

export class EnclaveContext {
  private constructor(
    private readonly connection: ApiContainerConnection,
    private readonly enclaveId: string,
  ) {}

  /**
   * Connects to an enclave's API container at host:port, e.g. a module's apiContainerSocket. With a
   * `locator` (KurtosisContext passes one that asks the engine), a call that fails UNAVAILABLE finds
   * the API container again and is made once more.
   */
  static connect(enclaveId: string, apiContainerAddress: string, options: { locator?: ApiContainerLocator } = {}): EnclaveContext {
    return new EnclaveContext(new ApiContainerConnection(apiContainerAddress, options.locator), enclaveId);
  }

  getEnclaveId(): string {
    return this.enclaveId;
  }

  /** host:port of its API container, as of the last (re)connect. */
  getApiContainerAddress(): string {
    return this.connection.currentAddress;
  }

  close(): void {
    this.connection.close();
  }

  // ---------------------------------------------------------------- modules

  async loadModule(moduleId: string, image: string, serializedParams = '{}'): Promise<ModuleContext> {
    await this.connection.call(({ api }) =>
      unaryCall(api, api.loadModule, { moduleId, containerImage: image, serializedParams }, `Loading module '${moduleId}' from image '${image}'`),
    );
    return new ModuleContext(this.connection, moduleId);
  }

  async unloadModule(moduleId: string): Promise<void> {
    await this.connection.call(({ api }) =>
      unaryCall(api, api.unloadModule, { moduleId }, `Unloading module '${moduleId}'`, { timeoutMs: QUICK_CALL_MS }),
    );
  }

  /** Checks that the module is loaded and returns its context. */
  async getModuleContext(moduleId: string): Promise<ModuleContext> {
    await this.connection.call(({ api }) =>
      unaryCall(api, api.getModuleInfo, { moduleId }, `Getting module '${moduleId}'`, { timeoutMs: QUICK_CALL_MS }),
    );
    return new ModuleContext(this.connection, moduleId);
  }

  async getModules(): Promise<Set<string>> {
    const response = await this.connection.call(({ api }) => unaryCall(api, api.getModules, {}, 'Listing modules', { timeoutMs: QUICK_CALL_MS }));
    return new Set(Object.keys(response.moduleIds));
  }

  // ---------------------------------------------------------------- services

  addService(serviceId: string, configSupplier: ContainerConfigSupplier): Promise<ServiceContext> {
    return this.addServiceToPartition(serviceId, '', configSupplier);
  }

  async addServiceToPartition(serviceId: string, partitionId: string, configSupplier: ContainerConfigSupplier): Promise<ServiceContext> {
    const doing = `Adding service '${serviceId}'`;
    const registered = await this.connection.call(({ api }) =>
      unaryCall(api, api.registerService, { serviceId, partitionId }, doing, { timeoutMs: QUICK_CALL_MS }),
    );
    const config = await configSupplier(registered.privateIpAddr, {
      relativePath: registered.relativeServiceDirpath,
      pathOnServiceContainer: `${ENCLAVE_DATA_DIR_MOUNTPOINT}/${registered.relativeServiceDirpath}`,
    });
    const started = await this.connection.call(({ api }) =>
      unaryCall(
        api,
        api.startService,
        {
          serviceId,
          dockerImage: config.image,
          privatePorts: portsToWire(config.usedPorts),
          entrypointArgs: [...config.entrypointOverrideArgs],
          cmdArgs: [...config.cmdOverrideArgs],
          dockerEnvVars: Object.fromEntries(config.environmentVariableOverrides),
          enclaveDataDirMntDirpath: ENCLAVE_DATA_DIR_MOUNTPOINT,
          filesArtifactMountDirpaths: Object.fromEntries(config.filesArtifactMountpoints),
        },
        doing,
      ),
    );
    return new ServiceContext(
      this.connection,
      serviceId,
      registered.privateIpAddr,
      config.usedPorts,
      started.publicIpAddr,
      portsFromWire(started.publicPorts),
    );
  }

  async getServiceContext(serviceId: string): Promise<ServiceContext> {
    const info = await this.connection.call(({ api }) =>
      unaryCall(api, api.getServiceInfo, { serviceId }, `Getting service '${serviceId}'`, { timeoutMs: QUICK_CALL_MS }),
    );
    return new ServiceContext(
      this.connection,
      serviceId,
      info.privateIpAddr,
      portsFromWire(info.privatePorts),
      info.publicIpAddr,
      portsFromWire(info.publicPorts),
    );
  }

  async getServices(): Promise<Set<string>> {
    const response = await this.connection.call(({ api }) => unaryCall(api, api.getServices, {}, 'Listing services', { timeoutMs: QUICK_CALL_MS }));
    return new Set(Object.keys(response.serviceIds));
  }

  async removeService(serviceId: string, containerStopTimeoutSeconds = 10): Promise<void> {
    await this.connection.call(({ api }) =>
      unaryCall(api, api.removeService, { serviceId, containerStopTimeoutSeconds }, `Removing service '${serviceId}'`),
    );
  }

  // ---------------------------------------------------------------- network

  /**
   * Replaces the enclave's partition topology: every service in exactly one partition; a pair of
   * partitions without a connection uses `defaultConnection`.
   */
  async repartitionNetwork(
    partitionServices: ReadonlyMap<string, ReadonlySet<string>>,
    partitionConnections: ReadonlyMap<string, ReadonlyMap<string, PartitionConnection>>,
    defaultConnection: PartitionConnection,
  ): Promise<void> {
    const args: apiContainerApi.RepartitionArgs = {
      partitionServices: Object.fromEntries(
        [...partitionServices].map(([partition, services]) => [partition, { serviceIdSet: Object.fromEntries([...services].map((s) => [s, true])) }]),
      ),
      partitionConnections: Object.fromEntries(
        [...partitionConnections].map(([from, connections]) => [
          from,
          { connectionInfo: Object.fromEntries([...connections].map(([to, connection]) => [to, connection.toWire()])) },
        ]),
      ),
      defaultConnection: defaultConnection.toWire(),
    };
    await this.connection.call(({ api }) => unaryCall(api, api.repartition, args, 'Repartitioning the network', { timeoutMs: QUICK_CALL_MS }));
  }

  // ---------------------------------------------------------------- waits, files, bulk

  async waitForHttpGetEndpointAvailability(
    serviceId: string,
    port: number,
    path: string,
    initialDelayMilliseconds: number,
    retries: number,
    retriesDelayMilliseconds: number,
    bodyText = '',
  ): Promise<void> {
    await this.connection.call(({ api }) =>
      unaryCall(
        api,
        api.waitForHttpGetEndpointAvailability,
        { serviceId, port, path, initialDelayMilliseconds, retries, retriesDelayMilliseconds, bodyText },
        `Waiting for GET ${path} on port ${port} of service '${serviceId}'`,
      ),
    );
  }

  async waitForHttpPostEndpointAvailability(
    serviceId: string,
    port: number,
    path: string,
    requestBody: string,
    initialDelayMilliseconds: number,
    retries: number,
    retriesDelayMilliseconds: number,
    bodyText = '',
  ): Promise<void> {
    await this.connection.call(({ api }) =>
      unaryCall(
        api,
        api.waitForHttpPostEndpointAvailability,
        { serviceId, port, path, requestBody, initialDelayMilliseconds, retries, retriesDelayMilliseconds, bodyText },
        `Waiting for POST ${path} on port ${port} of service '${serviceId}'`,
      ),
    );
  }

  /** artifact ID → URL of a .tgz the API container can reach */
  async registerFilesArtifacts(filesArtifactUrls: ReadonlyMap<string, string>): Promise<void> {
    if (filesArtifactUrls.size === 0) throw invalidArgument('Registering files artifacts needs at least one artifact');
    await this.connection.call(({ api }) =>
      unaryCall(api, api.registerFilesArtifacts, { filesArtifactUrls: Object.fromEntries(filesArtifactUrls) }, 'Registering files artifacts'),
    );
  }

  /** Runs a bulk commands document (docs/protocol.md) in the enclave. */
  async executeBulkCommands(serializedCommands: string): Promise<void> {
    await this.connection.call(({ api }) => unaryCall(api, api.executeBulkCommands, { serializedCommands }, 'Executing bulk commands'));
  }

  // ---------------------------------------------------------------- service lifecycle
  // kurtosis-ts's own ServiceLifecycleService: API containers of the original Kurtosis do not serve
  // it, and answer these calls with UNIMPLEMENTED.

  /** Freezes every process of a running service; it answers nothing until unpaused. */
  async pauseService(serviceId: string): Promise<void> {
    await this.connection.call(({ lifecycle }) =>
      unaryCall(lifecycle, lifecycle.pauseService, { serviceId }, `Pausing service '${serviceId}'`, { timeoutMs: QUICK_CALL_MS }),
    );
  }

  async unpauseService(serviceId: string): Promise<void> {
    await this.connection.call(({ lifecycle }) =>
      unaryCall(lifecycle, lifecycle.unpauseService, { serviceId }, `Unpausing service '${serviceId}'`, { timeoutMs: QUICK_CALL_MS }),
    );
  }

  /** SIGTERM, then SIGKILL after the timeout; the service stays in the enclave, stopped, until restarted. */
  async stopService(serviceId: string, stopTimeoutSeconds = 10): Promise<void> {
    await this.connection.call(({ lifecycle }) =>
      unaryCall(lifecycle, lifecycle.stopService, { serviceId, stopTimeoutSeconds }, `Stopping service '${serviceId}'`),
    );
  }

  /** Starts a stopped service again at the same IP (its host ports may change). */
  async restartService(serviceId: string, stopTimeoutSeconds = 10): Promise<void> {
    await this.connection.call(({ lifecycle }) =>
      unaryCall(lifecycle, lifecycle.restartService, { serviceId, stopTimeoutSeconds }, `Restarting service '${serviceId}'`),
    );
  }

  /** Sends a signal (default SIGKILL) to the service's main process, even when it runs as PID 1. */
  async killService(serviceId: string, signal = 'SIGKILL'): Promise<void> {
    await this.connection.call(({ lifecycle }) =>
      unaryCall(lifecycle, lifecycle.killService, { serviceId, signal }, `Sending ${signal} to service '${serviceId}'`, { timeoutMs: QUICK_CALL_MS }),
    );
  }

  async getServiceStatus(serviceId: string): Promise<{ status: ServiceStatus; exitCode: number }> {
    const response = await this.connection.call(({ lifecycle }) =>
      unaryCall(lifecycle, lifecycle.getServiceStatus, { serviceId }, `Getting the status of service '${serviceId}'`, { timeoutMs: QUICK_CALL_MS }),
    );
    return { status: serviceStatusFromWire(response.status), exitCode: response.exitCode };
  }

  /** Every started service's status, read from the container runtime: service ID → status. */
  async getServiceStatuses(): Promise<Map<string, ServiceRuntimeStatus>> {
    const response = await this.connection.call(({ lifecycle }) =>
      unaryCall(lifecycle, lifecycle.listServiceStatuses, {}, 'Listing the statuses of the services', { timeoutMs: QUICK_CALL_MS }),
    );
    return serviceStatusesFromWire(response);
  }

  /** Whether a loaded module's container still runs (a dead module stays loaded until unloaded). */
  async getModuleStatus(moduleId: string): Promise<ModuleRuntimeStatus> {
    const response = await this.connection.call(({ lifecycle }) =>
      unaryCall(lifecycle, lifecycle.getModuleStatus, { moduleId }, `Getting the status of module '${moduleId}'`, { timeoutMs: QUICK_CALL_MS }),
    );
    return moduleStatusFromWire(response);
  }

  /** Every loaded module's status: module ID → status. */
  async getModuleStatuses(): Promise<Map<string, ModuleRuntimeStatus>> {
    const response = await this.connection.call(({ lifecycle }) =>
      unaryCall(lifecycle, lifecycle.listModuleStatuses, {}, 'Listing the statuses of the modules', { timeoutMs: QUICK_CALL_MS }),
    );
    return moduleStatusesFromWire(response);
  }

  // ---------------------------------------------------------------- service configuration
  // kurtosis-ts's own ServiceConfigService: original API containers answer UNIMPLEMENTED.

  /** What the service was started (or last replaced) with, its partition and its IP. */
  async getServiceConfig(serviceId: string): Promise<ServiceConfigurationInfo> {
    const response = await this.connection.call(({ config }) =>
      unaryCall(config, config.getServiceConfig, { serviceId }, `Reading the configuration of service '${serviceId}'`, { timeoutMs: QUICK_CALL_MS }),
    );
    return { config: serviceConfigurationFromWire(response.config), partitionId: response.partitionId, privateIp: response.privateIpAddr };
  }

  /**
   * Stops the service's container and starts one from `config` as the same service (ID, IP, alias,
   * partition). When the new one cannot start, the old configuration runs again and this rejects.
   */
  async replaceService(serviceId: string, config: ServiceConfiguration, options: { stopTimeoutSeconds?: number } = {}): Promise<ReplacedService> {
    const request = { serviceId, config: serviceConfigurationToWire(config), stopTimeoutSeconds: options.stopTimeoutSeconds ?? 10 };
    const response = await this.connection.call(({ config: client }) => unaryCall(client, client.replaceService, request, `Replacing service '${serviceId}'`));
    return replacedServiceFromWire(response);
  }

  // ---------------------------------------------------------------- enclave view
  // kurtosis-ts's own EnclaveViewService: original API containers answer UNIMPLEMENTED.

  /** Services with their status, ports and partition, modules, and the partition topology. */
  async getOverview(): Promise<EnclaveOverview> {
    const response = await this.connection.call(({ view }) =>
      unaryCall(view, view.getEnclaveOverview, {}, `Reading enclave '${this.enclaveId}'`, { timeoutMs: QUICK_CALL_MS }),
    );
    return enclaveOverviewFromWire(response);
  }

  /**
   * Every line the chosen services and modules wrote (all of them when none is chosen), each with
   * its source, to `onLine`; with `follow`, until `signal` aborts. Resolves at the end.
   */
  async streamLogs(request: LogRequest, onLine: (line: LogLine) => void, signal?: AbortSignal): Promise<void> {
    const wire = enclaveViewApi.StreamLogsRequest.fromPartial({
      serviceIds: [...(request.serviceIds ?? [])],
      moduleIds: [...(request.moduleIds ?? [])],
      follow: request.follow ?? false,
      tailLines: request.tailLines,
      sinceUnixMs: request.sinceMs ?? 0,
    });
    await this.connection.call(({ view }) =>
      streamCall(view, view.streamLogs, wire, `Reading the logs of enclave '${this.enclaveId}'`, (m) => onLine(logLineFromWire(m)), signal),
    );
  }

  /** The enclave's debugging material as (relative path, chunk) pieces, a file's chunks in order. */
  async streamDump(onChunk: (path: string, chunk: Buffer) => void): Promise<void> {
    await this.connection.call(({ view }) =>
      streamCall(view, view.streamDump, {}, `Dumping enclave '${this.enclaveId}'`, (m) => onChunk(m.path, Buffer.from(m.chunk))),
    );
  }
}
