// The services of one enclave: register, start, inspect, remove, exec, external containers.
// Orchestrates the registry (what the API container knows), the data volume (service directories),
// the backend (addresses and what runs) and, in partitioned enclaves, the sidecars and their rules.
import { DomainError, explainInvalidId, invalid, parseId, precondition, SerialQueue } from '@kurtosis-ts/domain';
import type { EnclaveId, PortSpec } from '@kurtosis-ts/domain';
import type { EnclaveBackend, ObjectRef, PartitionSupport } from '@kurtosis-ts/container-backend';
import { apiContainerApi, quote } from '@kurtosis-ts/protos';
import type { Logger } from 'pino';
import { configOf, PROTOCOL_OF_SPEC, parseStartServiceArgs } from './start-service-request';
import { relativeServiceDirpath } from './service-registry';
import type { ServiceRecord, ServiceRegistry } from './service-registry';
import { DEFAULT_PARTITION } from '../partition/partition-topology';
import type { PartitionTopology, Repartition } from '../partition/partition-topology';
import type { PartitionEnforcer } from '../partition/partition-enforcer';
import { explainUnregistrable } from '../trust/external-container-check';
import { ExternalRegistrations } from '../trust/external-registrations';
import { makeDirectoryNoFollow, UnsafeDirectoryError } from '../trust/no-follow-directory';
import { ensureImageLogged } from '../image-pull';

/** Present only in enclaves created with partitioning. */
export interface Partitioning {
  topology: PartitionTopology;
  enforcer: PartitionEnforcer;
  /** The backend's sidecars. */
  sidecars: PartitionSupport;
  /** Topology changes and the rule updates they cause happen one at a time. */
  queue: SerialQueue;
}

export interface ServiceNetworkOptions {
  backend: EnclaveBackend;
  enclaveId: EnclaveId;
  registry: ServiceRegistry;
  /** The enclave data volume as mounted in this API container. */
  dataDir: string;
  log: Logger;
  /** Where registered files artifacts are, relative to the API container's state directory. */
  artifacts: { archiveOf(artifactId: string): string };
  partitioning?: Partitioning;
  /** Called after every change that must survive a restart of the API container. */
  persist?: () => Promise<void>;
  /** Containers registered from outside (their addresses held by the backend) and reservations. */
  externals?: ExternalRegistrations;
}

function toWirePorts(ports: Record<string, PortSpec>): Record<string, apiContainerApi.Port> {
  return Object.fromEntries(Object.entries(ports).map(([id, p]) => [id, { number: p.number, protocol: PROTOCOL_OF_SPEC[p.protocol] }]));
}

export class ServiceNetwork {
  readonly externals: ExternalRegistrations;
  private readonly backend: EnclaveBackend;
  private readonly enclaveId: EnclaveId;
  private readonly registry: ServiceRegistry;
  private readonly log: Logger;
  private readonly partitioning?: Partitioning;
  private readonly persist: () => Promise<void>;
  /** Registrations one at a time (in unpartitioned enclaves; partitioned ones use the topology's queue). */
  private readonly registrations = new SerialQueue();
  /** Reservations one at a time, so their cap holds while the backend hands out addresses. */
  private readonly reservations = new SerialQueue();

  constructor(private readonly options: ServiceNetworkOptions) {
    this.backend = options.backend;
    this.enclaveId = options.enclaveId;
    this.registry = options.registry;
    this.log = options.log;
    this.partitioning = options.partitioning;
    this.persist = options.persist ?? (async () => undefined);
    this.externals = options.externals ?? new ExternalRegistrations();
  }

