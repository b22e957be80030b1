// The enclave's loaded modules: LoadModule starts a module with the launch contract at the address
// the backend hands out and waits for IsAvailable; a module then stays loaded, keeping its
// in-memory state, until UnloadModule. Executes of different modules run concurrently: nothing here
// serialises them.
// A module's process can die (a crash, a kill): its state is read from the backend, never assumed.
// Execute on a dead module fails at once, and one that dies during an Execute fails that call at
// once, both naming its exit code and last log lines; it stays listed (its logs can be read) until
// UnloadModule.
import { alreadyExists, deadline, explainInvalidId, invalid, isDomainError, notFound, parseId, precondition } from '@kurtosis-ts/domain';
import type { DomainError, EnclaveId, ModuleGuid } from '@kurtosis-ts/domain';
import type { EnclaveBackend, EnclaveModule, ObjectRef } from '@kurtosis-ts/container-backend';
import { apiContainerApi, ENCLAVE_DATA_DIR_MOUNTPOINT, MODULE_PORT, quote } from '@kurtosis-ts/protos';
import { setTimeout as sleep } from 'node:timers/promises';
import { status as status_ } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { logExcerpt } from './log-excerpt';
import { ModuleClient, moduleExecutionError } from './module-client';
import { validateImageReferenceLength, validateModuleParamsSize } from '../bounds/request-bounds';
import { ensureImageLogged } from '../image-pull';

export const SERIALIZED_ARGS_ENV_VAR = 'SERIALIZED_ARGS';
const LOG_LINES_IN_ERRORS = 20;
/** How long a broken module connection waits for the module's exit to be reported. */
const DEATH_NOTICE_MS = 800;

/** What the store needs of a connection to a module (ModuleClient; a fake in tests). */
export interface ModuleConnection {
  waitUntilAvailable(address: string, deadline: number): Promise<void>;
  execute(paramsJson: string, signal?: AbortSignal): Promise<string>;
  close(): void;
}

interface LoadedModule {
  moduleId: string;
  image: string;
  /** 'unloading': its process is being stopped; it may still call the API container (its shutdown hook). */
  state: 'loading' | 'loaded' | 'unloading';
  /** Known once the backend registered it. */
  guid?: ModuleGuid;
  privateIp?: string;
  publicHost: string;
  publicPort?: number;
  client?: ModuleConnection;
}

/** Where a loaded module's process is, read from the backend. */
export interface ModuleStatus {
  status: 'running' | 'exited';
  /** Its exit code once exited (-1 when its process no longer exists). */
  exitCode: number;
  image: string;
}

export interface ModuleStoreOptions {
  backend: EnclaveBackend;
  enclaveId: EnclaveId;
  /** "<API container IP>:7443", handed to modules as apiContainerSocket. */
  apiContainerSocket: string;
  availabilityTimeoutMs: number;
  log: Logger;
  /** The enclave's modules after an API container restart, dead ones included. */
  existing?: readonly EnclaveModule[];
  /** How a module is spoken to; ModuleClient by default. */
  connect?: (address: string) => ModuleConnection;
}

export class ModuleStore {
  private readonly modules = new Map<string, LoadedModule>();
  private readonly backend: EnclaveBackend;
  private readonly enclaveId: EnclaveId;
  private readonly log: Logger;
  private readonly connect: (address: string) => ModuleConnection;

  constructor(private readonly options: ModuleStoreOptions) {
    this.backend = options.backend;
    this.enclaveId = options.enclaveId;
    this.log = options.log;
    this.connect = options.connect ?? ((address) => ModuleClient.connect(address));
    // After an API container restart, modules are loaded modules again, dead ones included:
    // they stay listed, reported dead, until unloaded.
    for (const m of options.existing ?? []) {
      this.modules.set(m.moduleId, {
        moduleId: m.moduleId,
        image: m.image,
        state: 'loaded',
        guid: m.guid,
        privateIp: m.privateIp,
        publicHost: m.publicHost,
        publicPort: m.publicPort,
        client: this.connect(`${m.privateIp}:${MODULE_PORT}`),
      });
    }
  }

