// What an API container asks of the container platform about its own enclave: addresses, services
// and their lifecycle, modules, files artifacts, containers registered from outside, and what a
// restart must reconcile. Partitioning is an optional capability (`partitioning`).
import type { EnclaveId, ModuleGuid, ModuleId, ServiceGuid, ServiceId } from '@kurtosis-ts/domain';
import type { StartModuleConfig, StartServiceConfig } from './configs';
import type { PullOutcome } from './images';
import type {
  Enclave,
  EnclaveModule,
  EnclaveObject,
  ExternalContainer,
  ExternalJoinHint,
  ModuleRegistration,
  ServiceRegistration,
  ServiceStatus,
  UserService,
} from './objects';
import type { ObjectRuntime } from './object-runtime';
import type { PartitionSupport } from './partition-support';

/** What an API container kept across its own restart, that only it knew (the backend's addresses of it). */
export interface RestoredAddresses {
  /** Services registered but not started. */
  services: readonly ServiceRegistration[];
  /** Addresses reserved for containers started from outside (finished external registrations). */
  reservedIps: readonly string[];
}

export interface EnclaveBackend extends ObjectRuntime {
  getEnclaves(enclaveIds?: readonly EnclaveId[]): Promise<Enclave[]>;
  /** The address that connections of host clients (through published ports) arrive from. */
  getHostClientIp(enclaveId: EnclaveId): Promise<string>;

  // --- addresses: the backend hands them out; exhausted when the subnet is full
  /** A GUID and the lowest free address for a new service; nothing runs yet. */
  registerService(enclaveId: EnclaveId, serviceId: ServiceId): Promise<ServiceRegistration>;
  /** A GUID and an address for a module about to be loaded. */
  registerModule(enclaveId: EnclaveId, moduleId: ModuleId): Promise<ModuleRegistration>;
  /** An address for a container someone else starts on the enclave's network. */
  reserveAddress(enclaveId: EnclaveId): Promise<string>;
  /** Gives a reserved address back. */
  releaseAddress(enclaveId: EnclaveId, ip: string): Promise<void>;
  /** After an API container restart: what it had been handed and kept; those addresses are never handed out again. */
  restoreAddresses(enclaveId: EnclaveId, restored: RestoredAddresses): Promise<void>;
  /** Every address held on the enclave's network right now, by anything (ours, or attached from outside). */
  getAddressesInUse(enclaveId: EnclaveId): Promise<string[]>;

  // --- services
  /** Starts a registered service at its address; removes what it made again if starting fails (it stays registered). */
  startService(enclaveId: EnclaveId, guid: ServiceGuid, config: StartServiceConfig): Promise<UserService>;
  /** Services in the enclave (started, running or not); removed ones are not listed. */
  getUserServices(enclaveId: EnclaveId): Promise<UserService[]>;
  /**
   * Unregisters the service and frees its address: a started one is stopped (kept for inspection)
   * and taken off the network. One that joined a networking sidecar leaves with the sidecar, which
   * must be destroyed first (precondition otherwise).
   */
  removeService(enclaveId: EnclaveId, guid: ServiceGuid, stopTimeoutSeconds: number): Promise<void>;
  /**
   * Stops and removes a started service's process, keeping what the service is — its GUID, address
   * and alias, and a networking sidecar that holds them — so `startService` can start it again from
   * another configuration (a replacement). The files artifacts unpacked for it go with it; a service
   * without a process is what was asked.
   */
  removeServiceProcess(enclaveId: EnclaveId, guid: ServiceGuid, stopTimeoutSeconds: number): Promise<void>;

  // --- service lifecycle (our extension: the service stays in the enclave)
  /** Freezes the service's processes. */
  pauseService(enclaveId: EnclaveId, guid: ServiceGuid): Promise<void>;
  unpauseService(enclaveId: EnclaveId, guid: ServiceGuid): Promise<void>;
  /** SIGTERM, then SIGKILL after the timeout (a paused service is unpaused first, so it can act on SIGTERM). */
  stopService(enclaveId: EnclaveId, guid: ServiceGuid, stopTimeoutSeconds: number): Promise<void>;
  /** Starts a stopped service again (unpausing, then stopping it first when it runs), at the same address. */
  restartService(enclaveId: EnclaveId, guid: ServiceGuid, stopTimeoutSeconds: number): Promise<void>;
  /** Sends a signal (e.g. "SIGKILL") to the service's main process from outside it. */
  killService(enclaveId: EnclaveId, guid: ServiceGuid, signal: string): Promise<void>;
  /** Its status as the platform reports it, and its last exit code; not-found when its process is gone. */
  getServiceStatus(enclaveId: EnclaveId, guid: ServiceGuid): Promise<ServiceStatus>;

  // --- modules
  /** Starts a registered module at its address; removes it again if starting fails. */
  startModule(enclaveId: EnclaveId, guid: ModuleGuid, config: StartModuleConfig): Promise<EnclaveModule>;
  getModules(enclaveId: EnclaveId): Promise<EnclaveModule[]>;
  /**
   * Stops the module (SIGTERM, then SIGKILL after `stopTimeoutSeconds`, so it can clean up; 0 kills
   * it at once), removes it and frees its address; a module registered but never started is just freed.
   */
  destroyModule(enclaveId: EnclaveId, guid: ModuleGuid, stopTimeoutSeconds?: number): Promise<void>;

  // --- containers started from outside
  /** A container named by the platform's ID, an ID prefix or a name; undefined when none exists. */
  inspectExternalContainer(enclaveId: EnclaveId, nameOrId: string): Promise<ExternalContainer | undefined>;
  externalJoinHint(enclaveId: EnclaveId, ip: string): ExternalJoinHint;

  // --- reconciliation
  /** What has a process in the enclave (ObjectRuntime drives them). */
  getEnclaveObjects(enclaveId?: EnclaveId): Promise<EnclaveObject[]>;
  /** Removes unpacked files artifacts that no service uses any more; returns what it removed, for the log. */
  removeUnusedFilesArtifacts(enclaveId: EnclaveId): Promise<string[]>;

  /** Resolves when the image is present, pulling it if needed (the outcome says which); not-found otherwise. */
  ensureImage(image: string): Promise<PullOutcome>;

  /** Absent when the platform cannot partition a network. */
  readonly partitioning?: PartitionSupport;
}
