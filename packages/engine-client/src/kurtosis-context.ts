// The engine, from the host: create, list, stop and destroy enclaves.
import { credentials } from '@grpc/grpc-js';
import { engineApi, ENGINE_PORT } from '@kurtosis-ts/protos';
import { EnclaveContext } from './enclave-context';
import { KurtosisError, StatusCode } from './kurtosis-error';
import { unaryCall } from './unary-call';
import { assertEngineVersionCompatible } from './version-compatibility';
import { CLIENT_VERSION } from './version';

const QUICK_CALL_MS = 60_000;

export class KurtosisContext {
  private constructor(
    private readonly client: engineApi.EngineServiceClient,
    readonly engineVersion: string,
  ) {}

  /** The engine on this machine: 127.0.0.1:9710. */
  static newKurtosisContextFromLocalEngine(): Promise<KurtosisContext> {
    return KurtosisContext.connect(`127.0.0.1:${ENGINE_PORT}`);
  }

  /** The engine at host:port; refuses one whose major.minor differs from this client's. */
  static async connect(address: string, options: { timeoutMs?: number } = {}): Promise<KurtosisContext> {
    const client = new engineApi.EngineServiceClient(address, credentials.createInsecure());
    try {
      const { engineVersion } = await unaryCall(client, client.getEngineInfo, {}, `Connecting to the engine at ${address} (is it running? \`kurtosis engine start\`)`, {
        timeoutMs: options.timeoutMs ?? 10_000,
      });
      assertEngineVersionCompatible(CLIENT_VERSION, engineVersion);
      return new KurtosisContext(client, engineVersion);
    } catch (err) {
      client.close();
      throw err;
    }
  }

  close(): void {
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
    return EnclaveContext.connect(enclaveId, `${host.ipOnHostMachine}:${host.portOnHostMachine}`);
  }
}