  async load(args: apiContainerApi.LoadModuleArgs): Promise<apiContainerApi.LoadModuleResponse> {
    const idProblem = explainInvalidId('module', args.moduleId);
    if (idProblem) throw invalid(idProblem);
    const moduleId = parseId('module', args.moduleId);
    const image = args.containerImage.trim();
    if (image === '' || /\s/.test(image)) throw invalid(`container_image ${quote(args.containerImage)} is not an image reference`);
    validateImageReferenceLength('container_image', image);
    if (args.serializedParams.trim() === '') {
      throw invalid(`serialized_params of module '${args.moduleId}' must not be empty (send '{}' for no params)`);
    }
    validateModuleParamsSize(args.serializedParams);
    if (this.modules.has(moduleId)) throw alreadyExists(`Module '${args.moduleId}' is already loaded`);

    // Listed (as loading) before anything is awaited, so a second load of the same ID is refused.
    const record: LoadedModule = { moduleId, image, state: 'loading', publicHost: '' };
    this.modules.set(moduleId, record);
    try {
      const registration = await this.backend.registerModule(this.enclaveId, moduleId);
      record.guid = registration.guid;
      // Known as a caller from here on: the module may call the API container as soon as it runs.
      record.privateIp = registration.privateIp;
      await ensureImageLogged(this.backend, image, this.log, { moduleId });
      const started = await this.backend.startModule(this.enclaveId, registration.guid, {
        image,
        port: MODULE_PORT,
        env: { [SERIALIZED_ARGS_ENV_VAR]: this.serializedArgs(args.serializedParams) },
        dataDirMountpoint: ENCLAVE_DATA_DIR_MOUNTPOINT,
      });
      record.publicHost = started.publicHost;
      record.publicPort = started.publicPort;
      record.client = await this.waitUntilAvailable(moduleId, this.ref(registration.guid), registration.privateIp);
      record.state = 'loaded';
      this.log.info({ moduleId, image, ip: record.privateIp }, 'module loaded');
      return this.info(record);
    } catch (err) {
      this.modules.delete(moduleId);
      // Removes what was started, if anything, and gives the address back.
      if (record.guid) await this.backend.destroyModule(this.enclaveId, record.guid, 0).catch(() => undefined);
      throw err;
    }
  }

  async execute(args: apiContainerApi.ExecuteModuleArgs, signal?: AbortSignal): Promise<apiContainerApi.ExecuteModuleResponse> {
    const module = this.getLoaded(args.moduleId);
    const ref = this.ref(module.guid as ModuleGuid);
    const status = await this.status(args.moduleId);
    if (status.status !== 'running') throw await this.deadModuleError(module, status.exitCode);
    // The call is raced against the module's exit, so a module that dies mid-call fails the call
    // now instead of leaving it to hang until the caller's deadline.
    const done = new AbortController();
    const cancelled = () => done.abort();
    signal?.addEventListener('abort', cancelled, { once: true });
    const died = this.backend.waitForExit(ref, done.signal).then(
      (exitCode) => ({ exitCode }),
      (err: unknown) => (isDomainError(err, 'not-found') ? { exitCode: -1 } : new Promise<never>(() => undefined)),
    );
    let outcome: { result: string } | { exitCode: number };
    try {
      outcome = await Promise.race([(module.client as ModuleConnection).execute(args.serializedParams, done.signal).then((result) => ({ result })), died]);
    } catch (err) {
      // A dying module's connection often breaks a moment before its process is reported dead.
      const code = (err as { code?: number }).code;
      const death = code === status_.UNAVAILABLE || code === status_.INTERNAL ? await Promise.race([died, sleep(DEATH_NOTICE_MS).then(() => undefined)]) : undefined;
      if (!death) throw moduleExecutionError(args.moduleId, err);
      outcome = death;
    } finally {
      signal?.removeEventListener('abort', cancelled);
      done.abort();
    }
    if ('result' in outcome) return { serializedResult: outcome.result };
    throw await this.deadModuleError(module, outcome.exitCode);
  }

  /** Running or exited, read from the backend on every call (a process dies on its own). */
  async status(moduleId: string): Promise<ModuleStatus> {
    const module = this.getLoaded(moduleId);
    try {
      const state = await this.backend.getState(this.ref(module.guid as ModuleGuid));
      return { status: state.status === 'stopped' ? 'exited' : 'running', exitCode: state.status === 'stopped' ? state.exitCode : 0, image: module.image };
    } catch (err) {
      if (isDomainError(err, 'not-found')) return { status: 'exited', exitCode: -1, image: module.image };
      throw err;
    }
  }

  private async deadModuleError(module: LoadedModule, exitCode: number): Promise<DomainError> {
    const how = exitCode === -1 ? 'its container no longer exists' : `its container exited with code ${exitCode}`;
    const logs =
      exitCode === -1
        ? ''
        : await this.backend.getLastLogLines(this.ref(module.guid as ModuleGuid), LOG_LINES_IN_ERRORS).then(logExcerpt, () => '(its logs could not be read)');
    return precondition(
      `Module ${quote(module.moduleId)} is not running: ${how}; unload it (its logs stay readable until then)${logs ? `; its last log lines:\n${logs}` : ''}`,
    );
  }

