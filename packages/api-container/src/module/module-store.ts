// The enclave's loaded modules: LoadModule starts a module container with the launch contract and
// waits for IsAvailable; a module then stays loaded, keeping its in-memory state, until UnloadModule.
// Executes of different modules run concurrently: nothing here serialises them.
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
} from '@kurtosis-ts/protos';
import type { Logger } from 'pino';
import type { FreeIpTracker } from '@kurtosis-ts/container-backend';
import { ModuleClient, moduleExecutionError } from './module-client';

export const SERIALIZED_ARGS_ENV_VAR = 'SERIALIZED_ARGS';
const LOG_LINES_IN_ERRORS = 20;

interface LoadedModule {
  moduleId: string;
  state: 'loading' | 'loaded';
  privateIp: string;
  containerId?: string;
  publicPort?: number;
  client?: ModuleClient;
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
    // After an API container restart, running module containers are loaded modules again.
    for (const m of existing.filter((c) => c.status === 'running')) {
      this.ips.markTaken(m.privateIp);
      this.modules.set(m.moduleId, {
        moduleId: m.moduleId,
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
    if (image === '' || /\s/.test(image)) throw invalidArgument(`container_image '${args.containerImage}' is not an image reference`);
    if (args.serializedParams.trim() === '') {
      throw invalidArgument(`serialized_params of module '${args.moduleId}' must not be empty (send '{}' for no params)`);
    }
    if (this.modules.has(args.moduleId)) throw alreadyExists(`Module '${args.moduleId}' is already loaded`);

    const record: LoadedModule = { moduleId: args.moduleId, state: 'loading', privateIp: this.ips.takeFreeIp() };
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
    try {
      return { serializedResult: await (module.client as ModuleClient).execute(args.serializedParams, signal) };
    } catch (err) {
      throw moduleExecutionError(args.moduleId, err);
    }
  }

  getInfo(moduleId: string): apiContainerApi.GetModuleInfoResponse {
    return this.info(this.getLoaded(moduleId));
  }

  moduleIds(): string[] {
    return [...this.modules.values()].filter((m) => m.state === 'loaded').map((m) => m.moduleId);
  }

  async unload(moduleId: string): Promise<void> {
    const module = this.getLoaded(moduleId);
    this.modules.delete(moduleId);
    module.client?.close();
    await this.backend.destroyModule(module.containerId as string);
    this.ips.release(module.privateIp);
    this.log.info({ moduleId }, 'module unloaded');
  }

  private getLoaded(moduleId: string): LoadedModule {
    const idProblem = explainInvalidId('module', moduleId);
    if (idProblem) throw invalidArgument(idProblem);
    const module = this.modules.get(moduleId);
    if (!module) throw notFound(`No module with ID '${moduleId}' is loaded in this enclave`);
    if (module.state !== 'loaded') throw failedPrecondition(`Module '${moduleId}' is still loading`);
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
    const exited = this.backend.waitForExit(containerId).then(
      (code) => ({ exitCode: code }),
      (err: unknown) => ({ exitCode: isBackendError(err, 'not-found') ? -1 : -2 }),
    );
    const available = client.waitUntilAvailable(address, Date.now() + timeoutMs).then(
      () => ({ available: true as const }),
      (err: unknown) => ({ available: false as const, err }),
    );
    const outcome = await Promise.race([available, exited]);
    if ('available' in outcome && outcome.available) return client;
    client.close();
    const logs = await this.backend.getLastLogLines(containerId, LOG_LINES_IN_ERRORS).catch(() => '(its logs could not be read)');
    if ('exitCode' in outcome) {
      throw failedPrecondition(`Module '${moduleId}' exited with code ${outcome.exitCode} before answering IsAvailable; its last log lines:\n${logs}`);
    }
    throw deadlineExceeded(`Module '${moduleId}' did not answer IsAvailable within ${timeoutMs} ms; its last log lines:\n${logs}`);
  }
}
