// The services of one enclave: register, start, inspect, remove, exec, external containers.
// Orchestrates the registry (what is reserved), the data volume (service directories) and the
// container backend (what runs).
import type { Enclave, KurtosisBackend } from '@kurtosis-ts/container-backend';
import { explainInvalidId } from '@kurtosis-ts/container-backend';
import { apiContainerApi, failedPrecondition, invalidArgument, notFound, quote } from '@kurtosis-ts/protos';
import type { Logger } from 'pino';
import { PROTOCOL_OF_SPEC, parseStartServiceArgs } from './start-service-request';
import { relativeServiceDirpath } from './service-registry';
import type { ServiceRecord, ServiceRegistry } from './service-registry';
import type { PortSpec, SerialQueue } from '@kurtosis-ts/container-backend';
import { DEFAULT_PARTITION } from '../partition/partition-topology';
import type { PartitionTopology } from '../partition/partition-topology';
import type { PartitionEnforcer } from '../partition/partition-enforcer';
import type { FilesArtifactStore } from '../artifacts/files-artifact-store';
import { explainUnregistrable } from '../trust/external-container-check';
import { ExternalRegistrations } from '../trust/external-registrations';
import { makeDirectoryNoFollow, UnsafeDirectoryError } from '../trust/no-follow-directory';

export const PUBLIC_IP = '127.0.0.1';

/** Present only in enclaves created with partitioning. */
export interface Partitioning {
  topology: PartitionTopology;
  enforcer: PartitionEnforcer;
  sidecarImage: string;
  /** Topology changes and the rule updates they cause happen one at a time. */
  queue: SerialQueue;
}

function toWirePorts(ports: Record<string, PortSpec>): Record<string, apiContainerApi.Port> {
  return Object.fromEntries(
    Object.entries(ports).map(([id, p]) => [id, { number: p.number, protocol: PROTOCOL_OF_SPEC[p.protocol] }]),
  );
}

export class ServiceNetwork {
  constructor(
    private readonly backend: KurtosisBackend,
    private readonly enclave: Enclave,
    private readonly registry: ServiceRegistry,
    /** The enclave data volume as mounted in this API container. */
    private readonly dataDir: string,
    private readonly log: Logger,
    private readonly artifacts: FilesArtifactStore,
    /** An image with `tar` that expands files artifacts: the API container's own. */
    private readonly expanderImage: string,
    private readonly partitioning?: Partitioning,
    /** Called after every change that must survive a restart of the API container. */
    private readonly persist: () => Promise<void> = async () => undefined,
    /** Containers registered from outside (their IPs already taken in the registry) and reservations. */
    readonly externals: ExternalRegistrations = new ExternalRegistrations(),
  ) {}

  async registerService(args: apiContainerApi.RegisterServiceArgs): Promise<apiContainerApi.RegisterServiceResponse> {
    const partitionId = args.partitionId || DEFAULT_PARTITION;
    if (args.partitionId) {
      const problem = explainInvalidId('partition', args.partitionId);
      if (problem) throw invalidArgument(problem);
      if (!this.partitioning && args.partitionId !== DEFAULT_PARTITION) {
        throw failedPrecondition(`Cannot put service ${quote(args.serviceId)} into partition '${args.partitionId}': this enclave was created without partitioning`);
      }
    }
    const register = async () => {
      const record = this.registry.register(args.serviceId, partitionId, `${args.serviceId}-${Date.now()}`);
      const relativeDir = relativeServiceDirpath(record.guid);
      try {
        await this.makeServiceDirectory(args.serviceId, relativeDir);
        if (this.partitioning) {
          this.partitioning.topology.addService(args.serviceId, partitionId);
          // Every other service learns to drop what it must towards the new IP before anything
          // can be sent from or to it.
          await this.partitioning.enforcer.applyAll();
        }
      } catch (err) {
        this.partitioning?.topology.removeService(args.serviceId);
        this.registry.remove(args.serviceId);
        throw err;
      }
      await this.persist();
      this.log.info({ serviceId: args.serviceId, ip: record.privateIp, partitionId }, 'service registered');
      return { privateIpAddr: record.privateIp, relativeServiceDirpath: relativeDir };
    };
    return this.partitioning ? this.partitioning.queue.run(register) : register();
  }

