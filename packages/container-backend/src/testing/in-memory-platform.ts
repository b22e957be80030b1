// The platform-wide part of the in-memory backend: engines, enclaves, API containers, addresses,
// containers started from outside, unpacked artifacts, images and events. Services and modules are
// in-memory-services.ts; processes (ObjectRuntime) in-memory-io.ts.
import { alreadyExists, chooseFreeSubnet, exhausted, trustedId } from '@kurtosis-ts/domain';
import type { EnclaveId, EngineGuid, ModuleId, ServiceGuid, ServiceId } from '@kurtosis-ts/domain';
import { EnclaveAddressBook } from '../addresses/enclave-address-book';
import type { CreateApiContainerConfig, CreateEnclaveOptions, CreateEngineConfig } from '../backend/configs';
import type { RestoredAddresses } from '../backend/enclave-backend';
import type { PullImageOptions, PullOutcome } from '../backend/images';
import type {
  ApiContainer,
  Enclave,
  EnclaveObject,
  EnclaveObjectRef,
  Engine,
  EventWatch,
  ExternalContainer,
  ExternalJoinHint,
  ModuleRegistration,
  RuntimeEvent,
  ServiceRegistration,
} from '../backend/objects';
import { InMemoryIo } from './in-memory-io';
import type { InMemoryWorld } from './in-memory-world';
import type { MemoryProcess } from './memory-process';

const ENGINE_PORT = 9710;

export class InMemoryPlatform extends InMemoryIo {
  constructor(world: InMemoryWorld) {
    super(world);
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
      sessionId: options.sessionId ?? '',
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
    // As Docker's network lists them: what runs (or is paused) there, holding its own address.
    const holdsItsAddress = (p: MemoryProcess) =>
      p.ref.kind === 'api-container' || p.ref.kind === 'module' || p.ref.kind === 'networking-sidecar' || (this.world.isInEnclave(p) && !p.joinedSidecar);
    const ours = this.world
      .processesOf(enclaveId)
      .filter((p) => p.status !== 'stopped' && holdsItsAddress(p))
      .map((p) => p.spec.privateIp);
    return [...ours, ...this.world.externals.filter((e) => e.enclaveId === enclaveId && e.ip).map((e) => e.ip as string)];
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

  async ensureImage(image: string): Promise<PullOutcome> {
    this.world.check('ensureImage', [image]);
    return this.world.images.ensure(image);
  }

  async pullImage(image: string, options?: PullImageOptions): Promise<PullOutcome> {
    this.world.check('pullImage', [image, options]);
    return this.world.images.pull(image, options);
  }

  /** Controls: a registry that stops answering (`host:port`), and answers again; an image removed from the platform. */
  stopRegistry(host: string): void {
    this.world.images.stopRegistry(host);
  }

  startRegistry(host: string): void {
    this.world.images.startRegistry(host);
  }

  /** Control: the registry holds other layers under the reference now (a moved tag). */
  republishImage(image: string, layers: readonly number[]): void {
    this.world.images.republish(image, layers);
  }

  removeImage(image: string): void {
    this.world.images.removeImage(image);
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
