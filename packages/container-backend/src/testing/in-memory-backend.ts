// A KurtosisBackend without any container platform, for tests of everything above the backend:
// engines, enclaves, API containers, services, modules and sidecars are MemoryProcesses that start,
// stop, publish ports and write output as containers would. The contract suite (contract/) runs the
// same cases against it and the Docker backend, so the two cannot drift apart. Test controls (exit a
// process, write its output, plant leftovers, restart the API container's view, fail the next call)
// are the methods after "controls".
import { alreadyExists, chooseFreeSubnet, exhausted, notFound, trustedId } from '@kurtosis-ts/domain';
import type { ArtifactId, EnclaveId, EngineGuid, ModuleGuid, ModuleId, ServiceGuid, ServiceId } from '@kurtosis-ts/domain';
import { EnclaveAddressBook } from '../addresses/enclave-address-book';
import type { CreateApiContainerConfig, CreateEnclaveOptions, CreateEngineConfig, StartModuleConfig, StartServiceConfig } from '../backend/configs';
import type { RestoredAddresses } from '../backend/enclave-backend';
import type { KurtosisBackend } from '../backend/kurtosis-backend';
import type {
  ApiContainer,
  Enclave,
  EnclaveModule,
  EnclaveObject,
  EnclaveObjectRef,
  Engine,
  EventWatch,
  ExternalContainer,
  ExternalJoinHint,
  ModuleRegistration,
  ObjectRef,
  RuntimeEvent,
  ServiceRegistration,
  ServiceStatus,
  UserService,
} from '../backend/objects';
import { InMemoryIo } from './in-memory-io';
import { InMemoryServices, InMemorySidecars } from './in-memory-services';
import { InMemoryWorld } from './in-memory-world';
import type { ExternalMemoryContainer, InMemoryBackendOptions } from './in-memory-world';
import type { MemoryProcess } from './memory-process';

const ENGINE_PORT = 9710;

export class InMemoryKurtosisBackend extends InMemoryIo implements KurtosisBackend {
  readonly supportsPartitioning: boolean;
  readonly partitioning?: InMemorySidecars;
  private readonly services: InMemoryServices;

  constructor(options: InMemoryBackendOptions = {}) {
    const world = new InMemoryWorld(options);
    super(world);
    this.supportsPartitioning = options.supportsPartitioning ?? true;
    if (this.supportsPartitioning) this.partitioning = new InMemorySidecars(world);
    this.services = new InMemoryServices(world);
  }

  explainUnusableEnclaveId(_enclaveId: EnclaveId): string | undefined {
    return undefined;
  }

  // ------------------------------------------------------------------ engines

  async createEngine(config: CreateEngineConfig): Promise<Engine> {
    this.world.check('createEngine', [config]);
    await this.ensureImage(config.image);
    const platformId = this.world.newPlatformId();
    const guid = this.world.newEngineGuid(platformId);
    const process = this.world.create({ kind: 'engine', guid }, config.version, {
      image: config.image,
      env: config.env ?? {},
      entrypoint: [],
      cmd: [],
      ports: { grpc: { number: ENGINE_PORT, protocol: 'tcp' } },
      mounts: {},
      privateIp: '',
    });
    this.world.start(process, true);
    if (config.hostPort !== 0) process.publishedPorts.set(`${ENGINE_PORT}/tcp`, config.hostPort);
    return this.toEngine(process);
  }

  async getEngines(): Promise<Engine[]> {
    this.world.check('getEngines', []);
    return [...this.world.processes.values()].filter((p) => p.ref.kind === 'engine').map((p) => this.toEngine(p));
  }

  async destroyEngine(guid: EngineGuid): Promise<void> {
    this.world.check('destroyEngine', [guid]);
    this.world.remove({ kind: 'engine', guid });
  }

  // ------------------------------------------------------------------ enclaves

