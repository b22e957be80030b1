// An enclave, through its API container: from the host (its loopback port) or from inside a module
// (apiContainerSocket on the enclave network).
import { credentials } from '@grpc/grpc-js';
import { apiContainerApi, ENCLAVE_DATA_DIR_MOUNTPOINT, serviceLifecycleApi } from '@kurtosis-ts/protos';
import type { ContainerConfig } from './container-config';
import { invalidArgument } from './kurtosis-error';
import { ModuleContext } from './module-context';
import type { PartitionConnection } from './partition-connection';
import { portsFromWire, portsToWire } from './port-spec';
import { ServiceContext } from './service-context';
import { unaryCall } from './unary-call';

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

/** Where a started service's container is in its lifecycle (see pauseService and friends). */
export type ServiceStatus = 'running' | 'paused' | 'stopped';

const STATUS_FROM_WIRE: Record<number, ServiceStatus> = {
  [serviceLifecycleApi.ServiceStatus.SERVICE_STATUS_RUNNING]: 'running',
  [serviceLifecycleApi.ServiceStatus.SERVICE_STATUS_PAUSED]: 'paused',
  [serviceLifecycleApi.ServiceStatus.SERVICE_STATUS_STOPPED]: 'stopped',
};

export class EnclaveContext {
  constructor(
    private readonly client: apiContainerApi.ApiContainerServiceClient,
    private readonly enclaveId: string,
    // Our extension service, on the same channel as the API container's own service.
    private readonly lifecycle = new serviceLifecycleApi.ServiceLifecycleServiceClient('unused', credentials.createInsecure(), {
      channelOverride: client.getChannel(),
    }),
  ) {}

  /** Connects to an enclave's API container at host:port, e.g. a module's apiContainerSocket. */
  static connect(enclaveId: string, apiContainerAddress: string): EnclaveContext {
    return new EnclaveContext(new apiContainerApi.ApiContainerServiceClient(apiContainerAddress, credentials.createInsecure()), enclaveId);
  }

  getEnclaveId(): string {
    return this.enclaveId;
  }

  close(): void {
    this.lifecycle.close();
    this.client.close();
  }

  // ---------------------------------------------------------------- modules

  async loadModule(moduleId: string, image: string, serializedParams = '{}'): Promise<ModuleContext> {
    await unaryCall(this.client, this.client.loadModule, { moduleId, containerImage: image, serializedParams }, `Loading module '${moduleId}' from image '${image}'`);
    return new ModuleContext(this.client, moduleId);
  }

  async unloadModule(moduleId: string): Promise<void> {
    await unaryCall(this.client, this.client.unloadModule, { moduleId }, `Unloading module '${moduleId}'`, { timeoutMs: QUICK_CALL_MS });
  }

  /** Checks that the module is loaded and returns its context. */
  async getModuleContext(moduleId: string): Promise<ModuleContext> {
    await unaryCall(this.client, this.client.getModuleInfo, { moduleId }, `Getting module '${moduleId}'`, { timeoutMs: QUICK_CALL_MS });
    return new ModuleContext(this.client, moduleId);
  }

  async getModules(): Promise<Set<string>> {
    const response = await unaryCall(this.client, this.client.getModules, {}, 'Listing modules', { timeoutMs: QUICK_CALL_MS });
    return new Set(Object.keys(response.moduleIds));
  }

  // ---------------------------------------------------------------- services

  addService(serviceId: string, configSupplier: ContainerConfigSupplier): Promise<ServiceContext> {
    return this.addServiceToPartition(serviceId, '', configSupplier);
  }

  async addServiceToPartition(serviceId: string, partitionId: string, configSupplier: ContainerConfigSupplier): Promise<ServiceContext> {
    const doing = `Adding service '${serviceId}'`;
    const registered = await unaryCall(this.client, this.client.registerService, { serviceId, partitionId }, doing, { timeoutMs: QUICK_CALL_MS });
    const config = await configSupplier(registered.privateIpAddr, {
      relativePath: registered.relativeServiceDirpath,
      pathOnServiceContainer: `${ENCLAVE_DATA_DIR_MOUNTPOINT}/${registered.relativeServiceDirpath}`,
    });
    const started = await unaryCall(
      this.client,
      this.client.startService,
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
    );
    return new ServiceContext(
      this.client,
      serviceId,
      registered.privateIpAddr,
      config.usedPorts,
      started.publicIpAddr,
      portsFromWire(started.publicPorts),
    );
  }

