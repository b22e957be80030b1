// What a backend reports: objects named by their identity (enclave ID, GUIDs) and carrying their
// status, never the platform's networks, volumes or container handles. Where the wire protocol
// reports a platform name (EnclaveInfo's network_id and API container ID) an object carries it as an
// opaque `platformId`, for reports and people only: no backend method takes one back.
import type { ArtifactId, EnclaveId, EngineGuid, ModuleGuid, ModuleId, PortSpec, ServiceGuid, ServiceId } from '@kurtosis-ts/domain';

/** A process's status as the platform reports it (a restarting one counts as running). */
export type RuntimeStatus = 'running' | 'paused' | 'stopped';

/** Where something published by the platform is reached from the machine the clients run on. */
export interface PublicAddress {
  host: string;
  port: number;
}

export interface Engine {
  guid: EngineGuid;
  status: RuntimeStatus;
  version: string;
  /** Only while it runs. */
  publicAddress?: PublicAddress;
}

export interface Enclave {
  id: EnclaveId;
  isPartitioningEnabled: boolean;
  /** The enclave's private address range (CIDR, e.g. 172.16.3.0/24): the backend hands out its addresses. */
  subnet: string;
  /** The engine that created it, as its guid ("" when unknown: made without an engine). */
  creatorEngineGuid: string;
  /** The engine session (a test run) whose end destroys the enclave ("" when none owns it). */
  sessionId: string;
  /** Opaque platform names, for reports only: EnclaveInfo's network_id, and the data directory on the host ("" when the platform does not say). */
  platform: { networkId: string; dataDirpathOnHost: string };
}

export interface ApiContainer {
  enclaveId: EnclaveId;
  status: RuntimeStatus;
  privateIp: string;
  privatePort: number;
  /** Only while it runs. */
  publicAddress?: PublicAddress;
  /** Opaque, for reports only (EnclaveInfo's api_container_info.container_id). */
  platformId: string;
}

/** A service's identity and address, handed out by the backend when the service is registered. */
export interface ServiceRegistration {
  enclaveId: EnclaveId;
  serviceId: ServiceId;
  guid: ServiceGuid;
  privateIp: string;
}

export interface UserService extends ServiceRegistration {
  status: RuntimeStatus;
  privatePorts: Record<string, PortSpec>;
  /** Where the platform publishes its ports for host clients (known even while none is published). */
  publicHost: string;
  /** port ID → published port, only while it runs. */
  publicPorts: Record<string, PortSpec>;
  /** Where the enclave's data directory is mounted in the service ("" = not mounted). */
  dataDirMountpoint: string;
}

export interface ServiceStatus {
  status: RuntimeStatus;
  /** The exit code of its last run (0 while it has never exited). */
  exitCode: number;
}

/** A module load's identity and address, handed out by the backend before the module starts. */
export interface ModuleRegistration {
  enclaveId: EnclaveId;
  moduleId: ModuleId;
  guid: ModuleGuid;
  privateIp: string;
}

export interface EnclaveModule extends ModuleRegistration {
  /** The image it was loaded from, as given. */
  image: string;
  status: RuntimeStatus;
  privatePort: number;
  /** Where the platform publishes its port for host clients. */
  publicHost: string;
  /** Only while it runs. */
  publicPort?: number;
  /** Opaque, for reports and people only. */
  platformId: string;
}

/** The process that holds a service's network identity and applies its partition rules (partitioned enclaves). */
export interface NetworkingSidecar {
  enclaveId: EnclaveId;
  serviceId: ServiceId;
  /** The GUID of its service. */
  guid: ServiceGuid;
  privateIp: string;
  status: RuntimeStatus;
}

export type ObjectKind = 'engine' | 'api-container' | 'user-service' | 'networking-sidecar' | 'module' | 'files-artifact-expander';

