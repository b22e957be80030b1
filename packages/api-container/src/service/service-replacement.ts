// ReplaceService and GetServiceConfig (our ServiceConfigService): a started service's recorded
// configuration, and the service restarted from a changed one as the same service — same ID, GUID,
// IP, alias and partition (in partitioned enclaves its networking sidecar, which holds all of them
// and its rules, stays where it is). When the new container cannot be started the old configuration
// is started again, so a failed replacement leaves the service as it was (its files on the data
// volume included; what it kept in its container's own filesystem is gone with the container). The
// replacement is in the state file while it runs, so a restart in the middle finishes it.
import { DomainError, parseId, precondition } from '@kurtosis-ts/domain';
import type { EnclaveId } from '@kurtosis-ts/domain';
import type { EnclaveBackend, FilesArtifactMount, StartServiceConfig, UserService } from '@kurtosis-ts/container-backend';
import { quote, serviceConfigApi } from '@kurtosis-ts/protos';
import type { Logger } from 'pino';
import { validateStopTimeout } from '../bounds/request-bounds';
import { DEFAULT_PARTITION } from '../partition/partition-topology';
import type { ServiceConfig } from './service-config';
import { samePorts, toStartServiceArgs, toWireConfig, toWirePorts } from './service-config';
import type { ServiceRegistry, StartedService } from './service-registry';
import type { Partitioning } from './service-network';
import { configOf, parseStartServiceArgs } from './start-service-request';

export interface ServiceReplacementOptions {
  backend: EnclaveBackend;
  enclaveId: EnclaveId;
  registry: ServiceRegistry;
  log: Logger;
  artifacts: { archiveOf(artifactId: string): string };
  partitioning?: Partitioning;
  /** Called after every replacement (the new configuration must survive a restart). */
  persist?: () => Promise<void>;
}

export class ServiceReplacement {
  /** Services being replaced: a second replacement of one waits for nothing, it is refused. */
  private readonly replacing = new Set<string>();
  private readonly persist: () => Promise<void>;

  constructor(private readonly options: ServiceReplacementOptions) {
    this.persist = options.persist ?? (async () => undefined);
  }

  getServiceConfig(serviceId: string): serviceConfigApi.GetServiceConfigResponse {
    const record = this.options.registry.getStarted(serviceId);
    return {
      config: toWireConfig(this.recordedConfig(record)),
      partitionId: this.options.partitioning?.topology.partitionOf(serviceId) ?? DEFAULT_PARTITION,
      privateIpAddr: record.privateIp,
    };
  }

  async replaceService(request: serviceConfigApi.ReplaceServiceRequest): Promise<serviceConfigApi.ReplaceServiceResponse> {
    const { serviceId, stopTimeoutSeconds } = request;
    validateStopTimeout('stop_timeout_seconds', stopTimeoutSeconds);
    if (!request.config) throw new DomainError('invalid', `Replacing service ${quote(serviceId)}: config is missing; give the whole configuration (GetServiceConfig reads the current one)`);
    // Everything is checked before the old container is touched.
    const record = this.options.registry.getStarted(serviceId);
    const old = this.recordedConfig(record);
    const next = configOf(parseStartServiceArgs(toStartServiceArgs(serviceId, request.config)));
    const { partitioning } = this.options;
    if (partitioning && !samePorts(old.ports, next.ports)) {
      throw precondition(`Replacing service '${serviceId}': its ports cannot change in a partitioned enclave (its networking sidecar publishes them); keep private_ports as they are`);
    }
    const nextConfig = this.backendConfig(next);
    const oldConfig = this.backendConfig(old);
    if (this.replacing.has(serviceId)) throw precondition(`Service '${serviceId}' is being replaced already; try again when that has finished`);
    this.replacing.add(serviceId);
    try {
      const { backend, enclaveId, log } = this.options;
      await backend.ensureImage(next.image);
      // Written down before the old container goes: an API container that dies from here until the
      // service runs again starts it on its restart (restore-enclave.ts).
      this.options.registry.beginReplacement(serviceId, next, old);
      await this.persist();
      await backend.removeServiceProcess(enclaveId, record.guid, stopTimeoutSeconds);
      let started: UserService;
      try {
        started = await backend.startService(enclaveId, record.guid, nextConfig);
      } catch (err) {
        await this.putBack(record, old, oldConfig, err);
        throw this.failed(serviceId, err, 'the old configuration runs again');
      }
      this.record(record, next, started);
      await this.persist();
      log.info({ serviceId, from: old.image, to: next.image }, 'service replaced');
      return { privateIpAddr: record.privateIp, publicIpAddr: started.publicHost, publicPorts: toWirePorts(started.publicPorts) };
    } finally {
      this.replacing.delete(serviceId);
    }
  }

  private async putBack(record: StartedService, old: ServiceConfig, oldConfig: StartServiceConfig, cause: unknown): Promise<void> {
    const { backend, enclaveId, log } = this.options;
    try {
      const restored = await backend.startService(enclaveId, record.guid, oldConfig);
      this.record(record, old, restored);
      await this.persist();
      log.warn({ serviceId: record.serviceId, err: cause }, 'replacing the service failed; its old configuration runs again');
    } catch (restoreErr) {
      log.error({ serviceId: record.serviceId, err: restoreErr }, 'replacing the service failed and its old configuration could not be started again');
      const why = restoreErr instanceof Error ? restoreErr.message : String(restoreErr);
      throw this.failed(record.serviceId, cause, `starting its old configuration again failed too (${why}); the service is registered but has no container: replace it again (a restart of the API container starts it again too)`, 'internal');
    }
  }

  private record(record: StartedService, config: ServiceConfig, started: UserService): void {
    this.options.registry.replaceStarted(record.serviceId, {
      privatePorts: started.privatePorts,
      publicHost: started.publicHost,
      publicPorts: started.publicPorts,
      dataDirMountpoint: started.dataDirMountpoint,
      config,
    });
    // A replaced service runs: what was stopped or paused on purpose was the old container, and a
    // restart has nothing left to finish.
    this.options.registry.setIntent(record.serviceId, undefined);
    this.options.registry.endReplacement(record.serviceId);
  }

  private failed(serviceId: string, err: unknown, outcome: string, kind?: DomainError['kind']): DomainError {
    const message = err instanceof Error ? err.message : String(err);
    return new DomainError(kind ?? (err instanceof DomainError ? err.kind : 'internal'), `Replacing service '${serviceId}' failed, ${outcome}: ${message}`, { cause: err });
  }

  private recordedConfig(record: StartedService): ServiceConfig {
    if (!record.config) {
      throw precondition(`Service '${record.serviceId}' was started by an API container that did not record service configurations; remove it and start it again to replace it`);
    }
    return record.config;
  }

  /** Unknown artifacts are refused here, before anything stops. */
  private backendConfig(config: ServiceConfig): StartServiceConfig {
    const filesArtifacts: FilesArtifactMount[] = Object.entries(config.filesArtifactMountpoints).map(([artifactId, mountpoint]) => ({
      artifactId: parseId('files artifact', artifactId),
      archiveRelativePath: this.options.artifacts.archiveOf(artifactId),
      mountpoint,
    }));
    return {
      image: config.image,
      ports: config.ports,
      entrypoint: config.entrypoint,
      cmd: config.cmd,
      env: config.env,
      dataDirMountpoint: config.dataDirMountpoint,
      filesArtifacts,
      joinNetworkingSidecar: this.options.partitioning !== undefined,
    };
  }
}