  async createEnclave(enclaveId: EnclaveId, options: CreateEnclaveOptions): Promise<Enclave> {
    this.world.check('createEnclave', [enclaveId, options]);
    if (this.world.enclaves.has(enclaveId)) throw alreadyExists(`Creating enclave '${enclaveId}': a network named '${enclaveId}' exists already`);
    const subnet = chooseFreeSubnet([...this.world.enclaves.values()].map((e) => e.enclave.subnet));
    if (!subnet) throw exhausted(`Creating enclave '${enclaveId}': no free /24 subnet is left in the private ranges`);
    const enclave: Enclave = {
      id: enclaveId,
      isPartitioningEnabled: options.isPartitioningEnabled,
      subnet,
      creatorEngineGuid: options.creatorEngineGuid ?? '',
      platform: { networkId: this.world.newPlatformId(), dataDirpathOnHost: `/in-memory/${enclaveId}/data` },
    };
    this.world.enclaves.set(enclaveId, { enclave, book: new EnclaveAddressBook(enclaveId, subnet, [], () => this.world.now()), artifactVolumes: new Map() });
    return { ...enclave };
  }

  async getEnclaves(enclaveIds?: readonly EnclaveId[]): Promise<Enclave[]> {
    this.world.check('getEnclaves', [enclaveIds]);
    return [...this.world.enclaves.values()].map((e) => ({ ...e.enclave })).filter((e) => !enclaveIds || enclaveIds.includes(e.id));
  }

  async getEnclaveObjects(enclaveId?: EnclaveId): Promise<EnclaveObject[]> {
    this.world.check('getEnclaveObjects', [enclaveId]);
    return [...this.world.processes.values()]
      .filter((p) => p.ref.kind !== 'engine' && (enclaveId === undefined || p.ref.enclaveId === enclaveId))
      .map((p) => ({ ref: p.ref as EnclaveObjectRef, objectId: p.objectId, status: p.status, displayName: p.displayName, platformId: p.platformId }));
  }

  async stopEnclave(enclaveId: EnclaveId): Promise<void> {
    this.world.check('stopEnclave', [enclaveId]);
    this.world.enclave(enclaveId);
    for (const process of this.world.processesOf(enclaveId)) {
      if (process.status === 'paused') process.status = 'running';
      this.world.exit(process, 0, 'stop');
    }
  }

  async destroyEnclave(enclaveId: EnclaveId): Promise<void> {
    this.world.check('destroyEnclave', [enclaveId]);
    for (const process of this.world.processesOf(enclaveId)) this.world.remove(process.ref);
    this.world.enclaves.delete(enclaveId);
    for (const external of this.world.externals) if (external.enclaveId === enclaveId) delete external.enclaveId;
  }

  async getHostClientIp(enclaveId: EnclaveId): Promise<string> {
    this.world.check('getHostClientIp', [enclaveId]);
    return this.world.enclave(enclaveId).book.gatewayIp;
  }

  // ------------------------------------------------------------------ API containers

  async createApiContainer(enclaveId: EnclaveId, config: CreateApiContainerConfig): Promise<ApiContainer> {
    this.world.check('createApiContainer', [enclaveId, config]);
    const { book } = this.world.enclave(enclaveId);
    await this.ensureImage(config.image);
    const privateIp = book.apiContainerIp;
    const ref = { kind: 'api-container' as const, enclaveId };
    if (this.world.find(ref)) throw alreadyExists(`The API container of enclave '${enclaveId}' exists already`);
    const process = this.world.create(ref, '', {
      image: config.image,
      env: config.env({ privateIp }),
      entrypoint: [],
      cmd: [],
      ports: { api: { number: config.port, protocol: 'tcp' } },
      mounts: { [config.dataDirMountpoint]: 'enclave data', [config.stateDirMountpoint]: 'API container state' },
      privateIp,
    });
    this.world.start(process, true);
    return this.toApiContainer(process);
  }

  async getApiContainers(enclaveIds?: readonly EnclaveId[]): Promise<ApiContainer[]> {
    this.world.check('getApiContainers', [enclaveIds]);
    return [...this.world.processes.values()]
      .filter((p) => p.ref.kind === 'api-container' && (!enclaveIds || enclaveIds.includes(p.ref.enclaveId)))
      .map((p) => this.toApiContainer(p));
  }

  async stopApiContainer(enclaveId: EnclaveId, _stopTimeoutSeconds: number): Promise<void> {
    this.world.check('stopApiContainer', [enclaveId]);
    const process = this.world.process({ kind: 'api-container', enclaveId });
    if (process.status === 'paused') process.status = 'running';
    this.world.exit(process, 0, 'stop');
  }

  // ------------------------------------------------------------------ addresses

