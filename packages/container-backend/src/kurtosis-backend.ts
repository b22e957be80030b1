// Everything the engine and the API containers ask of a container platform, in the domain's words.
// Docker is the first implementation; nothing above this interface knows which one runs.
import type { PortSpec } from './labels';

export type ContainerStatus = 'running' | 'paused' | 'stopped';

export interface UserServiceStatus {
  status: ContainerStatus;
  /** The exit code of the container's last run (0 while it has never exited). */
  exitCode: number;
}

/** A container's state as the runtime reports it, with what reconciliation needs to know. */
export interface ContainerState extends UserServiceStatus {
  /** Created but never started (a create that was cut short). */
  neverStarted: boolean;
  /** Unix ms of the current or last start; 0 when never started. */
  startedAtMs: number;
  /** Unix ms of the last exit, also while it runs again; 0 when it never exited. */
  finishedAtMs: number;
}

/** What a container reports about itself when someone asks to register it from outside. */
export interface ContainerAttachment {
  /** The full container ID (the caller may have named it by name or an ID prefix). */
  containerId: string;
  name: string;
  labels: Record<string, string>;
  /** Its IPv4 address on the enclave network; undefined when it is not attached to it. */
  enclaveIp?: string;
}

/** What happened to a container, as the runtime announces it. */
export interface ContainerEvent {
  containerId: string;
  action: 'create' | 'start' | 'die' | 'stop' | 'kill' | 'destroy' | 'pause' | 'unpause';
  /** For `die`. */
  exitCode?: number;
  /** For `kill`, e.g. "9" or "SIGKILL" as the runtime reports it. */
  signal?: string;
  labels: Record<string, string>;
  timeMs: number;
}

export interface ContainerWatch {
  stop(): void;
  /** Settles when the watch ends: stop(), or the runtime's event stream broke (e.g. dockerd restarted). */
  readonly ended: Promise<void>;
}

export interface Enclave {
  id: string;
  networkId: string;
  networkName: string;
  /** CIDR of the enclave network, e.g. 172.16.3.0/24. */
  subnet: string;
  gatewayIp: string;
  isPartitioningEnabled: boolean;
  /** Shared with every service and module that mounts it; they may write anything into it. */
  dataVolumeName: string;
  /** Only the API container mounts it (expanders read it): its state and downloaded artifacts. */
  stateVolumeName: string;
  /** Where the data volume lives on the Docker host ("" when the platform does not say). */
  dataDirpathOnHost: string;
  /** The engine container that created the enclave ("" when unknown), to tell half-made enclaves of a dead engine from creates in flight. */
  creatorEngineId: string;
  /** The engine session (a test run) whose end destroys the enclave ("" when none owns it). */
  sessionId?: string;
}

export interface EnclaveContainer {
  containerId: string;
  name: string;
  enclaveId: string;
  containerType: string;
  status: ContainerStatus;
  /** The service, module or artifact ID it belongs to ("" for the API container). */
  objectId: string;
  /** The GUID of its service or module ("" when it has none). */
  guid: string;
}

export interface ApiContainer {
  containerId: string;
  enclaveId: string;
  status: ContainerStatus;
  privateIp: string;
  privatePort: number;
  /** Host port on 127.0.0.1; undefined unless running. */
  publicPort?: number;
}

export interface EngineContainer {
  containerId: string;
  status: ContainerStatus;
  version: string;
  /** Host port on 127.0.0.1; undefined unless running. */
  publicPort?: number;
}

export interface UserService {
  containerId: string;
  enclaveId: string;
  serviceId: string;
  guid: string;
  status: ContainerStatus;
  privateIp: string;
  privatePorts: Record<string, PortSpec>;
  /** port ID → host port on 127.0.0.1 (only while running). */
  publicPorts: Record<string, PortSpec>;
  /** Where the enclave data volume is mounted in the service ("" = not mounted). */
  dataDirMountpoint: string;
}

export interface ModuleContainer {
  containerId: string;
  enclaveId: string;
  moduleId: string;
  guid: string;
  /** The image it was loaded from, as given. */
  image: string;
  status: ContainerStatus;
  privateIp: string;
  privatePort: number;
  /** Host port on 127.0.0.1; undefined unless running. */
  publicPort?: number;
}

export interface OutputFollower {
  stop(): void;
  done: Promise<void>;
}

export interface ExecResult {
  exitCode: number;
  /** stdout and stderr, interleaved as the command wrote them. */
  output: string;
}

/** A command kept running in a container, fed through its stdin: no exec setup per request. */
export interface ExecSession {
  /** Writes to the command's stdin. */
  write(data: string): void;
  /** Calls `listener` with the command's output (stdout and stderr interleaved) as it arrives. */
  onOutput(listener: (text: string) => void): void;
  /** Settles once the command has ended or the connection to it broke. */
  readonly ended: Promise<void>;
  /** Closes its stdin, which ends a command that reads until end of input. */
  close(): void;
}

