// The KurtosisBackend on a Docker engine: each concept in a file of its own, composed here. Every
// object it creates is labelled (labels.ts) and read back from Docker, so restarts lose nothing but
// what only an API container knew (which it restores: see EnclaveBackend.restoreAddresses).
import type { EnclaveId, EngineGuid, ModuleGuid, ModuleId, ServiceGuid, ServiceId } from '@kurtosis-ts/domain';
import type { CreateApiContainerConfig, CreateEnclaveOptions, CreateEngineConfig, StartModuleConfig, StartServiceConfig } from '../backend/configs';
import type { RestoredAddresses } from '../backend/enclave-backend';
import type { PullImageOptions, PullOutcome } from '../backend/images';
import type { KurtosisBackend } from '../backend/kurtosis-backend';
import type {
  ApiContainer,
  Enclave,
  EnclaveModule,
  EnclaveObject,
  Engine,
  EventWatch,
  ExecResult,
  ExecSession,
  ExternalContainer,
  ExternalJoinHint,
  InteractiveIo,
  ModuleRegistration,
  ObjectRef,
  OutputFollower,
  OutputLine,
  ReadOutputOptions,
  RuntimeEvent,
  RuntimeState,
  SeparatedExecResult,
  ServiceRegistration,
  ServiceStatus,
  UserService,
} from '../backend/objects';
import { DockerAddresses } from './docker-addresses';
import { DockerApiContainers } from './docker-api-containers';
import { DockerContainerIo } from './docker-container-io';
import { DockerContext } from './docker-context';
import type { DockerBackendOptions } from './docker-context';
import { DockerEnclaves } from './docker-enclaves';
import { DockerEngines } from './docker-engines';
import { watchEvents } from './docker-events';
import { DockerExternalContainers } from './docker-external-containers';
import { DockerFilesArtifacts } from './docker-files-artifacts';
import { ensureImage, pullImage } from './docker-images';
import { DockerModules } from './docker-modules';
import { explainReservedEnclaveId } from './docker-names';
import { DockerSidecars } from './docker-sidecars';
import { DockerUserServices } from './docker-user-services';

export class DockerKurtosisBackend implements KurtosisBackend {
  readonly supportsPartitioning = true;
  readonly partitioning: DockerSidecars;
  private readonly ctx: DockerContext;
  private readonly engines: DockerEngines;
  private readonly enclaves: DockerEnclaves;
  private readonly apiContainers: DockerApiContainers;
  private readonly addresses: DockerAddresses;
  private readonly services: DockerUserServices;
  private readonly modules: DockerModules;
  private readonly externals: DockerExternalContainers;
  private readonly artifacts: DockerFilesArtifacts;
  private readonly io: DockerContainerIo;

  constructor(options: DockerBackendOptions = {}) {
    this.ctx = new DockerContext(options);
    this.engines = new DockerEngines(this.ctx);
    this.enclaves = new DockerEnclaves(this.ctx);
    this.apiContainers = new DockerApiContainers(this.ctx, this.enclaves);
    this.addresses = new DockerAddresses(this.ctx, this.enclaves);
    this.artifacts = new DockerFilesArtifacts(this.ctx);
    this.services = new DockerUserServices(this.ctx, this.addresses, this.artifacts);
    this.modules = new DockerModules(this.ctx, this.addresses);
    this.externals = new DockerExternalContainers(this.ctx, this.enclaves);
    this.partitioning = new DockerSidecars(this.ctx, this.addresses);
    this.io = new DockerContainerIo(this.ctx);
  }

  explainUnusableEnclaveId(enclaveId: EnclaveId): string | undefined {
    return explainReservedEnclaveId(enclaveId);
  }

  // --- engines
  createEngine(config: CreateEngineConfig): Promise<Engine> {
    return this.engines.createEngine(config);
  }
  getEngines(): Promise<Engine[]> {
    return this.engines.getEngines();
  }
  destroyEngine(guid: EngineGuid): Promise<void> {
    return this.engines.destroyEngine(guid);
  }