  async repartition(args: apiContainerApi.RepartitionArgs): Promise<void> {
    const partitioning = this.partitioning;
    if (!partitioning) throw failedPrecondition('This enclave was created without partitioning; it cannot be repartitioned');
    await partitioning.queue.run(async () => {
      const before = partitioning.topology.toSnapshot();
      partitioning.topology.repartition(args, this.registry.allServiceIds());
      try {
        await partitioning.enforcer.applyAll();
      } catch (err) {
        // Put back what was there, as far as the sidecars let us, and say what failed.
        partitioning.topology.replaceWith(before);
        await partitioning.enforcer.applyAll().catch((restoreErr: unknown) => this.log.error({ err: restoreErr }, 'restoring the previous partition rules failed'));
        throw err;
      }
      await this.persist();
      this.log.info({ topology: partitioning.topology.toSnapshot() }, 'repartitioned');
    });
  }

  async startService(args: apiContainerApi.StartServiceArgs): Promise<apiContainerApi.StartServiceResponse> {
    const request = parseStartServiceArgs(args);
    const record = this.registry.beginStart(request.serviceId);
    let networkOwnerContainerId: string | undefined;
    const volumeMounts: Record<string, string> = {};
    try {
      const archives = Object.entries(request.filesArtifactMountpoints).map(([artifactId, mountpoint]) => ({
        artifactId,
        mountpoint,
        archive: this.artifacts.archiveOf(artifactId),
      }));
      await this.backend.ensureImage(request.image);
      for (const { artifactId, mountpoint, archive } of archives) {
        const volume = await this.backend.expandFilesArtifact(this.enclave, {
          serviceGuid: record.guid,
          artifactId,
          archiveRelativePath: archive,
          image: this.expanderImage,
        });
        volumeMounts[volume] = mountpoint;
      }
      networkOwnerContainerId = this.partitioning
        ? await this.startSidecar(this.partitioning, request.serviceId, record.guid, record.privateIp, request.ports)
        : undefined;
      const service = await this.backend.createUserService(this.enclave, {
        networkOwnerContainerId,
        serviceId: request.serviceId,
        guid: record.guid,
        image: request.image,
        ip: record.privateIp,
        ports: request.ports,
        entrypoint: request.entrypoint,
        cmd: request.cmd,
        env: request.env,
        dataDirMountpoint: request.dataDirMountpoint,
        volumeMounts,
      });
      this.registry.finishStart(request.serviceId, {
        containerId: service.containerId,
        privatePorts: service.privatePorts,
        publicPorts: service.publicPorts,
        dataDirMountpoint: service.dataDirMountpoint,
      });
      await this.persist();
      this.log.info({ serviceId: request.serviceId, image: request.image }, 'service started');
      return { publicIpAddr: PUBLIC_IP, publicPorts: toWirePorts(service.publicPorts) };
    } catch (err) {
      if (networkOwnerContainerId) {
        this.partitioning?.enforcer.forget(request.serviceId);
        await this.backend.destroyNetworkingSidecar(networkOwnerContainerId).catch(() => undefined);
      }
      // A retry expands its artifacts afresh; these would only linger until the enclave goes.
      await Promise.all(Object.keys(volumeMounts).map((volume) => this.backend.removeFilesArtifactVolume(volume).catch(() => undefined)));
      this.registry.abortStart(request.serviceId);
      throw err;
    }
  }

  /**
   * The sidecar owns the service's network namespace, so its rules are in place before the
   * service's first packet; it publishes the service's ports.
   */
  private async startSidecar(
    partitioning: Partitioning,
    serviceId: string,
    guid: string,
    ip: string,
    ports: Record<string, PortSpec>,
  ): Promise<string> {
    await this.backend.ensureImage(partitioning.sidecarImage);
    const sidecar = await this.backend.createNetworkingSidecar(this.enclave, { serviceId, guid, image: partitioning.sidecarImage, ip, ports });
    try {
      await partitioning.queue.run(() => partitioning.enforcer.adopt(serviceId, sidecar.containerId));
    } catch (err) {
      await this.backend.destroyNetworkingSidecar(sidecar.containerId).catch(() => undefined);
      throw err;
    }
    return sidecar.containerId;
  }

  getServiceInfo(serviceId: string): apiContainerApi.GetServiceInfoResponse {
    const record = this.registry.getStarted(serviceId);
    return {
      privateIpAddr: record.privateIp,
      privatePorts: toWirePorts(record.privatePorts),
      publicIpAddr: PUBLIC_IP,
      publicPorts: toWirePorts(record.publicPorts),
      enclaveDataDirMountDirpath: record.dataDirMountpoint,
      relativeServiceDirpath: relativeServiceDirpath(record.guid),
    };
  }