export interface CreateEngineConfig {
  image: string;
  version: string;
  /** Port on 127.0.0.1 to publish the engine's 9710 on; 0 picks a free one. */
  hostPort: number;
  env?: Record<string, string>;
}

export interface CreateApiContainerConfig {
  image: string;
  /** The API container's own IP inside the enclave subnet. */
  ip: string;
  port: number;
  env: Record<string, string>;
  /** Where the enclave data volume is mounted inside the API container. */
  dataDirMountpoint: string;
  /** Where the enclave's state volume is mounted inside the API container. */
  stateDirMountpoint: string;
}

export interface CreateUserServiceConfig {
  serviceId: string;
  guid: string;
  image: string;
  ip: string;
  ports: Record<string, PortSpec>;
  /** Used only when non-empty. */
  entrypoint: string[];
  /** Used only when non-empty. */
  cmd: string[];
  env: Record<string, string>;
  /** Mount the enclave data volume here ("" = not mounted). */
  dataDirMountpoint: string;
  /**
   * The networking sidecar whose network namespace the service joins (partitioned enclaves): it
   * already holds the service's IP, alias and published ports, and its rules are in place before
   * the service's first packet.
   */
  networkOwnerContainerId?: string;
  /** Further volumes to mount: volume name → path in the container (expanded files artifacts). */
  volumeMounts?: Record<string, string>;
}

export interface CreateNetworkingSidecarConfig {
  serviceId: string;
  guid: string;
  image: string;
  ip: string;
  /** The service's ports: published by the sidecar, which owns the shared namespace. */
  ports: Record<string, PortSpec>;
}

export interface NetworkingSidecar {
  containerId: string;
  serviceId: string;
  guid: string;
  privateIp: string;
  status: ContainerStatus;
}

export interface ExpandFilesArtifactConfig {
  /** Names the volume, so each service gets its own copy of the files. */
  serviceGuid: string;
  artifactId: string;
  /** The .tgz, relative to the enclave's state volume (where the API container downloaded it). */
  archiveRelativePath: string;
  /** An image that has `tar`. */
  image: string;
}

export interface CreateModuleConfig {
  moduleId: string;
  guid: string;
  image: string;
  ip: string;
  port: number;
  /** The module launch contract (SERIALIZED_ARGS); ENTRYPOINT and CMD are never overridden. */
  env: Record<string, string>;
  dataDirMountpoint: string;
}

export interface KurtosisBackend {
  // --- engine ---
  createEngine(config: CreateEngineConfig): Promise<EngineContainer>;
  getEngines(): Promise<EngineContainer[]>;
  destroyEngine(containerId: string): Promise<void>;

  // --- enclaves ---
  /**
   * Network (on a free subnet), data volume and state volume. Refuses (already-exists) when a
   * network or volume of that name exists that it did not create; rolls back what it made if it fails.
   */
  createEnclave(enclaveId: string, options: { isPartitioningEnabled: boolean; creatorEngineId?: string; sessionId?: string }): Promise<Enclave>;
  /** All enclaves, or those with the given IDs. */
  getEnclaves(enclaveIds?: string[]): Promise<Enclave[]>;
  /** Containers of one enclave, or of all enclaves. */
  getEnclaveContainers(enclaveId?: string): Promise<EnclaveContainer[]>;
  /** Stops every container of the enclave; they stay for inspection. */
  stopEnclave(enclaveId: string): Promise<void>;
  /** Removes the enclave's containers, volumes and network. */
  destroyEnclave(enclaveId: string): Promise<void>;

  // --- API containers ---
  createApiContainer(enclave: Enclave, config: CreateApiContainerConfig): Promise<ApiContainer>;
  getApiContainers(enclaveIds?: string[]): Promise<ApiContainer[]>;

  // --- user services ---
  /** Creates and starts the service's container; removes it again if starting fails. */
  createUserService(enclave: Enclave, config: CreateUserServiceConfig): Promise<UserService>;
  /** Services attached to the enclave network (running or stopped); removed ones are not listed. */
  getUserServices(enclaveId: string): Promise<UserService[]>;
  /**
   * Stops the container (kept for inspection) and frees its IP and alias: detaches it from the
   * enclave network, or removes its networking sidecar.
   */
  removeUserService(enclave: Enclave, containerId: string, stopTimeoutSeconds: number): Promise<void>;

  // --- service lifecycle (our extension: pause, stop, restart, kill; the service stays in the enclave) ---
  /** Freezes the service container's processes. */
  pauseUserService(containerId: string): Promise<void>;
  unpauseUserService(containerId: string): Promise<void>;
  /** SIGTERM, then SIGKILL after the timeout (a paused service is unpaused first, so it can act on
   * SIGTERM); the container is kept, still attached. */
  stopUserService(containerId: string, stopTimeoutSeconds: number): Promise<void>;
  /** Starts a stopped service container again (unpausing, then stopping it first when it runs). */
  restartUserService(containerId: string, stopTimeoutSeconds: number): Promise<void>;
  /** Sends a signal (e.g. "SIGKILL") to the container's main process from outside the container. */
  killUserService(containerId: string, signal: string): Promise<void>;
  /** The container's status as the runtime reports it, and its last exit code. */
  getUserServiceStatus(containerId: string): Promise<UserServiceStatus>;