  async registerService(enclaveId: EnclaveId, serviceId: ServiceId): Promise<ServiceRegistration> {
    this.world.check('registerService', [enclaveId, serviceId]);
    return this.world.enclave(enclaveId).book.registerService(serviceId);
  }

  async registerModule(enclaveId: EnclaveId, moduleId: ModuleId): Promise<ModuleRegistration> {
    this.world.check('registerModule', [enclaveId, moduleId]);
    return this.world.enclave(enclaveId).book.registerModule(moduleId);
  }

  async reserveAddress(enclaveId: EnclaveId): Promise<string> {
    this.world.check('reserveAddress', [enclaveId]);
    return this.world.enclave(enclaveId).book.reserve();
  }

  async releaseAddress(enclaveId: EnclaveId, ip: string): Promise<void> {
    this.world.check('releaseAddress', [enclaveId, ip]);
    this.world.enclave(enclaveId).book.release(ip);
  }

  async restoreAddresses(enclaveId: EnclaveId, restored: RestoredAddresses): Promise<void> {
    this.world.check('restoreAddresses', [enclaveId, restored]);
    const { book } = this.world.enclave(enclaveId);
    for (const registration of restored.services) book.adoptService(registration);
    for (const ip of restored.reservedIps) book.markTaken(ip);
  }

  async getAddressesInUse(enclaveId: EnclaveId): Promise<string[]> {
    this.world.check('getAddressesInUse', [enclaveId]);
    this.world.enclave(enclaveId);
    const ours = this.world
      .processesOf(enclaveId)
      .filter((p) => p.ref.kind === 'api-container' || p.ref.kind === 'module' || p.ref.kind === 'networking-sidecar' || (this.world.isInEnclave(p) && !p.joinedSidecar))
      .map((p) => p.spec.privateIp);
    return [...ours, ...this.world.externals.filter((e) => e.enclaveId === enclaveId && e.ip).map((e) => e.ip as string)];
  }

  // ------------------------------------------------------------------ services, lifecycle, modules

  async startService(enclaveId: EnclaveId, guid: ServiceGuid, config: StartServiceConfig): Promise<UserService> {
    this.world.check('startService', [enclaveId, guid, config]);
    return this.services.startService(enclaveId, guid, config);
  }
  async getUserServices(enclaveId: EnclaveId): Promise<UserService[]> {
    this.world.check('getUserServices', [enclaveId]);
    return this.services.getUserServices(enclaveId);
  }
  async removeService(enclaveId: EnclaveId, guid: ServiceGuid, stopTimeoutSeconds: number): Promise<void> {
    this.world.check('removeService', [enclaveId, guid, stopTimeoutSeconds]);
    return this.services.removeService(enclaveId, guid, stopTimeoutSeconds);
  }
  async pauseService(enclaveId: EnclaveId, guid: ServiceGuid): Promise<void> {
    this.world.check('pauseService', [enclaveId, guid]);
    return this.services.pauseService(enclaveId, guid);
  }
  async unpauseService(enclaveId: EnclaveId, guid: ServiceGuid): Promise<void> {
    this.world.check('unpauseService', [enclaveId, guid]);
    return this.services.unpauseService(enclaveId, guid);
  }
  async stopService(enclaveId: EnclaveId, guid: ServiceGuid, stopTimeoutSeconds: number): Promise<void> {
    this.world.check('stopService', [enclaveId, guid, stopTimeoutSeconds]);
    return this.services.stopService(enclaveId, guid, stopTimeoutSeconds);
  }
  async restartService(enclaveId: EnclaveId, guid: ServiceGuid, stopTimeoutSeconds: number): Promise<void> {
    this.world.check('restartService', [enclaveId, guid, stopTimeoutSeconds]);
    return this.services.restartService(enclaveId, guid, stopTimeoutSeconds);
  }
  async killService(enclaveId: EnclaveId, guid: ServiceGuid, signal: string): Promise<void> {
    this.world.check('killService', [enclaveId, guid, signal]);
    return this.services.killService(enclaveId, guid, signal);
  }
  async getServiceStatus(enclaveId: EnclaveId, guid: ServiceGuid): Promise<ServiceStatus> {
    this.world.check('getServiceStatus', [enclaveId, guid]);
    return this.services.getServiceStatus(enclaveId, guid);
  }
  async startModule(enclaveId: EnclaveId, guid: ModuleGuid, config: StartModuleConfig): Promise<EnclaveModule> {
    this.world.check('startModule', [enclaveId, guid, config]);
    return this.services.startModule(enclaveId, guid, config);
  }
  async getModules(enclaveId: EnclaveId): Promise<EnclaveModule[]> {
    this.world.check('getModules', [enclaveId]);
    return this.services.getModules(enclaveId);
  }
  async destroyModule(enclaveId: EnclaveId, guid: ModuleGuid, stopTimeoutSeconds?: number): Promise<void> {
    this.world.check('destroyModule', [enclaveId, guid, stopTimeoutSeconds]);
    return this.services.destroyModule(enclaveId, guid, stopTimeoutSeconds);
  }

