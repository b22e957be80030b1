// The enclave's loaded modules: LoadModule starts a module container with the launch contract and
// waits for IsAvailable; a module then stays loaded, keeping its in-memory state, until UnloadModule.
// Executes of different modules run concurrently: nothing here serialises them.
// A module's container can die (a crash, a kill): its state is read from the runtime, never
// assumed. Execute on a dead module fails at once, and one that dies during an Execute fails that
// call at once, both naming its exit code and last log lines; it stays listed (its logs can be read)
// until UnloadModule.
import type { Enclave, KurtosisBackend, ModuleContainer } from '@kurtosis-ts/container-backend';
import { explainInvalidId, isBackendError } from '@kurtosis-ts/container-backend';
import {
  alreadyExists,
  apiContainerApi,
  deadlineExceeded,
  ENCLAVE_DATA_DIR_MOUNTPOINT,
  failedPrecondition,
  invalidArgument,
  MODULE_PORT,
  notFound,
  quote,
} from '@kurtosis-ts/protos';
import type { StatusError } from '@kurtosis-ts/protos';
import { setTimeout as sleep } from 'node:timers/promises';
import { status as status_ } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { FreeIpTracker } from '@kurtosis-ts/container-backend';
import { logExcerpt } from './log-excerpt';
import { ModuleClient, moduleExecutionError } from './module-client';
import { validateImageReferenceLength, validateModuleParamsSize } from '../bounds/request-bounds';

export const SERIALIZED_ARGS_ENV_VAR = 'SERIALIZED_ARGS';
const LOG_LINES_IN_ERRORS = 20;
/** How long a broken module connection waits for the container's exit to be reported. */
const DEATH_NOTICE_MS = 800;

interface LoadedModule {
  moduleId: string;
  image: string;
  /** 'unloading': its container is being stopped; it may still call the API container (its shutdown hook). */
  state: 'loading' | 'loaded' | 'unloading';
  privateIp: string;
  containerId?: string;
  publicPort?: number;
  client?: ModuleClient;
}

/** Where a loaded module's container is, read from the runtime. */
export interface ModuleStatus {
  status: 'running' | 'exited';
  /** The container's exit code once exited (-1 when its container no longer exists). */
  exitCode: number;
  image: string;
}

export interface ModuleStoreOptions {
  enclave: Enclave;
  /** "<API container IP>:7443", handed to modules as apiContainerSocket. */
  apiContainerSocket: string;
  availabilityTimeoutMs: number;
}

export class ModuleStore {
  private readonly modules = new Map<string, LoadedModule>();

  constructor(
    private readonly backend: KurtosisBackend,
    private readonly ips: FreeIpTracker,
    private readonly options: ModuleStoreOptions,
    private readonly log: Logger,
    existing: readonly ModuleContainer[] = [],
  ) {
    // After an API container restart, module containers are loaded modules again, dead ones included:
    // they stay listed, reported dead, until unloaded.
    for (const m of existing) {
      this.ips.markTaken(m.privateIp);
      this.modules.set(m.moduleId, {
        moduleId: m.moduleId,
        image: m.image,
        state: 'loaded',
        privateIp: m.privateIp,
        containerId: m.containerId,
        publicPort: m.publicPort,
        client: ModuleClient.connect(`${m.privateIp}:${MODULE_PORT}`),
      });
    }
  }

