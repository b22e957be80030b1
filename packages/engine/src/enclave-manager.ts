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
  quote,
  SERVER_READY_MARKER,
} from '@kurtosis-ts/protos';
import type { ApiContainerArgs, engineApi } from '@kurtosis-ts/protos';
import type { Logger } from 'pino';
import { parseCreateEnclaveArgs } from './create-enclave-request';
import { DeliberateStops } from './deliberate-stops';
import { toEnclaveInfo } from './enclave-info';
import type { EngineConfig } from './engine-config';

export class EnclaveManager {
  /** IDs being created right now: a second create of one is ALREADY_EXISTS, Clean leaves them be. */
  private readonly creating = new Set<string>();

  constructor(
    private readonly backend: KurtosisBackend,
    private readonly config: EngineConfig,
    private readonly log: Logger,
    /** Shared with the supervisor, which must not undo what this engine stops on purpose. */
    readonly deliberateStops = new DeliberateStops(),
  ) {}

  /** This engine is creating, stopping or removing the enclave: the supervisor leaves it be. */
  isBusy(enclaveId: string): boolean {
    return this.creating.has(enclaveId) || this.deliberateStops.has(enclaveId);
  }

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
      // The creator's ID lets a later engine tell a dead engine's half-made enclave from a create in flight.
      const enclave = await this.backend.createEnclave(enclaveId, {
        isPartitioningEnabled: request.isPartitioningEnabled,
        creatorEngineId: this.config.engineId,
      });
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
        this.deliberateStops.mark(enclaveId);
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
    if (!enclave) throw notFound(`No enclave with ID ${quote(enclaveId)} exists`);
    const [containers, apiContainers] = await Promise.all([
      this.backend.getEnclaveContainers(enclaveId),
      this.backend.getApiContainers([enclaveId]),
    ]);
    return toEnclaveInfo(enclave, containers, apiContainers[0]);
  }

  async stopEnclave(enclaveId: string): Promise<void> {
    await this.requireEnclave(enclaveId);
    this.deliberateStops.mark(enclaveId);
    // The API container goes first, with time to finish its calls and exit 0 (so no later engine
    // mistakes this stop for a kill), and before it could react to its services' deaths. (The
    // backend's service stop is a plain stop with a timeout; the enclave stop's own timeout is shorter.)
    const [api] = await this.backend.getApiContainers([enclaveId]);
    if (api && api.status !== 'stopped') await this.backend.stopUserService(api.containerId, this.config.apiContainerStopTimeoutSeconds);
    await this.backend.stopEnclave(enclaveId);
    this.log.info({ enclaveId }, 'enclave stopped');
  }

  async destroyEnclave(enclaveId: string): Promise<void> {
    await this.requireEnclave(enclaveId);
    this.deliberateStops.mark(enclaveId);
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
    for (const id of victims) this.deliberateStops.mark(id);
    await Promise.all(victims.map((id) => this.backend.destroyEnclave(id)));
    this.log.info({ removed: victims, shouldCleanAll }, 'clean finished');
    return victims;
  }

  private async requireEnclave(enclaveId: string): Promise<void> {
    if ((await this.backend.getEnclaves([enclaveId])).length === 0) {
      throw notFound(`No enclave with ID ${quote(enclaveId)} exists`);
    }
  }
}
