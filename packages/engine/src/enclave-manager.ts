// Creates, lists, stops and destroys enclaves. Holds no state of its own beyond the creates in
// flight: every answer is read back from Docker, so an engine restart loses nothing.
import { FreeIpTracker } from '@kurtosis-ts/container-backend';
import type { KurtosisBackend } from '@kurtosis-ts/container-backend';
import {
  alreadyExists,
  API_CONTAINER_ARGS_ENV_VAR,
  API_CONTAINER_PORT,
  API_CONTAINER_STATE_DIRPATH,
  ENCLAVE_DATA_DIR_MOUNTPOINT,
  notFound,
  SERVER_READY_MARKER,
} from '@kurtosis-ts/protos';
import type { ApiContainerArgs, engineApi } from '@kurtosis-ts/protos';
import type { Logger } from 'pino';
import { parseCreateEnclaveArgs } from './create-enclave-request';
import { toEnclaveInfo } from './enclave-info';
import type { EngineConfig } from './engine-config';

export class EnclaveManager {
  /** IDs being created right now: a second create of one is ALREADY_EXISTS, Clean leaves them be. */
  private readonly creating = new Set<string>();

  constructor(
    private readonly backend: KurtosisBackend,
    private readonly config: EngineConfig,
    private readonly log: Logger,
  ) {}

  async createEnclave(args: engineApi.CreateEnclaveArgs): Promise<engineApi.EnclaveInfo> {
    const request = parseCreateEnclaveArgs(args, this.config.version);
    const { enclaveId } = request;
    if (this.creating.has(enclaveId) || (await this.backend.getEnclaves([enclaveId])).length > 0) {
      throw alreadyExists(`Enclave '${enclaveId}' already exists`);
    }
    this.creating.add(enclaveId);
    try {
      const image = `${this.config.apiContainerImageRepository}:${request.apiContainerVersionTag}`;
      // Checked first, so a bad version tag costs no network and no volume.
      await this.backend.ensureImage(image);
      const enclave = await this.backend.createEnclave(enclaveId, { isPartitioningEnabled: request.isPartitioningEnabled });
      try {
        const ip = new FreeIpTracker(enclave.subnet).apiContainerIp;
        const apiArgs: ApiContainerArgs = {
          enclaveId,
          ownIpAddress: ip,
          listenPort: API_CONTAINER_PORT,
          isPartitioningEnabled: request.isPartitioningEnabled,
          logLevel: request.logLevel,
          version: request.apiContainerVersionTag,
        };
        const apiContainer = await this.backend.createApiContainer(enclave, {
          image,
          ip,
          port: API_CONTAINER_PORT,
          env: { [API_CONTAINER_ARGS_ENV_VAR]: JSON.stringify(apiArgs) },
          dataDirMountpoint: ENCLAVE_DATA_DIR_MOUNTPOINT,
          stateDirMountpoint: API_CONTAINER_STATE_DIRPATH,
        });
        await this.backend.waitForOutput(apiContainer.containerId, SERVER_READY_MARKER, this.config.apiContainerReadyTimeoutMs);
        this.log.info({ enclaveId, subnet: enclave.subnet }, 'enclave created');
        return await this.getEnclaveInfo(enclaveId);
      } catch (err) {
        this.log.warn({ enclaveId, err }, 'enclave creation failed; rolling back');
        await this.backend.destroyEnclave(enclaveId).catch((rollbackErr: unknown) =>
          this.log.error({ enclaveId, err: rollbackErr }, 'rolling back a failed enclave creation failed'),
        );
        throw err;
      }
    } finally {
      this.creating.delete(enclaveId);
    }
  }

  async getEnclaves(): Promise<Record<string, engineApi.EnclaveInfo>> {
    const [enclaves, containers, apiContainers] = await Promise.all([
      this.backend.getEnclaves(),
      this.backend.getEnclaveContainers(),
      this.backend.getApiContainers(),
    ]);
    const infos: Record<string, engineApi.EnclaveInfo> = {};
    for (const enclave of enclaves) {
      infos[enclave.id] = toEnclaveInfo(
        enclave,
        containers.filter((c) => c.enclaveId === enclave.id),
        apiContainers.find((a) => a.enclaveId === enclave.id),
      );
    }
    return infos;
  }

  async getEnclaveInfo(enclaveId: string): Promise<engineApi.EnclaveInfo> {
    const [enclave] = await this.backend.getEnclaves([enclaveId]);
    if (!enclave) throw notFound(`No enclave with ID '${enclaveId}' exists`);
    const [containers, apiContainers] = await Promise.all([
      this.backend.getEnclaveContainers(enclaveId),
      this.backend.getApiContainers([enclaveId]),
    ]);
    return toEnclaveInfo(enclave, containers, apiContainers[0]);
  }

  async stopEnclave(enclaveId: string): Promise<void> {
    await this.requireEnclave(enclaveId);
    await this.backend.stopEnclave(enclaveId);
    this.log.info({ enclaveId }, 'enclave stopped');
  }

  async destroyEnclave(enclaveId: string): Promise<void> {
    await this.requireEnclave(enclaveId);
    await this.backend.destroyEnclave(enclaveId);
    this.log.info({ enclaveId }, 'enclave destroyed');
  }

  /** Destroys every enclave with nothing running (every enclave with shouldCleanAll); returns their IDs. */
  async clean(shouldCleanAll: boolean): Promise<string[]> {
    const infos = await this.getEnclaves();
    const victims = Object.values(infos)
      .filter((info) => !this.creating.has(info.enclaveId))
      .filter((info) => shouldCleanAll || info.containersStatus !== 1 /* RUNNING */)
      .map((info) => info.enclaveId);
    await Promise.all(victims.map((id) => this.backend.destroyEnclave(id)));
    this.log.info({ removed: victims, shouldCleanAll }, 'clean finished');
    return victims;
  }

  private async requireEnclave(enclaveId: string): Promise<void> {
    if ((await this.backend.getEnclaves([enclaveId])).length === 0) {
      throw notFound(`No enclave with ID '${enclaveId}' exists`);
    }
  }
}
