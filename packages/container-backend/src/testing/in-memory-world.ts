// The state of the in-memory platform: its processes, enclaves (with their address books and
// unpacked artifacts), containers started from outside, published ports, events and clock. The
// backend (in-memory-backend.ts) answers from it; tests drive it through the backend's controls.
import { internal, notFound, trustedId } from '@kurtosis-ts/domain';
import type { EnclaveId, EngineGuid } from '@kurtosis-ts/domain';
import { EnclaveAddressBook } from '../addresses/enclave-address-book';
import type { Enclave, ExecResult, ObjectRef, RuntimeEvent } from '../backend/objects';
import { FaultInjection } from './fault-injection';
import { InMemoryRegistry } from './in-memory-registry';
import type { MemoryRegistryOptions } from './in-memory-registry';
import { MemoryProcess, refKey } from './memory-process';
import type { ProcessSpec } from './memory-process';

/** What a command run by `exec` answers: its output interleaved, or its two streams apart. */
export type MemoryExecAnswer = ExecResult | { exitCode: number; stdout: string; stderr: string };

/** Answers one request written to an exec session; `reply` sends output back. */
export type SessionHandler = (input: string, reply: (text: string) => void) => void;

export interface InMemoryBackendOptions {
  /** The clock (Unix ms); Date.now by default. */
  now?: () => number;
  /** Where published ports are reached; a documentation address by default, so nothing can assume loopback. */
  publicHost?: string;
  /** Whether it offers PartitionSupport (true by default). */
  supportsPartitioning?: boolean;
  /** Images that do not exist (ensureImage: not-found). */
  missingImages?: readonly string[];
  /** Images only registries hold, registries that ask for logins (pullImage; see in-memory-registry.ts). */
  registry?: MemoryRegistryOptions;
  /** Answers `exec` and `execSeparated`; exit code 0 and no output by default. */
  exec?: (ref: ObjectRef, argv: string[], stdin?: string) => MemoryExecAnswer | Promise<MemoryExecAnswer>;
  /** Answers what is written to an exec session; by default nothing is answered. */
  sessions?: (ref: ObjectRef, argv: string[]) => SessionHandler;
  /** Called when a process starts (each time), e.g. to write a ready line to its output. */
  onStart?: (process: MemoryProcess) => void;
  /** Called before a files artifact is unpacked for a service; throw to make the unpacking fail. */
  onExpand?: (enclaveId: EnclaveId, artifactId: string) => void;
}

export interface MemoryEnclave {
  enclave: Enclave;
  book: EnclaveAddressBook;
  /** Unpacked files artifacts: volume name → the service GUID whose start made it. */
  artifactVolumes: Map<string, string>;
}

export interface ExternalMemoryContainer {
  platformId: string;
  name: string;
  /** The kind of our objects it claims to be, "" for a foreign container. */
  kurtosisKind: string;
  isKurtosisObject: boolean;
  /** Enclave it sits on, and where. */
  enclaveId?: EnclaveId;
  ip?: string;
}

export class InMemoryWorld {
  readonly processes = new Map<string, MemoryProcess>();
  readonly enclaves = new Map<EnclaveId, MemoryEnclave>();
  readonly externals: ExternalMemoryContainer[] = [];
  readonly faults = new FaultInjection();
  readonly eventListeners = new Set<(event: RuntimeEvent) => void>();
  readonly watchEnders = new Set<() => void>();
  readonly openSessions = new Map<string, Set<() => void>>();
  private nextPort = 40_000;
  private nextId = 1;

  readonly images: InMemoryRegistry;

  constructor(readonly options: InMemoryBackendOptions = {}) {
    this.images = new InMemoryRegistry(options.registry, options.missingImages);
  }

  now(): number {
    return (this.options.now ?? Date.now)();
  }

  get publicHost(): string {
    return this.options.publicHost ?? '192.0.2.10';
  }