/** Names the process behind an object, for the calls that read or drive processes (ObjectRuntime). */
export type ObjectRef =
  | { kind: 'engine'; guid: EngineGuid }
  | { kind: 'api-container'; enclaveId: EnclaveId }
  | { kind: 'user-service'; enclaveId: EnclaveId; guid: ServiceGuid }
  | { kind: 'networking-sidecar'; enclaveId: EnclaveId; guid: ServiceGuid }
  | { kind: 'module'; enclaveId: EnclaveId; guid: ModuleGuid }
  /** The short-lived process that unpacks a files artifact for a service. */
  | { kind: 'files-artifact-expander'; enclaveId: EnclaveId; guid: ServiceGuid; artifactId: ArtifactId };

export type EnclaveObjectRef = Exclude<ObjectRef, { kind: 'engine' }>;

/** Anything of an enclave that has a process (removed services included: they stay for inspection). */
export interface EnclaveObject {
  ref: EnclaveObjectRef;
  /** Its service, module or files-artifact ID ("" for the API container). */
  objectId: string;
  status: RuntimeStatus;
  /** What the platform calls it, for people. */
  displayName: string;
  /** Opaque, for reports and people only. */
  platformId: string;
}

/** A process's state, with what reconciliation needs to know. */
export interface RuntimeState extends ServiceStatus {
  /** Created but never started (a create that was cut short). */
  neverStarted: boolean;
  /** Unix ms of the current or last start; 0 when never started. */
  startedAtMs: number;
  /** Unix ms of the last exit, also while it runs again; 0 when it never exited. */
  finishedAtMs: number;
}

/** What happened to one of our processes, as the platform announces it. */
export interface RuntimeEvent {
  ref: ObjectRef;
  action: 'create' | 'start' | 'die' | 'stop' | 'kill' | 'destroy' | 'pause' | 'unpause';
  /** For `die`. */
  exitCode?: number;
  /** For `kill`, e.g. "9" or "SIGKILL" as the platform reports it. */
  signal?: string;
  timeMs: number;
}

export interface EventWatch {
  stop(): void;
  /** Settles when the watch ends: stop(), or the platform's event stream broke (e.g. the daemon restarted). */
  readonly ended: Promise<void>;
}

/** A container someone started on an enclave's network from outside, as external registration checks it. */
export interface ExternalContainer {
  /** The platform's full name for it (the caller may have given a prefix or a name). */
  platformId: string;
  name: string;
  /** Made by this system (any enclave's or an engine): never an external container. */
  isKurtosisObject: boolean;
  /** What kind of our objects it says it is, when it says ("" otherwise). */
  kurtosisKind: string;
  /** Its address on the enclave's network; undefined when it is not attached to it. */
  enclaveIp?: string;
}

/** How someone with access to the platform puts a container of their own on an enclave's network (for messages). */
export interface ExternalJoinHint {
  /** What the platform calls the enclave's network. */
  networkName: string;
  /** Where such containers live, e.g. "this Docker host". */
  host: string;
  /** Commands that start or attach one at the given address. */
  instructions: string;
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

/** A command's result with its two output streams apart. */
export interface SeparatedExecResult {
  exitCode: number;
  stdout: Buffer;
  stderr: Buffer;
  /** True when either stream was cut at the byte limit asked for. */
  truncated: boolean;
}

export type OutputStreamName = 'stdout' | 'stderr';

/** One line of a process's output, with the stream it was written to. */
export interface OutputLine {
  stream: OutputStreamName;
  /** Without its newline; cut to MAX_OUTPUT_LINE_CHARS. */
  line: string;
  /** When the platform received it (Unix ms); 0 when it does not say. */
  timestampMs: number;
}

/** Longer lines are cut (a process may write a gigabyte without a newline). */
export const MAX_OUTPUT_LINE_CHARS = 64 * 1024;

export interface ReadOutputOptions {
  /** Keep reading new lines until the process exits or `signal` aborts. */
  follow: boolean;
  /** Only the last N lines (undefined: all). */
  tailLines?: number;
  /** Only lines written at or after this Unix time in ms (undefined or 0: from the start). */
  sinceMs?: number;
  /** Ends a followed read. */
  signal?: AbortSignal;
}

/** A command kept running in a process, fed through its stdin: no exec setup per request. */
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

export interface InteractiveIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  tty: boolean;
}