  // --- enclaves
  createEnclave(enclaveId: EnclaveId, options: CreateEnclaveOptions): Promise<Enclave> {
    return this.enclaves.createEnclave(enclaveId, options);
  }
  getEnclaves(enclaveIds?: readonly EnclaveId[]): Promise<Enclave[]> {
    return this.enclaves.getEnclaves(enclaveIds);
  }
  getEnclaveObjects(enclaveId?: EnclaveId): Promise<EnclaveObject[]> {
    return this.enclaves.getEnclaveObjects(enclaveId);
  }
  stopEnclave(enclaveId: EnclaveId): Promise<void> {
    return this.enclaves.stopEnclave(enclaveId);
  }
  async destroyEnclave(enclaveId: EnclaveId): Promise<void> {
    await this.enclaves.destroyEnclave(enclaveId);
    this.addresses.forget(enclaveId);
  }
  getHostClientIp(enclaveId: EnclaveId): Promise<string> {
    return this.enclaves.hostClientIp(enclaveId);
  }
  getAddressesInUse(enclaveId: EnclaveId): Promise<string[]> {
    return this.enclaves.addressesInUse(enclaveId);
  }

  // --- API containers
  createApiContainer(enclaveId: EnclaveId, config: CreateApiContainerConfig): Promise<ApiContainer> {
    return this.apiContainers.createApiContainer(enclaveId, config);
  }
  getApiContainers(enclaveIds?: readonly EnclaveId[]): Promise<ApiContainer[]> {
    return this.apiContainers.getApiContainers(enclaveIds);
  }
  stopApiContainer(enclaveId: EnclaveId, stopTimeoutSeconds: number): Promise<void> {
    return this.apiContainers.stopApiContainer(enclaveId, stopTimeoutSeconds);
  }

  // --- addresses
  registerService(enclaveId: EnclaveId, serviceId: ServiceId): Promise<ServiceRegistration> {
    return this.addresses.registerService(enclaveId, serviceId);
  }
  registerModule(enclaveId: EnclaveId, moduleId: ModuleId): Promise<ModuleRegistration> {
    return this.addresses.registerModule(enclaveId, moduleId);
  }
  reserveAddress(enclaveId: EnclaveId): Promise<string> {
    return this.addresses.reserve(enclaveId);
  }
  releaseAddress(enclaveId: EnclaveId, ip: string): Promise<void> {
    return this.addresses.release(enclaveId, ip);
  }
  restoreAddresses(enclaveId: EnclaveId, restored: RestoredAddresses): Promise<void> {
    return this.addresses.restore(enclaveId, restored);
  }

  // --- services
  startService(enclaveId: EnclaveId, guid: ServiceGuid, config: StartServiceConfig): Promise<UserService> {
    return this.services.startService(enclaveId, guid, config);
  }
  getUserServices(enclaveId: EnclaveId): Promise<UserService[]> {
    return this.services.getUserServices(enclaveId);
  }
  removeService(enclaveId: EnclaveId, guid: ServiceGuid, stopTimeoutSeconds: number): Promise<void> {
    return this.services.removeService(enclaveId, guid, stopTimeoutSeconds);
  }

  removeServiceProcess(enclaveId: EnclaveId, guid: ServiceGuid, stopTimeoutSeconds: number): Promise<void> {
    return this.services.removeServiceProcess(enclaveId, guid, stopTimeoutSeconds);
  }
  pauseService(enclaveId: EnclaveId, guid: ServiceGuid): Promise<void> {
    return this.services.pauseService(enclaveId, guid);
  }
  unpauseService(enclaveId: EnclaveId, guid: ServiceGuid): Promise<void> {
    return this.services.unpauseService(enclaveId, guid);
  }
  stopService(enclaveId: EnclaveId, guid: ServiceGuid, stopTimeoutSeconds: number): Promise<void> {
    return this.services.stopService(enclaveId, guid, stopTimeoutSeconds);
  }
  restartService(enclaveId: EnclaveId, guid: ServiceGuid, stopTimeoutSeconds: number): Promise<void> {
    return this.services.restartService(enclaveId, guid, stopTimeoutSeconds);
  }
  killService(enclaveId: EnclaveId, guid: ServiceGuid, signal: string): Promise<void> {
    return this.services.killService(enclaveId, guid, signal);
  }
  getServiceStatus(enclaveId: EnclaveId, guid: ServiceGuid): Promise<ServiceStatus> {
    return this.services.getServiceStatus(enclaveId, guid);
  }