  newPlatformId(): string {
    return (this.nextId++).toString(16).padStart(12, '0') + 'f'.repeat(52);
  }

  newEngineGuid(platformId: string): EngineGuid {
    return trustedId<EngineGuid>(platformId.slice(0, 12));
  }

  allocatePort(): number {
    return this.nextPort++;
  }

  enclave(enclaveId: EnclaveId): MemoryEnclave {
    const enclave = this.enclaves.get(enclaveId);
    if (!enclave) throw notFound(`Enclave '${enclaveId}' has no network; was it destroyed?`);
    return enclave;
  }

  find(ref: ObjectRef): MemoryProcess | undefined {
    return this.processes.get(refKey(ref));
  }

  /** The process behind `ref`; not-found (as Docker's "No such container") when there is none. */
  process(ref: ObjectRef): MemoryProcess {
    const process = this.find(ref);
    if (!process) throw notFound(`No such process: ${refKey(ref)}`);
    return process;
  }

  /** Creates a process (created, not started); exists when one of that identity exists. */
  create(ref: ObjectRef, objectId: string, spec: ProcessSpec): MemoryProcess {
    const key = refKey(ref);
    if (this.processes.has(key)) throw internal(`A process named ${key} exists already`);
    const process = new MemoryProcess(ref, objectId, key.replace(/\//g, '--'), this.newPlatformId(), spec);
    this.processes.set(key, process);
    this.emit(ref, 'create');
    return process;
  }

  start(process: MemoryProcess, publishes: boolean): void {
    if (process.status === 'running' || process.status === 'paused') return;
    process.markStarted(this.now());
    if (publishes) for (const port of Object.values(process.spec.ports)) process.publishedPorts.set(`${port.number}/${port.protocol}`, this.allocatePort());
    this.emit(process.ref, 'start');
    this.options.onStart?.(process);
  }

  /** The process ends with `exitCode` (a crash, a kill, a stop it obeyed). */
  exit(process: MemoryProcess, exitCode: number, how: 'stop' | 'kill' | 'die', signal?: string): void {
    if (process.status === 'stopped') return;
    if (how !== 'die') this.emit(process.ref, 'kill', { signal: signal ?? (how === 'stop' ? '15' : '9') });
    process.markExited(exitCode, this.now());
    this.emit(process.ref, 'die', { exitCode });
    if (how === 'stop') this.emit(process.ref, 'stop');
    for (const end of this.openSessions.get(refKey(process.ref)) ?? []) end();
  }

  remove(ref: ObjectRef): void {
    const process = this.find(ref);
    if (!process) return;
    this.exit(process, 137, 'kill');
    this.processes.delete(refKey(ref));
    this.emit(ref, 'destroy');
  }

  emit(ref: ObjectRef, action: RuntimeEvent['action'], extra: { exitCode?: number; signal?: string } = {}): void {
    const event: RuntimeEvent = { ref, action, ...extra, timeMs: this.now() };
    for (const listener of [...this.eventListeners]) listener(event);
  }

  processesOf(enclaveId: EnclaveId): MemoryProcess[] {
    return [...this.processes.values()].filter((p) => p.ref.kind !== 'engine' && p.ref.enclaveId === enclaveId);
  }

  /** A service is in its enclave while attached itself, or through its sidecar while that exists. */
  isInEnclave(service: MemoryProcess): boolean {
    if (service.ref.kind !== 'user-service' || !service.attached) return false;
    return !service.joinedSidecar || this.find({ ...service.ref, kind: 'networking-sidecar' }) !== undefined;
  }

  /** Who holds a service's published ports: itself, or its sidecar. */
  portOwner(service: MemoryProcess): MemoryProcess | undefined {
    return service.joinedSidecar ? this.find({ ...service.ref, kind: 'networking-sidecar' } as ObjectRef) : service;
  }

  check(method: string, args: readonly unknown[]): void {
    this.faults.check(method, args);
  }
}