  async getServiceContext(serviceId: string): Promise<ServiceContext> {
    const info = await unaryCall(this.client, this.client.getServiceInfo, { serviceId }, `Getting service '${serviceId}'`, { timeoutMs: QUICK_CALL_MS });
    return new ServiceContext(
      this.client,
      serviceId,
      info.privateIpAddr,
      portsFromWire(info.privatePorts),
      info.publicIpAddr,
      portsFromWire(info.publicPorts),
    );
  }

  async getServices(): Promise<Set<string>> {
    const response = await unaryCall(this.client, this.client.getServices, {}, 'Listing services', { timeoutMs: QUICK_CALL_MS });
    return new Set(Object.keys(response.serviceIds));
  }

  async removeService(serviceId: string, containerStopTimeoutSeconds = 10): Promise<void> {
    await unaryCall(this.client, this.client.removeService, { serviceId, containerStopTimeoutSeconds }, `Removing service '${serviceId}'`);
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
    await unaryCall(this.client, this.client.repartition, args, 'Repartitioning the network', { timeoutMs: QUICK_CALL_MS });
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
    await unaryCall(
      this.client,
      this.client.waitForHttpGetEndpointAvailability,
      { serviceId, port, path, initialDelayMilliseconds, retries, retriesDelayMilliseconds, bodyText },
      `Waiting for GET ${path} on port ${port} of service '${serviceId}'`,
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
    await unaryCall(
      this.client,
      this.client.waitForHttpPostEndpointAvailability,
      { serviceId, port, path, requestBody, initialDelayMilliseconds, retries, retriesDelayMilliseconds, bodyText },
      `Waiting for POST ${path} on port ${port} of service '${serviceId}'`,
    );
  }

  /** artifact ID → URL of a .tgz the API container can reach */
  async registerFilesArtifacts(filesArtifactUrls: ReadonlyMap<string, string>): Promise<void> {
    if (filesArtifactUrls.size === 0) throw invalidArgument('Registering files artifacts needs at least one artifact');
    await unaryCall(this.client, this.client.registerFilesArtifacts, { filesArtifactUrls: Object.fromEntries(filesArtifactUrls) }, 'Registering files artifacts');
  }

  /** Runs a bulk commands document (wire-protocol.md) in the enclave. */
  async executeBulkCommands(serializedCommands: string): Promise<void> {
    await unaryCall(this.client, this.client.executeBulkCommands, { serializedCommands }, 'Executing bulk commands');
  }

  // ---------------------------------------------------------------- service lifecycle
  // kurtosis-ts's own ServiceLifecycleService: API containers of the original Kurtosis do not serve
  // it, and answer these calls with UNIMPLEMENTED.

  /** Freezes every process of a running service; it answers nothing until unpaused. */
  async pauseService(serviceId: string): Promise<void> {
    await unaryCall(this.lifecycle, this.lifecycle.pauseService, { serviceId }, `Pausing service '${serviceId}'`, { timeoutMs: QUICK_CALL_MS });
  }

  async unpauseService(serviceId: string): Promise<void> {
    await unaryCall(this.lifecycle, this.lifecycle.unpauseService, { serviceId }, `Unpausing service '${serviceId}'`, { timeoutMs: QUICK_CALL_MS });
  }

  /** SIGTERM, then SIGKILL after the timeout; the service stays in the enclave, stopped, until restarted. */
  async stopService(serviceId: string, stopTimeoutSeconds = 10): Promise<void> {
    await unaryCall(this.lifecycle, this.lifecycle.stopService, { serviceId, stopTimeoutSeconds }, `Stopping service '${serviceId}'`);
  }

  /** Starts a stopped service again at the same IP (its host ports may change). */
  async restartService(serviceId: string, stopTimeoutSeconds = 10): Promise<void> {
    await unaryCall(this.lifecycle, this.lifecycle.restartService, { serviceId, stopTimeoutSeconds }, `Restarting service '${serviceId}'`);
  }

  /** Sends a signal (default SIGKILL) to the service's main process, even when it runs as PID 1. */
  async killService(serviceId: string, signal = 'SIGKILL'): Promise<void> {
    await unaryCall(this.lifecycle, this.lifecycle.killService, { serviceId, signal }, `Sending ${signal} to service '${serviceId}'`, { timeoutMs: QUICK_CALL_MS });
  }

  async getServiceStatus(serviceId: string): Promise<{ status: ServiceStatus; exitCode: number }> {
    const response = await unaryCall(this.lifecycle, this.lifecycle.getServiceStatus, { serviceId }, `Getting the status of service '${serviceId}'`, {
      timeoutMs: QUICK_CALL_MS,
    });
    return { status: STATUS_FROM_WIRE[response.status] ?? 'stopped', exitCode: response.exitCode };
  }
}