  async load(args: apiContainerApi.LoadModuleArgs): Promise<apiContainerApi.LoadModuleResponse> {
    const idProblem = explainInvalidId('module', args.moduleId);
    if (idProblem) throw invalidArgument(idProblem);
    const image = args.containerImage.trim();
    if (image === '' || /\s/.test(image)) throw invalidArgument(`container_image ${quote(args.containerImage)} is not an image reference`);
    validateImageReferenceLength('container_image', image);
    if (args.serializedParams.trim() === '') {
      throw invalidArgument(`serialized_params of module '${args.moduleId}' must not be empty (send '{}' for no params)`);
    }
    validateModuleParamsSize(args.serializedParams);
    if (this.modules.has(args.moduleId)) throw alreadyExists(`Module '${args.moduleId}' is already loaded`);

    const record: LoadedModule = { moduleId: args.moduleId, image, state: 'loading', privateIp: this.ips.takeFreeIp() };
    this.modules.set(args.moduleId, record);
    try {
      await this.backend.ensureImage(image);
      const container = await this.backend.createModule(this.options.enclave, {
        moduleId: args.moduleId,
        guid: `${args.moduleId}-${Date.now()}`,
        image,
        ip: record.privateIp,
        port: MODULE_PORT,
        env: { [SERIALIZED_ARGS_ENV_VAR]: this.serializedArgs(args.serializedParams) },
        dataDirMountpoint: ENCLAVE_DATA_DIR_MOUNTPOINT,
      });
      record.containerId = container.containerId;
      record.publicPort = container.publicPort;
      record.client = await this.waitUntilAvailable(args.moduleId, container.containerId, record.privateIp);
      record.state = 'loaded';
      this.log.info({ moduleId: args.moduleId, image, ip: record.privateIp }, 'module loaded');
      return this.info(record);
    } catch (err) {
      this.modules.delete(args.moduleId);
      this.ips.release(record.privateIp);
      if (record.containerId) await this.backend.destroyModule(record.containerId, 0).catch(() => undefined);
      throw err;
    }
  }

