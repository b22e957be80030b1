// The engine, from the host: create, list, stop and destroy enclaves.
import { credentials } from '@grpc/grpc-js';
import { engineApi, ENGINE_PORT } from '@kurtosis-ts/protos';
import type { ApiContainerLocation, ApiContainerLocator } from './api-container-connection';
import { EnclaveContext } from './enclave-context';
import { KurtosisError, StatusCode } from './kurtosis-error';
import { unaryCall } from './unary-call';
import { assertEngineVersionCompatible, readEngineVersion } from './version-compatibility';
import type { EngineVersionInfo } from './version-compatibility';
import { CLIENT_VERSION } from './version';

const QUICK_CALL_MS = 60_000;

/** Where the original clients find the engine of their own machine: its port, published on loopback. */
export const LOCAL_ENGINE_HOST = '127.0.0.1';
export const LOCAL_ENGINE_ADDRESS = `${LOCAL_ENGINE_HOST}:${ENGINE_PORT}`;
/** The gRPC metadata key that ties a CreateEnclave to an engine session (kurtosis_ts.engine_sessions.v1). */
export const SESSION_METADATA_KEY = 'kurtosis-ts-session-id';

export class KurtosisContext {
  private closed = false;

  private constructor(
    private readonly client: engineApi.EngineServiceClient,
    /** What the engine says of its versions: engine API, and kurtosis-ts's own when it is ours. */
    readonly engineVersionInfo: EngineVersionInfo,
    /** The engine session (EngineSession) the enclaves it creates belong to; "" for none. */
    private readonly sessionId = '',
    /** host:port of the engine. */
    readonly engineAddress = '',
  ) {}

  /** The engine's version: kurtosis-ts's own for our engine (e.g. "0.1.0"), else what it reports. */
  get engineVersion(): string {
    return this.engineVersionInfo.implementationVersion ?? this.engineVersionInfo.reported;
  }

  /** The engine API version the engine implements, e.g. "1.8.3". */
  get engineApiVersion(): string {
    return this.engineVersionInfo.apiVersion;
  }

  /** What the engine at host:port reports of its versions, without refusing any (`kurtosis version`). */
  static async readEngineVersion(address: string, options: { timeoutMs?: number } = {}): Promise<EngineVersionInfo> {
    const client = new engineApi.EngineServiceClient(address, credentials.createInsecure());
    try {
      const { engineVersion } = await unaryCall(client, client.getEngineInfo, {}, `Asking the engine at ${address} for its version`, {
        timeoutMs: options.timeoutMs ?? 10_000,
      });
      return readEngineVersion(engineVersion);
    } finally {
      client.close();
    }
  }

  /** The engine on this machine: LOCAL_ENGINE_ADDRESS. */
  static newKurtosisContextFromLocalEngine(): Promise<KurtosisContext> {
    return KurtosisContext.connect(LOCAL_ENGINE_ADDRESS);
  }

  /**
   * The engine at host:port; refuses one whose kurtosis-ts major.minor differs from this client's, or
   * that implements another engine API than 1.8 (an original engine of 1.8.x is fine).
   */
  static async connect(address: string, options: { timeoutMs?: number; sessionId?: string } = {}): Promise<KurtosisContext> {
    const client = new engineApi.EngineServiceClient(address, credentials.createInsecure());
    try {
      const { engineVersion } = await unaryCall(client, client.getEngineInfo, {}, `Connecting to the engine at ${address} (is it running? \`kurtosis engine start\`)`, {
        timeoutMs: options.timeoutMs ?? 10_000,
      });
      return new KurtosisContext(client, assertEngineVersionCompatible(CLIENT_VERSION, engineVersion), options.sessionId ?? '', address);
    } catch (err) {
      client.close();
      throw err;
    }
  }

  /** Enclave contexts obtained from it can no longer find a restarted API container afterwards. */
  close(): void {
    this.closed = true;
    this.client.close();
  }