  // ------------------------------------------------------------------ outside containers, artifacts, images, events

  async inspectExternalContainer(enclaveId: EnclaveId, nameOrId: string): Promise<ExternalContainer | undefined> {
    this.world.check('inspectExternalContainer', [enclaveId, nameOrId]);
    this.world.enclave(enclaveId);
    const found = this.world.externals.find((e) => e.name === nameOrId || (nameOrId.length >= 4 && e.platformId.startsWith(nameOrId)));
    if (!found) return undefined;
    return {
      platformId: found.platformId,
      name: found.name,
      isKurtosisObject: found.isKurtosisObject,
      kurtosisKind: found.kurtosisKind,
      ...(found.enclaveId === enclaveId && found.ip ? { enclaveIp: found.ip } : {}),
    };
  }

  externalJoinHint(enclaveId: EnclaveId, ip: string): ExternalJoinHint {
    return { networkName: enclaveId, host: 'this in-memory platform', instructions: `attach it to network ${enclaveId} at ${ip}` };
  }

  async removeUnusedFilesArtifacts(enclaveId: EnclaveId): Promise<string[]> {
    this.world.check('removeUnusedFilesArtifacts', [enclaveId]);
    const { artifactVolumes } = this.world.enclave(enclaveId);
    const unused = [...artifactVolumes].filter(([, guid]) => !this.world.find({ kind: 'user-service', enclaveId, guid: trustedId<ServiceGuid>(guid) })).map(([name]) => name);
    for (const name of unused) artifactVolumes.delete(name);
    return unused;
  }

  async ensureImage(image: string): Promise<void> {
    this.world.check('ensureImage', [image]);
    if (this.world.options.missingImages?.includes(image)) throw notFound(`Image '${image}' is not present locally and could not be pulled`);
  }

  async watchEvents(onEvent: (event: RuntimeEvent) => void): Promise<EventWatch> {
    this.world.check('watchEvents', [onEvent]);
    this.world.eventListeners.add(onEvent);
    let end: () => void = () => undefined;
    const ended = new Promise<void>((resolve) => (end = resolve));
    const stop = () => {
      this.world.eventListeners.delete(onEvent);
      this.world.watchEnders.delete(stop);
      end();
    };
    this.world.watchEnders.add(stop);
    return { stop, ended };
  }

  // ------------------------------------------------------------------ controls (tests only)

  /** The next call(s) of `method` throw `error` (see FaultInjection). */
  failNext(method: keyof KurtosisBackend | 'createNetworkingSidecar' | 'destroyNetworkingSidecar' | 'getNetworkingSidecars', error: Error, options?: { times?: number; when?: (...args: never[]) => boolean }): void {
    this.world.faults.failNext(method, error, options as { times?: number; when?: (...args: unknown[]) => boolean });
  }

  /** The process behind `ref`, with what it was started with; undefined when there is none. */
  inspect(ref: ObjectRef): MemoryProcess | undefined {
    return this.world.find(ref);
  }

  /**
   * The process ends from outside the system: `how` 'crash' (it exits by itself), 'kill' (`docker
   * kill`: a kill event, then its death) or 'stop' (`docker stop`: kill, death, and a stop event).
   */
  exitProcess(ref: ObjectRef, exitCode: number, how: 'crash' | 'kill' | 'stop' = exitCode === 137 ? 'kill' : 'crash'): void {
    this.world.exit(this.world.process(ref), exitCode, how === 'crash' ? 'die' : how);
  }

  /** The process writes `text` to its output. */
  writeOutput(ref: ObjectRef, text: string): void {
    this.world.process(ref).write(text, this.world.now());
  }