  async execute(args: apiContainerApi.ExecuteModuleArgs, signal?: AbortSignal): Promise<apiContainerApi.ExecuteModuleResponse> {
    const module = this.getLoaded(args.moduleId);
    const containerId = module.containerId as string;
    const status = await this.status(args.moduleId);
    if (status.status !== 'running') throw await this.deadModuleError(module, status.exitCode);
    // The call is raced against the container's exit, so a module that dies mid-call fails the call
    // now instead of leaving it to hang until the caller's deadline.
    const done = new AbortController();
    const cancelled = () => done.abort();
    signal?.addEventListener('abort', cancelled, { once: true });
    const died = this.backend.waitForExit(containerId, done.signal).then(
      (exitCode) => ({ exitCode }),
      (err: unknown) => (isBackendError(err, 'not-found') ? { exitCode: -1 } : new Promise<never>(() => undefined)),
    );
    let outcome: { result: string } | { exitCode: number };
    try {
      outcome = await Promise.race([(module.client as ModuleClient).execute(args.serializedParams, done.signal).then((result) => ({ result })), died]);
    } catch (err) {
      // A dying module's connection often breaks a moment before its container is reported dead.
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

  /** Running or exited, read from the runtime on every call (a container dies on its own). */
  async status(moduleId: string): Promise<ModuleStatus> {
    const module = this.getLoaded(moduleId);
    try {
      const state = await this.backend.getContainerState(module.containerId as string);
      return { status: state.status === 'stopped' ? 'exited' : 'running', exitCode: state.status === 'stopped' ? state.exitCode : 0, image: module.image };
    } catch (err) {
      if (isBackendError(err, 'not-found')) return { status: 'exited', exitCode: -1, image: module.image };
      throw err;
    }
  }

  private async deadModuleError(module: LoadedModule, exitCode: number): Promise<StatusError> {
    const containerId = module.containerId as string;
    const how = exitCode === -1 ? 'its container no longer exists' : `its container exited with code ${exitCode}`;
    const logs = exitCode === -1 ? '' : await this.backend.getLastLogLines(containerId, LOG_LINES_IN_ERRORS).then(logExcerpt, () => '(its logs could not be read)');
    return failedPrecondition(
      `Module ${quote(module.moduleId)} is not running: ${how}; unload it (its logs stay readable until then)${logs ? `; its last log lines:\n${logs}` : ''}`,
    );
  }

  getInfo(moduleId: string): apiContainerApi.GetModuleInfoResponse {
    return this.info(this.getLoaded(moduleId));
  }

  moduleIds(): string[] {
    return [...this.modules.values()].filter((m) => m.state === 'loaded').map((m) => m.moduleId);
  }

  /** The IPs of every module of the enclave, loaded or loading: they may call the API container. */
  privateIps(): string[] {
    return [...this.modules.values()].map((m) => m.privateIp);
  }

  async unload(moduleId: string): Promise<void> {
    const module = this.getLoaded(moduleId);
    // It is no longer listed nor executable, but stays a known caller until its container is gone:
    // the SIGTERM of the stop runs its shutdown hook, which may still clean up its enclave.
    module.state = 'unloading';
    try {
      // A dead module's container is removed the same way (its stop is a no-op, and gone is fine).
      await this.backend.destroyModule(module.containerId as string);
    } catch (err) {
      module.state = 'loaded';
      throw err;
    }
    this.modules.delete(moduleId);
    module.client?.close();
    this.ips.release(module.privateIp);
    this.log.info({ moduleId }, 'module unloaded');
  }

  private getLoaded(moduleId: string): LoadedModule {
    const idProblem = explainInvalidId('module', moduleId);
    if (idProblem) throw invalidArgument(idProblem);
    const module = this.modules.get(moduleId);
    if (!module) throw notFound(`No module with ID '${moduleId}' is loaded in this enclave`);
    if (module.state === 'unloading') throw notFound(`Module ${quote(moduleId)} is being unloaded`);
    if (module.state !== 'loaded') throw failedPrecondition(`Module ${quote(moduleId)} is still loading`);
    return module;
  }

  private info(module: LoadedModule): apiContainerApi.GetModuleInfoResponse {
    const tcp = apiContainerApi.Port_Protocol.TCP;
    return {
      privateIpAddr: module.privateIp,
      privatePort: { number: MODULE_PORT, protocol: tcp },
      publicIpAddr: '127.0.0.1',
      publicPort: module.publicPort ? { number: module.publicPort, protocol: tcp } : undefined,
    };
  }

  /** The module launch contract of wire-protocol.md §1, exactly these five keys. */
  private serializedArgs(serializedCustomParams: string): string {
    return JSON.stringify({
      enclaveId: this.options.enclave.id,
      listenPortNum: MODULE_PORT,
      apiContainerSocket: this.options.apiContainerSocket,
      serializedCustomParams,
      enclaveDataDirMountpoint: ENCLAVE_DATA_DIR_MOUNTPOINT,
    });
  }

  /** IsAvailable within the timeout, or an error carrying the module's last log lines. */
  private async waitUntilAvailable(moduleId: string, containerId: string, ip: string): Promise<ModuleClient> {
    const address = `${ip}:${MODULE_PORT}`;
    const client = ModuleClient.connect(address);
    const timeoutMs = this.options.availabilityTimeoutMs;
    // The exit wait is a long-poll on Docker: it ends with the load either way.
    const loadDone = new AbortController();
    const exited = this.backend.waitForExit(containerId, loadDone.signal).then(
      (code) => ({ exitCode: code }),
      (err: unknown) => (loadDone.signal.aborted ? new Promise<never>(() => undefined) : { exitCode: isBackendError(err, 'not-found') ? -1 : -2 }),
    );
    const available = client.waitUntilAvailable(address, Date.now() + timeoutMs).then(
      () => ({ available: true as const }),
      (err: unknown) => ({ available: false as const, err }),
    );
    const outcome = await Promise.race([available, exited]).finally(() => loadDone.abort());
    if ('available' in outcome && outcome.available) return client;
    client.close();
    const logs = await this.backend.getLastLogLines(containerId, LOG_LINES_IN_ERRORS).then(logExcerpt, () => '(its logs could not be read)');
    if ('exitCode' in outcome) {
      throw failedPrecondition(`Module '${moduleId}' exited with code ${outcome.exitCode} before answering IsAvailable; its last log lines:\n${logs}`);
    }
    throw deadlineExceeded(`Module '${moduleId}' did not answer IsAvailable within ${timeoutMs} ms; its last log lines:\n${logs}`);
  }
}