  async createEnclave(enclaveId: string, isPartitioningEnabled = false, options: { apiContainerLogLevel?: string; apiContainerVersionTag?: string } = {}): Promise<EnclaveContext> {
    const { enclaveInfo } = await unaryCall(
      this.client,
      this.client.createEnclave,
      engineApi.CreateEnclaveArgs.fromPartial({
        enclaveId,
        isPartitioningEnabled,
        apiContainerLogLevel: options.apiContainerLogLevel ?? '',
        apiContainerVersionTag: options.apiContainerVersionTag ?? '',
      }),
      `Creating enclave '${enclaveId}'`,
      this.sessionId ? { metadata: { [SESSION_METADATA_KEY]: this.sessionId } } : {},
    );
    return this.enclaveContextOf(enclaveId, enclaveInfo);
  }

  async getEnclaveContext(enclaveId: string): Promise<EnclaveContext> {
    const infos = await this.getEnclaveInfos();
    const info = infos.get(enclaveId);
    if (!info) throw new KurtosisError(StatusCode.NOT_FOUND, `Getting enclave '${enclaveId}': no such enclave exists`);
    return this.enclaveContextOf(enclaveId, info);
  }

  async getEnclaves(): Promise<Set<string>> {
    return new Set((await this.getEnclaveInfos()).keys());
  }

  async getEnclaveInfos(): Promise<Map<string, engineApi.EnclaveInfo>> {
    const response = await unaryCall(this.client, this.client.getEnclaves, {}, 'Listing enclaves', { timeoutMs: QUICK_CALL_MS });
    return new Map(Object.entries(response.enclaveInfo));
  }

  async stopEnclave(enclaveId: string): Promise<void> {
    await unaryCall(this.client, this.client.stopEnclave, { enclaveId }, `Stopping enclave '${enclaveId}'`);
  }

  async destroyEnclave(enclaveId: string): Promise<void> {
    await unaryCall(this.client, this.client.destroyEnclave, { enclaveId }, `Destroying enclave '${enclaveId}'`);
  }

  /** Destroys stopped enclaves (all with shouldCleanAll); returns the IDs removed. */
  async clean(shouldCleanAll = false): Promise<Set<string>> {
    const response = await unaryCall(this.client, this.client.clean, { shouldCleanAll }, 'Cleaning enclaves');
    return new Set(Object.keys(response.removedEnclaveIds));
  }

  private enclaveContextOf(enclaveId: string, info: engineApi.EnclaveInfo | undefined): EnclaveContext {
    const host = info?.apiContainerHostMachineInfo;
    if (!host) {
      throw new KurtosisError(StatusCode.FAILED_PRECONDITION, `Enclave '${enclaveId}' has no running API container; is it stopped?`);
    }
    return EnclaveContext.connect(enclaveId, `${host.ipOnHostMachine}:${host.portOnHostMachine}`, { locator: this.apiContainerLocator(enclaveId) });
  }

  /** Where the engine says the enclave's API container answers now; rejects once it never will. */
  private apiContainerLocator(enclaveId: string): ApiContainerLocator {
    return async (): Promise<ApiContainerLocation> => {
      if (this.closed) throw new KurtosisError(StatusCode.FAILED_PRECONDITION, 'the KurtosisContext it came from is closed, so the engine cannot be asked');
      let info: engineApi.EnclaveInfo | undefined;
      try {
        info = (await this.getEnclaveInfos()).get(enclaveId);
      } catch (err) {
        // The engine may be restarting too; it is asked again until the deadline.
        return { waiting: `the engine did not answer (${(err as Error).message})` };
      }
      if (!info) throw new KurtosisError(StatusCode.NOT_FOUND, `enclave '${enclaveId}' no longer exists`);
      const host = info.apiContainerHostMachineInfo;
      if (info.apiContainerStatus !== engineApi.EnclaveAPIContainerStatus.EnclaveAPIContainerStatus_RUNNING || !host) {
        const status = engineApi.enclaveAPIContainerStatusToJSON(info.apiContainerStatus).replace('EnclaveAPIContainerStatus_', '');
        return { waiting: `the engine reports its API container as ${status}` };
      }
      return { address: `${host.ipOnHostMachine}:${host.portOnHostMachine}` };
    };
  }
}