  getServiceIds(): string[] {
    return this.registry.startedServiceIds();
  }

  async removeService(serviceId: string, stopTimeoutSeconds: number): Promise<void> {
    const record: ServiceRecord = this.registry.get(serviceId);
    if (record.state === 'starting') throw failedPrecondition(`Service '${serviceId}' is starting; remove it once it has started`);
    if (record.containerId) await this.backend.removeUserService(this.enclave, record.containerId, stopTimeoutSeconds);
    this.registry.remove(serviceId);
    this.partitioning?.enforcer.forget(serviceId);
    this.partitioning?.topology.removeService(serviceId);
    await this.persist();
    this.log.info({ serviceId }, 'service removed');
  }

  async execCommand(serviceId: string, argv: string[]): Promise<apiContainerApi.ExecCommandResponse> {
    if (argv.length === 0 || argv[0] === '') throw invalidArgument('command_args must name a command to run');
    const record = this.registry.getStarted(serviceId);
    const result = await this.backend.exec(record.containerId, argv);
    return { exitCode: result.exitCode, logOutput: result.output };
  }

  /** A registered service's private IP, started or not. */
  registeredIpOf(serviceId: string): string {
    return this.registry.get(serviceId).privateIp;
  }

  /** The service's private IP, for requests made from inside the enclave network. */
  privateIpOf(serviceId: string): string {
    return this.registry.getStarted(serviceId).privateIp;
  }

  /**
   * `services/<guid>/` in the data volume, which every service and module may write: made without
   * following any symlink planted there (one in its place is removed, anything else refused).
   */
  private async makeServiceDirectory(serviceId: string, relativeDir: string): Promise<void> {
    try {
      const removedLinks = await makeDirectoryNoFollow(this.dataDir, relativeDir);
      if (removedLinks.length > 0) this.log.warn({ serviceId, removedLinks }, 'removed symlinks planted in the enclave data volume where service directories go');
    } catch (err) {
      if (err instanceof UnsafeDirectoryError) {
        throw failedPrecondition(`Registering service '${serviceId}': cannot make ${relativeDir} in the enclave data volume: ${err.message}`);
      }
      throw err;
    }
  }

  /** Reserves an IP and a key; the caller starts its container on the enclave network at that IP itself. */
  async startExternalContainerRegistration(): Promise<apiContainerApi.StartExternalContainerRegistrationResponse> {
    await this.releaseExpiredReservations();
    const reservation = this.externals.reserve(() => this.registry.ips.takeFreeIp());
    this.log.info({ ip: reservation.ip }, 'external container registration started');
    return { registrationKey: reservation.key, ipAddr: reservation.ip };
  }

  /**
   * Records the container that holds a reservation, after checking it is no container of ours and
   * already sits on this enclave's network at the reserved IP. Attaches nothing to any network.
   */
  async finishExternalContainerRegistration(args: apiContainerApi.FinishExternalContainerRegistrationArgs): Promise<void> {
    await this.releaseExpiredReservations();
    const { ip } = this.externals.reservation(args.registrationKey);
    if (args.containerId.trim() === '') throw invalidArgument('container_id must name the container that was started at the reserved IP');
    const container = await this.backend.inspectContainerAttachment(this.enclave, args.containerId);
    const refusal = explainUnregistrable(args.containerId, container, { ip, networkName: this.enclave.networkName });
    if (refusal || !container) throw refusal?.kind === 'failed-precondition' ? failedPrecondition(refusal.message) : notFound(refusal?.message ?? '');
    // Checked again: the reservation may have expired, or been finished, while Docker answered.
    const finished = this.externals.finish(args.registrationKey, container.containerId);
    await this.persist();
    this.log.info({ containerId: finished.containerId, ip }, 'external container registered');
  }

  /** Forgets unfinished reservations past their expiry and frees their IPs, unless something on the network holds one. */
  async releaseExpiredReservations(): Promise<void> {
    const expired = this.externals.sweepExpired();
    if (expired.length === 0) return;
    const held = new Set(
      await this.backend.getEnclaveNetworkIps(this.enclave).catch((err: unknown) => {
        // Not knowing what holds them, keep them taken: a leaked IP is better than one handed out twice.
        this.log.warn({ err }, 'could not list the enclave network; the IPs of expired reservations stay taken');
        return expired.map((r) => r.ip);
      }),
    );
    for (const { ip } of expired) if (!held.has(ip)) this.registry.ips.release(ip);
    this.log.info({ ips: expired.map((r) => r.ip) }, 'unfinished external container registrations expired');
  }
}