  // --- modules
  startModule(enclaveId: EnclaveId, guid: ModuleGuid, config: StartModuleConfig): Promise<EnclaveModule> {
    return this.modules.startModule(enclaveId, guid, config);
  }
  getModules(enclaveId: EnclaveId): Promise<EnclaveModule[]> {
    return this.modules.getModules(enclaveId);
  }
  destroyModule(enclaveId: EnclaveId, guid: ModuleGuid, stopTimeoutSeconds?: number): Promise<void> {
    return this.modules.destroyModule(enclaveId, guid, stopTimeoutSeconds);
  }

  // --- containers started from outside, files artifacts, images, events
  inspectExternalContainer(enclaveId: EnclaveId, nameOrId: string): Promise<ExternalContainer | undefined> {
    return this.externals.inspect(enclaveId, nameOrId);
  }
  externalJoinHint(enclaveId: EnclaveId, ip: string): ExternalJoinHint {
    return this.externals.joinHint(enclaveId, ip);
  }
  removeUnusedFilesArtifacts(enclaveId: EnclaveId): Promise<string[]> {
    return this.artifacts.removeUnused(enclaveId);
  }
  ensureImage(image: string): Promise<PullOutcome> {
    return ensureImage(this.ctx.client, image);
  }

  pullImage(image: string, options?: PullImageOptions): Promise<PullOutcome> {
    return pullImage(this.ctx.client, image, options);
  }
  watchEvents(onEvent: (event: RuntimeEvent) => void): Promise<EventWatch> {
    return watchEvents(this.ctx.client, onEvent);
  }

  // --- processes behind objects
  getState(ref: ObjectRef): Promise<RuntimeState> {
    return this.io.getState(ref);
  }
  waitForExit(ref: ObjectRef, signal?: AbortSignal): Promise<number> {
    return this.io.waitForExit(ref, signal);
  }
  startObject(ref: ObjectRef): Promise<void> {
    return this.io.startObject(ref);
  }
  discardObject(ref: ObjectRef): Promise<void> {
    return this.io.discardObject(ref);
  }
  waitForOutput(ref: ObjectRef, marker: string, timeoutMs: number, sinceMs?: number): Promise<void> {
    return this.io.waitForOutput(ref, marker, timeoutMs, sinceMs);
  }
  getLastLogLines(ref: ObjectRef, lines: number): Promise<string> {
    return this.io.getLastLogLines(ref, lines);
  }
  followOutput(ref: ObjectRef, onText: (text: string) => void): Promise<OutputFollower> {
    return this.io.followOutput(ref, onText);
  }
  readOutputLines(ref: ObjectRef, options: ReadOutputOptions, onLine: (line: OutputLine) => void): Promise<void> {
    return this.io.readOutputLines(ref, options, onLine);
  }
  exec(ref: ObjectRef, argv: string[], stdin?: string): Promise<ExecResult> {
    return this.io.exec(ref, argv, stdin);
  }
  execSeparated(ref: ObjectRef, argv: string[], maxBytes: number): Promise<SeparatedExecResult> {
    return this.io.execSeparated(ref, argv, maxBytes);
  }
  openExecSession(ref: ObjectRef, argv: string[]): Promise<ExecSession> {
    return this.io.openExecSession(ref, argv);
  }
  execInteractive(ref: ObjectRef, argv: string[], io: InteractiveIo): Promise<number> {
    return this.io.execInteractive(ref, argv, io);
  }
  describeObject(ref: ObjectRef): Promise<unknown> {
    return this.io.describeObject(ref);
  }
}
