// The services of one enclave: register, start, inspect, remove, exec, external containers.
// Orchestrates the registry (what is reserved), the data volume (service directories) and the
// container backend (what runs).
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import type { Enclave, KurtosisBackend } from '@kurtosis-ts/container-backend';
import { explainInvalidId } from '@kurtosis-ts/container-backend';
import { apiContainerApi, failedPrecondition, invalidArgument, notFound } from '@kurtosis-ts/protos';
import type { Logger } from 'pino';
import { PROTOCOL_OF_SPEC, parseStartServiceArgs } from './start-service-request';
import { relativeServiceDirpath } from './service-registry';
import type { ServiceRecord, ServiceRegistry } from './service-registry';
import type { PortSpec, SerialQueue } from '@kurtosis-ts/container-backend';
import { DEFAULT_PARTITION } from '../partition/partition-topology';
import type { PartitionTopology } from '../partition/partition-topology';
import type { PartitionEnforcer } from '../partition/partition-enforcer';
import type { FilesArtifactStore } from '../artifacts/files-artifact-store';

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
  private readonly externalRegistrations = new Map<string, string>();

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
  ) {}

  async registerService(args: apiContainerApi.RegisterServiceArgs): Promise<apiContainerApi.RegisterServiceResponse> {
    const partitionId = args.partitionId || DEFAULT_PARTITION;
    if (args.partitionId) {
      const problem = explainInvalidId('partition', args.partitionId);
      if (problem) throw invalidArgument(problem);
      if (!this.partitioning && args.partitionId !== DEFAULT_PARTITION) {
        throw failedPrecondition(`Cannot put service '${args.serviceId}' into partition '${args.partitionId}': this enclave was created without partitioning`);
      }
    }
    const register = async () => {
      const record = this.registry.register(args.serviceId, partitionId, `${args.serviceId}-${Date.now()}`);
      const relativeDir = relativeServiceDirpath(record.guid);
      try {
        await mkdir(path.join(this.dataDir, relativeDir), { recursive: true });
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

  startExternalContainerRegistration(): apiContainerApi.StartExternalContainerRegistrationResponse {
    const key = randomUUID();
    const ip = this.registry.ips.takeFreeIp();
    this.externalRegistrations.set(key, ip);
    return { registrationKey: key, ipAddr: ip };
  }

  async finishExternalContainerRegistration(args: apiContainerApi.FinishExternalContainerRegistrationArgs): Promise<void> {
    const ip = this.externalRegistrations.get(args.registrationKey);
    if (!ip) throw notFound(`No external container registration with key '${args.registrationKey}' is in progress`);
    if (args.containerId.trim() === '') throw invalidArgument('container_id must name the container to connect');
    await this.backend.connectToEnclaveNetwork(this.enclave, args.containerId, ip);
    this.externalRegistrations.delete(args.registrationKey);
  }
}
