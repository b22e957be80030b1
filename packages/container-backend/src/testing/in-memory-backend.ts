// A KurtosisBackend without any container platform, for tests of everything above the backend:
// engines, enclaves, API containers, services, modules and sidecars are MemoryProcesses that start,
// stop, publish ports and write output as containers would. The contract suite (contract/) runs the
// same cases against it and the Docker backend, so the two cannot drift apart. Test controls (exit a
// process, write its output, plant leftovers, restart the API container's view, fail the next call)
// are the methods after "controls".
import type { ArtifactId, EnclaveId, ModuleGuid, ModuleId, ServiceGuid, ServiceId } from '@kurtosis-ts/domain';
import { EnclaveAddressBook } from '../addresses/enclave-address-book';
import type { StartModuleConfig, StartServiceConfig } from '../backend/configs';
import type { KurtosisBackend } from '../backend/kurtosis-backend';
import type { EnclaveModule, ObjectRef, OutputStreamName, ServiceStatus, UserService } from '../backend/objects';
import { InMemoryPlatform } from './in-memory-platform';
import { InMemoryServices, InMemorySidecars } from './in-memory-services';
import { InMemoryWorld } from './in-memory-world';
import type { ExternalMemoryContainer, InMemoryBackendOptions } from './in-memory-world';
import type { MemoryProcess } from './memory-process';

export class InMemoryKurtosisBackend extends InMemoryPlatform implements KurtosisBackend {
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

  async removeServiceProcess(enclaveId: EnclaveId, guid: ServiceGuid, stopTimeoutSeconds: number): Promise<void> {
    this.world.check('removeServiceProcess', [enclaveId, guid, stopTimeoutSeconds]);
    return this.services.removeServiceProcess(enclaveId, guid, stopTimeoutSeconds);
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

  /** The process writes `text` to its output (stdout unless told). */
  writeOutput(ref: ObjectRef, text: string, stream: OutputStreamName = 'stdout'): void {
    this.world.process(ref).write(text, this.world.now(), stream);
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

}