  // --- networking sidecars (partitioned enclaves) ---
  /** Starts a sidecar (NET_ADMIN) that owns a network namespace with the service's IP, alias and ports. */
  createNetworkingSidecar(enclave: Enclave, config: CreateNetworkingSidecarConfig): Promise<NetworkingSidecar>;
  getNetworkingSidecars(enclaveId: string): Promise<NetworkingSidecar[]>;
  destroyNetworkingSidecar(containerId: string): Promise<void>;

  // --- files artifacts ---
  /**
   * Unpacks an archive of the data volume into a new volume of the enclave (with a short-lived
   * expander container) and returns the volume's name; fails with the expander's output.
   */
  expandFilesArtifact(enclave: Enclave, config: ExpandFilesArtifactConfig): Promise<string>;
  /** Removes a volume expandFilesArtifact made (a service that failed to start no longer needs it). */
  removeFilesArtifactVolume(volumeName: string): Promise<void>;

  // --- modules ---
  /** Creates and starts a module's container; removes it again if starting fails. */
  createModule(enclave: Enclave, config: CreateModuleConfig): Promise<ModuleContainer>;
  getModules(enclaveId: string): Promise<ModuleContainer[]>;
  /**
   * Stops the module's container (SIGTERM, then SIGKILL after `stopTimeoutSeconds`, so the module
   * can clean up) and removes it; 0 kills it at once.
   */
  destroyModule(containerId: string, stopTimeoutSeconds?: number): Promise<void>;

  /** Removes files-artifact volumes of the enclave that no container uses; returns their names. */
  removeUnusedFilesArtifactVolumes(enclaveId: string): Promise<string[]>;

  // --- any container ---
  /**
   * Resolves with the exit code once the container is not running (at once when it is not); rejects
   * not-found when it does not exist, and with an AbortError when `signal` aborts first.
   */
  waitForExit(containerId: string, signal?: AbortSignal): Promise<number>;
  /** The container's state; not-found when it does not exist. */
  getContainerState(containerId: string): Promise<ContainerState>;
  /** Starts a container that exists but does not run (a container that runs already is left be). */
  startContainer(containerId: string): Promise<void>;
  /** Removes a container, running or not (gone already is fine). */
  removeContainer(containerId: string): Promise<void>;
  /**
   * A container named by ID, ID prefix or name, with its labels and its address on the enclave
   * network; undefined when no such container exists.
   */
  inspectContainerAttachment(enclave: Enclave, nameOrId: string): Promise<ContainerAttachment | undefined>;
  /**
   * Calls `onEvent` for every event of our containers (of one enclave, or all), from now on, until
   * stop() or the stream breaks.
   */
  watchContainers(enclaveId: string | undefined, onEvent: (event: ContainerEvent) => void): Promise<ContainerWatch>;
  /** Runs argv (never through a shell), feeding `stdin` to it when given. */
  exec(containerId: string, argv: string[], stdin?: string): Promise<ExecResult>;
  /** Starts argv (never through a shell) with its stdin kept open for requests; see ExecSession. */
  openExecSession(containerId: string, argv: string[]): Promise<ExecSession>;
  /**
   * Resolves once `marker` appears in the container's output (only output written at or after
   * `sinceMs`, a Unix time in ms, when given: a restarted container still holds its old output).
   */
  waitForOutput(containerId: string, marker: string, timeoutMs: number, sinceMs?: number): Promise<void>;
  /**
   * Streams a container's output (stdout and stderr interleaved) to `onText` from its start, following
   * it until `stop()` or the container exits; `done` settles then.
   */
  followOutput(containerId: string, onText: (text: string) => void): Promise<OutputFollower>;
  /**
   * Runs argv in a container with a terminal, wired to the given streams, until it exits; resolves
   * with its exit code. For interactive shells.
   */
  execInteractive(
    containerId: string,
    argv: string[],
    io: { stdin: NodeJS.ReadableStream; stdout: NodeJS.WritableStream; tty: boolean },
  ): Promise<number>;
  /** Docker's own description of a container (for dumps). */
  describeContainer(containerId: string): Promise<unknown>;
  /** The last lines of a container's output, for error messages. */
  getLastLogLines(containerId: string, lines: number): Promise<string>;
  /** The IPv4 address of every container on the enclave network, ours or attached from outside. */
  getEnclaveNetworkIps(enclave: Enclave): Promise<string[]>;

  // --- images ---
  /** Resolves when the image is present locally, pulling it if needed; not-found otherwise. */
  ensureImage(image: string): Promise<void>;
}