  async registerService(args: apiContainerApi.RegisterServiceArgs): Promise<apiContainerApi.RegisterServiceResponse> {
    const partitionId = args.partitionId || DEFAULT_PARTITION;
    if (args.partitionId) {
      const problem = explainInvalidId('partition', args.partitionId);
      if (problem) throw invalid(problem);
      if (!this.partitioning && args.partitionId !== DEFAULT_PARTITION) {
        throw precondition(`Cannot put service ${quote(args.serviceId)} into partition '${args.partitionId}': this enclave was created without partitioning`);
      }
    }
    const register = async () => {
      const serviceId = this.registry.requireUnregistered(args.serviceId);
      const record = this.registry.add(await this.backend.registerService(this.enclaveId, serviceId), partitionId);
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
        await this.backend.removeService(this.enclaveId, record.guid, 0).catch((unregisterErr: unknown) => this.log.warn({ err: unregisterErr }, 'unregistering a failed registration failed'));
        throw err;
      }
      await this.persist();
      this.log.info({ serviceId: args.serviceId, ip: record.privateIp, partitionId }, 'service registered');
      return { privateIpAddr: record.privateIp, relativeServiceDirpath: relativeDir };
    };
    return (this.partitioning?.queue ?? this.registrations).run(register);
  }

  async repartition(request: Repartition): Promise<void> {
    const partitioning = this.partitioning;
    if (!partitioning) throw precondition('This enclave was created without partitioning; it cannot be repartitioned');
    await partitioning.queue.run(async () => {
      const before = partitioning.topology.toSnapshot();
      partitioning.topology.repartition(request, this.registry.allServiceIds());
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
    let sidecarStarted = false;
    try {
      // Unknown artifacts are refused before anything is made.
      const filesArtifacts = Object.entries(request.filesArtifactMountpoints).map(([artifactId, mountpoint]) => {
        const archiveRelativePath = this.options.artifacts.archiveOf(artifactId);
        return { artifactId: parseId('files artifact', artifactId), archiveRelativePath, mountpoint };
      });
      await ensureImageLogged(this.backend, request.image, this.log, { serviceId: request.serviceId });
      if (this.partitioning) {
        await this.startSidecar(this.partitioning, record, request.ports);
        sidecarStarted = true;
      }
      const service = await this.backend.startService(this.enclaveId, record.guid, {
        image: request.image,
        ports: request.ports,
        entrypoint: request.entrypoint,
        cmd: request.cmd,
        env: request.env,
        dataDirMountpoint: request.dataDirMountpoint,
        filesArtifacts,
        joinNetworkingSidecar: sidecarStarted,
      });
      this.registry.finishStart(request.serviceId, {
        privatePorts: service.privatePorts,
        publicHost: service.publicHost,
        publicPorts: service.publicPorts,
        dataDirMountpoint: service.dataDirMountpoint,
        config: configOf(request),
      });
      await this.persist();
      this.log.info({ serviceId: request.serviceId, image: request.image }, 'service started');
      return { publicIpAddr: service.publicHost, publicPorts: toWirePorts(service.publicPorts) };
    } catch (err) {
      if (sidecarStarted && this.partitioning) {
        this.partitioning.enforcer.forget(request.serviceId);
        await this.partitioning.sidecars.destroyNetworkingSidecar(this.enclaveId, record.guid).catch(() => undefined);
      }
      this.registry.abortStart(request.serviceId);
      throw err;
    }
  }

  /**
   * The sidecar holds the service's network identity, so its rules are in place before the
   * service's first packet; it publishes the service's ports.
   */
  private async startSidecar(partitioning: Partitioning, record: ServiceRecord, ports: Record<string, PortSpec>): Promise<void> {
    await partitioning.sidecars.createNetworkingSidecar(this.enclaveId, record.guid, { ports });
    try {
      await partitioning.queue.run(() => partitioning.enforcer.adopt(record.serviceId, record.guid));
    } catch (err) {
      await partitioning.sidecars.destroyNetworkingSidecar(this.enclaveId, record.guid).catch(() => undefined);
      throw err;
    }
  }

  getServiceInfo(serviceId: string): apiContainerApi.GetServiceInfoResponse {
    const record = this.registry.getStarted(serviceId);
    return {
      privateIpAddr: record.privateIp,
      privatePorts: toWirePorts(record.privatePorts),
      publicIpAddr: record.publicHost,
      publicPorts: toWirePorts(record.publicPorts),
      enclaveDataDirMountDirpath: record.dataDirMountpoint,
      relativeServiceDirpath: relativeServiceDirpath(record.guid),
    };
  }

  getServiceIds(): string[] {
    return this.registry.startedServiceIds();
  }

  async removeService(serviceId: string, stopTimeoutSeconds: number): Promise<void> {
    const record = this.registry.get(serviceId);
    if (record.state === 'starting') throw precondition(`Service '${serviceId}' is starting; remove it once it has started`);
    if (this.partitioning) {
      // The sidecar holds the service's address: the service stops first, then the sidecar goes, and
      // only then is the address free for another service.
      if (record.state === 'started') await this.backend.stopService(this.enclaveId, record.guid, stopTimeoutSeconds);
      await this.partitioning.sidecars.destroyNetworkingSidecar(this.enclaveId, record.guid);
    }
    await this.backend.removeService(this.enclaveId, record.guid, stopTimeoutSeconds);
    this.registry.remove(serviceId);
    this.partitioning?.enforcer.forget(serviceId);
    this.partitioning?.topology.removeService(serviceId);
    await this.persist();
    this.log.info({ serviceId }, 'service removed');
  }

  async execCommand(serviceId: string, argv: string[]): Promise<apiContainerApi.ExecCommandResponse> {
    if (argv.length === 0 || argv[0] === '') throw invalid('command_args must name a command to run');
    const record = this.registry.getStarted(serviceId);
    const result = await this.backend.exec(this.serviceRef(record), argv);
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

  private serviceRef(record: ServiceRecord): ObjectRef {
    return { kind: 'user-service', enclaveId: this.enclaveId, guid: record.guid };
  }

  /**
   * `services/<guid>/` in the data volume, which every service and module may write: made without
   * following any symlink planted there (one in its place is removed, anything else refused).
   */
  private async makeServiceDirectory(serviceId: string, relativeDir: string): Promise<void> {
    try {
      const removedLinks = await makeDirectoryNoFollow(this.options.dataDir, relativeDir);
      if (removedLinks.length > 0) this.log.warn({ serviceId, removedLinks }, 'removed symlinks planted in the enclave data volume where service directories go');
    } catch (err) {
      if (err instanceof UnsafeDirectoryError) {
        throw precondition(`Registering service '${serviceId}': cannot make ${relativeDir} in the enclave data volume: ${err.message}`);
      }
      throw err;
    }
  }

  /** Reserves an IP and a key; the caller starts its container on the enclave network at that IP itself. */
  async startExternalContainerRegistration(): Promise<apiContainerApi.StartExternalContainerRegistrationResponse> {
    await this.releaseExpiredReservations();
    const reservation = await this.reservations.run(async () => {
      this.externals.ensureRoom();
      const ip = await this.backend.reserveAddress(this.enclaveId);
      return this.externals.reserve(() => ip);
    });
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
    if (args.containerId.trim() === '') throw invalid('container_id must name the container that was started at the reserved IP');
    const container = await this.backend.inspectExternalContainer(this.enclaveId, args.containerId);
    const refusal = explainUnregistrable(args.containerId, container, { ip, ...this.backend.externalJoinHint(this.enclaveId, ip) });
    if (refusal || !container) throw new DomainError(refusal?.kind ?? 'not-found', refusal?.message ?? '');
    // Checked again: the reservation may have expired, or been finished, while the backend answered.
    const finished = this.externals.finish(args.registrationKey, container.platformId);
    await this.persist();
    this.log.info({ containerId: finished.containerId, ip }, 'external container registered');
  }

  /** Forgets unfinished reservations past their expiry and frees their IPs, unless something on the network holds one. */
  async releaseExpiredReservations(): Promise<void> {
    const expired = this.externals.sweepExpired();
    if (expired.length === 0) return;
    const held = new Set(
      await this.backend.getAddressesInUse(this.enclaveId).catch((err: unknown) => {
        // Not knowing what holds them, keep them taken: a leaked IP is better than one handed out twice.
        this.log.warn({ err }, 'could not list the enclave network; the IPs of expired reservations stay taken');
        return expired.map((r) => r.ip);
      }),
    );
    for (const { ip } of expired) if (!held.has(ip)) await this.backend.releaseAddress(this.enclaveId, ip);
    this.log.info({ ips: expired.map((r) => r.ip) }, 'unfinished external container registrations expired');
  }
}

