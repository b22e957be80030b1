// Services, modules and networking sidecars of the in-memory platform, with the semantics the
// contract suite holds the Docker backend to: addresses from the enclave's book, published ports
// while running (the sidecar's for a service that joined it), removal that keeps a service for
// inspection, lifecycle by signal.
import { alreadyExists, internal, precondition } from '@kurtosis-ts/domain';
import type { EnclaveId, ModuleGuid, PortSpec, ServiceGuid } from '@kurtosis-ts/domain';
import type { CreateNetworkingSidecarConfig, StartModuleConfig, StartServiceConfig } from '../backend/configs';
import type { EnclaveModule, NetworkingSidecar, ServiceStatus, UserService } from '../backend/objects';
import type { PartitionSupport } from '../backend/partition-support';
import type { InMemoryWorld } from './in-memory-world';
import type { MemoryProcess } from './memory-process';

/** Exit codes as a shell reports them: 128 + the signal's number. */
const SIGNAL_NUMBERS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGUSR1: 10, SIGUSR2: 12, SIGTERM: 15 };
/** Signals a process of the fake handles without ending. */
const HANDLED_SIGNALS = new Set(['SIGHUP', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH', 'SIGCONT']);

export class InMemoryServices {
  constructor(private readonly world: InMemoryWorld) {}

  async startService(enclaveId: EnclaveId, guid: ServiceGuid, config: StartServiceConfig): Promise<UserService> {
    const memory = this.world.enclave(enclaveId);
    const registration = memory.book.service(guid);
    const ref = { kind: 'user-service' as const, enclaveId, guid };
    if (config.joinNetworkingSidecar && !this.world.find({ ...ref, kind: 'networking-sidecar' })) {
      throw precondition(`Starting service '${registration.serviceId}': it has no networking sidecar to join`);
    }
    const made: string[] = [];
    try {
      for (const artifact of config.filesArtifacts) {
        this.world.options.onExpand?.(enclaveId, artifact.artifactId);
        const volume = `${enclaveId}--${guid}--${artifact.artifactId}`;
        memory.artifactVolumes.set(volume, guid);
        made.push(volume);
      }
      if (this.world.find(ref)) throw alreadyExists(`Starting service '${registration.serviceId}': its container exists already`);
      const mounts: Record<string, string> = {};
      if (config.dataDirMountpoint) mounts[config.dataDirMountpoint] = 'enclave data';
      for (const artifact of config.filesArtifacts) mounts[artifact.mountpoint] = `files artifact ${artifact.artifactId}`;
      const process = this.world.create(ref, registration.serviceId, {
        image: config.image,
        env: config.env,
        entrypoint: config.entrypoint,
        cmd: config.cmd,
        ports: config.ports,
        mounts,
        privateIp: registration.privateIp,
      });
      process.joinedSidecar = config.joinNetworkingSidecar ?? false;
      this.world.start(process, !process.joinedSidecar);
      return this.toUserService(process);
    } catch (err) {
      for (const volume of made) memory.artifactVolumes.delete(volume);
      throw err;
    }
  }

  async getUserServices(enclaveId: EnclaveId): Promise<UserService[]> {
    this.world.enclave(enclaveId);
    return this.world
      .processesOf(enclaveId)
      .filter((p) => this.world.isInEnclave(p))
      .map((p) => this.toUserService(p));
  }

  async removeService(enclaveId: EnclaveId, guid: ServiceGuid, stopTimeoutSeconds: number): Promise<void> {
    const memory = this.world.enclave(enclaveId);
    const process = this.world.find({ kind: 'user-service', enclaveId, guid });
    if (process) {
      await this.stopService(enclaveId, guid, stopTimeoutSeconds);
      if (process.joinedSidecar && this.world.find({ kind: 'networking-sidecar', enclaveId, guid })) {
        throw precondition(`Removing service '${process.objectId}': its networking sidecar still holds its address; destroy the sidecar first`);
      }
      process.attached = false;
    }
    memory.book.unregisterService(guid);
  }

  async removeServiceProcess(enclaveId: EnclaveId, guid: ServiceGuid, stopTimeoutSeconds: number): Promise<void> {
    const memory = this.world.enclave(enclaveId);
    memory.book.service(guid);
    const ref = { kind: 'user-service' as const, enclaveId, guid };
    if (!this.world.find(ref)) return;
    await this.stopService(enclaveId, guid, stopTimeoutSeconds);
    this.world.remove(ref);
    for (const [volume, owner] of [...memory.artifactVolumes]) if (owner === guid) memory.artifactVolumes.delete(volume);
  }

  async pauseService(enclaveId: EnclaveId, guid: ServiceGuid): Promise<void> {
    const process = this.service(enclaveId, guid);
    if (process.status !== 'running') throw precondition(`Pausing service '${process.objectId}': it is ${process.status}`);
    process.status = 'paused';
    this.world.emit(process.ref, 'pause');
  }

  async unpauseService(enclaveId: EnclaveId, guid: ServiceGuid): Promise<void> {
    const process = this.service(enclaveId, guid);
    if (process.status !== 'paused') throw precondition(`Unpausing service '${process.objectId}': it is not paused`);
    process.status = 'running';
    this.world.emit(process.ref, 'unpause');
  }

  async stopService(enclaveId: EnclaveId, guid: ServiceGuid, _stopTimeoutSeconds: number): Promise<void> {
    const process = this.service(enclaveId, guid);
    if (process.status === 'paused') process.status = 'running';
    this.world.exit(process, 0, 'stop');
  }

  async restartService(enclaveId: EnclaveId, guid: ServiceGuid, stopTimeoutSeconds: number): Promise<void> {
    const process = this.service(enclaveId, guid);
    await this.stopService(enclaveId, guid, stopTimeoutSeconds);
    this.world.start(process, !process.joinedSidecar);
  }

  async killService(enclaveId: EnclaveId, guid: ServiceGuid, signal: string): Promise<void> {
    const process = this.service(enclaveId, guid);
    if (process.status !== 'running') throw precondition(`Sending ${signal} to service '${process.objectId}': it is ${process.status}`);
    if (HANDLED_SIGNALS.has(signal)) {
      this.world.emit(process.ref, 'kill', { signal });
      return;
    }
    this.world.exit(process, 128 + (SIGNAL_NUMBERS[signal] ?? 9), 'kill', signal);
  }

  async getServiceStatus(enclaveId: EnclaveId, guid: ServiceGuid): Promise<ServiceStatus> {
    const { status, exitCode } = this.service(enclaveId, guid);
    return { status, exitCode };
  }

  // ------------------------------------------------------------------ modules

  async startModule(enclaveId: EnclaveId, guid: ModuleGuid, config: StartModuleConfig): Promise<EnclaveModule> {
    const registration = this.world.enclave(enclaveId).book.module(guid);
    const ref = { kind: 'module' as const, enclaveId, guid };
    const process = this.world.create(ref, registration.moduleId, {
      image: config.image,
      env: config.env,
      entrypoint: [],
      cmd: [],
      ports: { grpc: { number: config.port, protocol: 'tcp' } },
      mounts: config.dataDirMountpoint ? { [config.dataDirMountpoint]: 'enclave data' } : {},
      privateIp: registration.privateIp,
    });
    this.world.start(process, true);
    return this.toModule(process);
  }

  async getModules(enclaveId: EnclaveId): Promise<EnclaveModule[]> {
    this.world.enclave(enclaveId);
    return this.world
      .processesOf(enclaveId)
      .filter((p) => p.ref.kind === 'module')
      .map((p) => this.toModule(p));
  }

  async destroyModule(enclaveId: EnclaveId, guid: ModuleGuid, stopTimeoutSeconds = 10): Promise<void> {
    const memory = this.world.enclave(enclaveId);
    const ref = { kind: 'module' as const, enclaveId, guid };
    const process = this.world.find(ref);
    if (process && stopTimeoutSeconds > 0) this.world.exit(process, 0, 'stop');
    this.world.remove(ref);
    memory.book.unregisterModule(guid);
  }

  // ------------------------------------------------------------------ mapping

  private service(enclaveId: EnclaveId, guid: ServiceGuid): MemoryProcess {
    return this.world.process({ kind: 'user-service', enclaveId, guid });
  }

  private toUserService(process: MemoryProcess): UserService {
    if (process.ref.kind !== 'user-service') throw internal(`${process.displayName} is no service`);
    const owner = this.world.portOwner(process);
    const publicPorts: Record<string, PortSpec> = {};
    for (const [portId, port] of Object.entries(process.spec.ports)) {
      const published = owner?.publishedPorts.get(`${port.number}/${port.protocol}`);
      if (published) publicPorts[portId] = { number: published, protocol: port.protocol };
    }
    return {
      enclaveId: process.ref.enclaveId,
      serviceId: process.objectId as UserService['serviceId'],
      guid: process.ref.guid,
      privateIp: process.spec.privateIp,
      status: process.status,
      privatePorts: process.spec.ports,
      publicHost: this.world.publicHost,
      publicPorts,
      dataDirMountpoint: Object.entries(process.spec.mounts).find(([, what]) => what === 'enclave data')?.[0] ?? '',
    };
  }

  private toModule(process: MemoryProcess): EnclaveModule {
    if (process.ref.kind !== 'module') throw internal(`${process.displayName} is no module`);
    const port = process.spec.ports['grpc'];
    const publicPort = port ? process.publishedPorts.get(`${port.number}/tcp`) : undefined;
    return {
      enclaveId: process.ref.enclaveId,
      moduleId: process.objectId as EnclaveModule['moduleId'],
      guid: process.ref.guid,
      privateIp: process.spec.privateIp,
      image: process.spec.image,
      status: process.status,
      privatePort: port?.number ?? 0,
      publicHost: this.world.publicHost,
      ...(publicPort ? { publicPort } : {}),
      platformId: process.platformId,
    };
  }
}

export class InMemorySidecars implements PartitionSupport {
  constructor(private readonly world: InMemoryWorld) {}

  async createNetworkingSidecar(enclaveId: EnclaveId, serviceGuid: ServiceGuid, config: CreateNetworkingSidecarConfig): Promise<NetworkingSidecar> {
    this.world.check('createNetworkingSidecar', [enclaveId, serviceGuid, config]);
    const { serviceId, privateIp } = this.world.enclave(enclaveId).book.service(serviceGuid);
    const process = this.world.create({ kind: 'networking-sidecar', enclaveId, guid: serviceGuid }, serviceId, {
      image: 'networking-sidecar',
      env: {},
      entrypoint: [],
      cmd: [],
      ports: config.ports,
      mounts: {},
      privateIp,
    });
    this.world.start(process, true);
    return { enclaveId, serviceId, guid: serviceGuid, privateIp, status: 'running' };
  }

  async getNetworkingSidecars(enclaveId: EnclaveId): Promise<NetworkingSidecar[]> {
    this.world.check('getNetworkingSidecars', [enclaveId]);
    return this.world
      .processesOf(enclaveId)
      .flatMap((p) =>
        p.ref.kind === 'networking-sidecar'
          ? [{ enclaveId, serviceId: p.objectId as NetworkingSidecar['serviceId'], guid: p.ref.guid, privateIp: p.spec.privateIp, status: p.status }]
          : [],
      );
  }

  async destroyNetworkingSidecar(enclaveId: EnclaveId, serviceGuid: ServiceGuid): Promise<void> {
    this.world.check('destroyNetworkingSidecar', [enclaveId, serviceGuid]);
    this.world.remove({ kind: 'networking-sidecar', enclaveId, guid: serviceGuid });
  }
}