  /** Someone removed the process behind the system's back (`docker rm -f`). */
  removeBehindTheBack(ref: ObjectRef): void {
    this.world.remove(ref);
  }

  /** A process as a crash would have left it: created and never started, or stopped at `finishedAtMs`. */
  plant(ref: ObjectRef, state: { objectId: string; neverStarted?: boolean; finishedAtMs?: number; exitCode?: number; privateIp?: string }): MemoryProcess {
    const process = this.world.create(ref, state.objectId, { image: 'planted', env: {}, entrypoint: [], cmd: [], ports: {}, mounts: {}, privateIp: state.privateIp ?? '' });
    if (!state.neverStarted) {
      process.markStarted(this.world.now());
      process.markExited(state.exitCode ?? 0, state.finishedAtMs ?? this.world.now());
    }
    return process;
  }

  /** A container someone started themselves, on an enclave's network at `ip` (or on none). */
  addExternalContainer(container: Omit<ExternalMemoryContainer, 'platformId' | 'isKurtosisObject' | 'kurtosisKind'> & Partial<ExternalMemoryContainer>): ExternalMemoryContainer {
    const added = { platformId: this.world.newPlatformId(), isKurtosisObject: false, kurtosisKind: '', ...container };
    this.world.externals.push(added);
    return added;
  }

  /** Every event stream breaks, as when the daemon restarts. */
  breakEventStreams(): void {
    for (const stop of [...this.world.watchEnders]) stop();
  }

  /** Every process stops, as at a restart of the platform's daemon (their finish time is now). */
  stopEverything(): void {
    for (const process of this.world.processes.values()) this.world.exit(process, 0, 'die');
  }

  /**
   * What a new API container process of the enclave knows: the addresses of what runs or is
   * attached, and nothing it had only held in memory (registrations not started, reservations).
   */
  forgetUnstartedAddresses(enclaveId: EnclaveId): void {
    const memory = this.world.enclave(enclaveId);
    const book = new EnclaveAddressBook(enclaveId, memory.enclave.subnet, [], () => this.world.now());
    for (const p of this.world.processesOf(enclaveId)) {
      if (p.ref.kind === 'user-service' && this.world.isInEnclave(p)) book.adoptService({ enclaveId, serviceId: p.objectId as ServiceId, guid: p.ref.guid, privateIp: p.spec.privateIp });
      if (p.ref.kind === 'module') book.adoptModule({ enclaveId, moduleId: p.objectId as ModuleId, guid: p.ref.guid, privateIp: p.spec.privateIp });
    }
    for (const external of this.world.externals) if (external.enclaveId === enclaveId && external.ip) book.markTaken(external.ip);
    memory.book = book;
  }

  /** An unpacked files artifact of the enclave as a volume name, for tests of its clean-up. */
  artifactVolumes(enclaveId: EnclaveId): string[] {
    return [...this.world.enclave(enclaveId).artifactVolumes.keys()];
  }

  /** Plants an unpacked artifact volume of `guid` (an interrupted start left it). */
  plantArtifactVolume(enclaveId: EnclaveId, guid: ServiceGuid, artifactId: ArtifactId): void {
    this.world.enclave(enclaveId).artifactVolumes.set(`${enclaveId}--${guid}--${artifactId}`, guid);
  }

  // ------------------------------------------------------------------ mapping

  private toEngine(process: MemoryProcess): Engine {
    const port = process.publishedPorts.get(`${ENGINE_PORT}/tcp`);
    return {
      guid: (process.ref as { guid: EngineGuid }).guid,
      status: process.status,
      version: process.objectId,
      ...(port && process.status === 'running' ? { publicAddress: { host: this.world.publicHost, port } } : {}),
    };
  }

  private toApiContainer(process: MemoryProcess): ApiContainer {
    const port = process.spec.ports['api'];
    const published = port ? process.publishedPorts.get(`${port.number}/tcp`) : undefined;
    return {
      enclaveId: (process.ref as { enclaveId: EnclaveId }).enclaveId,
      status: process.status,
      privateIp: process.spec.privateIp,
      privatePort: port?.number ?? 0,
      ...(published && process.status === 'running' ? { publicAddress: { host: this.world.publicHost, port: published } } : {}),
      platformId: process.platformId,
    };
  }
}