  getInfo(moduleId: string): apiContainerApi.GetModuleInfoResponse {
    return this.info(this.getLoaded(moduleId));
  }

  /** The process of a loaded module, for reading its output. */
  processOf(moduleId: string): ObjectRef {
    return this.ref(this.getLoaded(moduleId).guid);
  }

  moduleIds(): string[] {
    return [...this.modules.values()].filter((m) => m.state === 'loaded').map((m) => m.moduleId);
  }

  /** The IPs of every module of the enclave, loaded or loading: they may call the API container. */
  privateIps(): string[] {
    return [...this.modules.values()].flatMap((m) => (m.privateIp ? [m.privateIp] : []));
  }

  async unload(moduleId: string): Promise<void> {
    const module = this.getLoaded(moduleId);
    // It is no longer listed nor executable, but stays a known caller until its process is gone:
    // the SIGTERM of the stop runs its shutdown hook, which may still clean up its enclave.
    module.state = 'unloading';
    try {
      // A dead module is removed the same way (its stop is a no-op, and gone is fine).
      await this.backend.destroyModule(this.enclaveId, module.guid as ModuleGuid);
    } catch (err) {
      module.state = 'loaded';
      throw err;
    }
    this.modules.delete(moduleId);
    module.client?.close();
    this.log.info({ moduleId }, 'module unloaded');
  }

  private ref(guid: ModuleGuid): ObjectRef {
    return { kind: 'module', enclaveId: this.enclaveId, guid };
  }

  private getLoaded(moduleId: string): LoadedModule & { guid: ModuleGuid } {
    const idProblem = explainInvalidId('module', moduleId);
    if (idProblem) throw invalid(idProblem);
    const module = this.modules.get(moduleId);
    if (!module) throw notFound(`No module with ID '${moduleId}' is loaded in this enclave`);
    if (module.state === 'unloading') throw notFound(`Module ${quote(moduleId)} is being unloaded`);
    if (module.state !== 'loaded') throw precondition(`Module ${quote(moduleId)} is still loading`);
    return module as LoadedModule & { guid: ModuleGuid };
  }

  private info(module: LoadedModule): apiContainerApi.GetModuleInfoResponse {
    const tcp = apiContainerApi.Port_Protocol.TCP;
    return {
      privateIpAddr: module.privateIp ?? '',
      privatePort: { number: MODULE_PORT, protocol: tcp },
      publicIpAddr: module.publicHost,
      publicPort: module.publicPort ? { number: module.publicPort, protocol: tcp } : undefined,
    };
  }

  /** The module launch contract (docs/protocol.md), exactly these five keys. */
  private serializedArgs(serializedCustomParams: string): string {
    return JSON.stringify({
      enclaveId: this.enclaveId,
      listenPortNum: MODULE_PORT,
      apiContainerSocket: this.options.apiContainerSocket,
      serializedCustomParams,
      enclaveDataDirMountpoint: ENCLAVE_DATA_DIR_MOUNTPOINT,
    });
  }

  /** IsAvailable within the timeout, or an error carrying the module's last log lines. */
  private async waitUntilAvailable(moduleId: string, ref: ObjectRef, ip: string): Promise<ModuleConnection> {
    const address = `${ip}:${MODULE_PORT}`;
    const client = this.connect(address);
    const timeoutMs = this.options.availabilityTimeoutMs;
    // The exit wait is a long-poll on the backend: it ends with the load either way.
    const loadDone = new AbortController();
    const exited = this.backend.waitForExit(ref, loadDone.signal).then(
      (code) => ({ exitCode: code }),
      (err: unknown) => (loadDone.signal.aborted ? new Promise<never>(() => undefined) : { exitCode: isDomainError(err, 'not-found') ? -1 : -2 }),
    );
    const available = client.waitUntilAvailable(address, Date.now() + timeoutMs).then(
      () => ({ available: true as const }),
      (err: unknown) => ({ available: false as const, err }),
    );
    const outcome = await Promise.race([available, exited]).finally(() => loadDone.abort());
    if ('available' in outcome && outcome.available) return client;
    client.close();
    const logs = await this.backend.getLastLogLines(ref, LOG_LINES_IN_ERRORS).then(logExcerpt, () => '(its logs could not be read)');
    if ('exitCode' in outcome) {
      throw precondition(`Module '${moduleId}' exited with code ${outcome.exitCode} before answering IsAvailable; its last log lines:\n${logs}`);
    }
    throw deadline(`Module '${moduleId}' did not answer IsAvailable within ${timeoutMs} ms; its last log lines:\n${logs}`);
  }
}
