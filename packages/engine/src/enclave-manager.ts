// Creates, lists, stops and destroys enclaves. Holds no state of its own beyond the creates in
// flight: every answer is read back from the backend, so an engine restart loses nothing.
import { alreadyExists, asValidId, notFound, precondition, quoteValue } from '@kurtosis-ts/domain';
import type { EnclaveId } from '@kurtosis-ts/domain';
import type { EngineBackend } from '@kurtosis-ts/container-backend';
import { API_CONTAINER_ARGS_ENV_VAR, API_CONTAINER_PORT, API_CONTAINER_STATE_DIRPATH, ENCLAVE_DATA_DIR_MOUNTPOINT, SERVER_READY_MARKER } from '@kurtosis-ts/protos';
import type { ApiContainerArgs, engineApi } from '@kurtosis-ts/protos';
import type { Logger } from 'pino';
import { parseCreateEnclaveArgs } from './create-enclave-request';
import { DeliberateStops } from './deliberate-stops';
import { toEnclaveInfo } from './enclave-info';
import type { EngineConfig } from './engine-config';

export interface EnclaveManagerOptions {
  backend: EngineBackend;
  config: Pick<EngineConfig, 'version' | 'apiContainerImageRepository' | 'apiContainerReadyTimeoutMs' | 'apiContainerStopTimeoutSeconds' | 'engineGuid'> &
    Partial<Pick<EngineConfig, 'apiContainerImageEnv'>>;
  log: Logger;
  /** Shared with the supervisor, which must not undo what this engine stops on purpose. */
  deliberateStops?: DeliberateStops;
}

export class EnclaveManager {
  /** IDs being created right now: a second create of one is ALREADY_EXISTS, Clean leaves them be. */
  private readonly creating = new Set<string>();
  private readonly backend: EngineBackend;
  private readonly config: EnclaveManagerOptions['config'];
  private readonly log: Logger;
  readonly deliberateStops: DeliberateStops;

  constructor(options: EnclaveManagerOptions) {
    this.backend = options.backend;
    this.config = options.config;
    this.log = options.log;
    this.deliberateStops = options.deliberateStops ?? new DeliberateStops();
  }

  /** This engine is creating, stopping or removing the enclave: the supervisor leaves it be. */
  isBusy(enclaveId: string): boolean {
    return this.creating.has(enclaveId) || this.deliberateStops.has(enclaveId);
  }

  async createEnclave(args: engineApi.CreateEnclaveArgs): Promise<engineApi.EnclaveInfo> {
    const request = parseCreateEnclaveArgs(args, this.config.version, (id) => this.backend.explainUnusableEnclaveId(id));
    const { enclaveId } = request;
    if (request.isPartitioningEnabled && !this.backend.supportsPartitioning) {
      throw precondition(`Enclave '${enclaveId}' cannot be created with partitioning: this engine's container platform cannot partition networks`);
    }
    if (this.creating.has(enclaveId) || (await this.backend.getEnclaves([enclaveId])).length > 0) {
      throw alreadyExists(`Enclave '${enclaveId}' already exists`);
    }
    this.creating.add(enclaveId);
    try {
      const image = `${this.config.apiContainerImageRepository}:${request.apiContainerVersionTag}`;
      // Checked first, so a bad version tag costs no network and no volume.
      await this.backend.ensureImage(image);
      // The creator's guid lets a later engine tell a dead engine's half-made enclave from a create in flight.
      const enclave = await this.backend.createEnclave(enclaveId, {
        isPartitioningEnabled: request.isPartitioningEnabled,
        creatorEngineGuid: this.config.engineGuid,
      });
      try {
        await this.backend.createApiContainer(enclaveId, {
          image,
          port: API_CONTAINER_PORT,
          // The backend picks the API container's address; the container learns it from its arguments.
          env: ({ privateIp }) => {
            const apiArgs: ApiContainerArgs = {
              enclaveId,
              ownIpAddress: privateIp,
              listenPort: API_CONTAINER_PORT,
              isPartitioningEnabled: request.isPartitioningEnabled,
              logLevel: request.logLevel,
              version: request.apiContainerVersionTag,
            };
            return { ...(this.config.apiContainerImageEnv ?? {}), [API_CONTAINER_ARGS_ENV_VAR]: JSON.stringify(apiArgs) };
          },
          dataDirMountpoint: ENCLAVE_DATA_DIR_MOUNTPOINT,
          stateDirMountpoint: API_CONTAINER_STATE_DIRPATH,
        });
        await this.backend.waitForOutput({ kind: 'api-container', enclaveId }, SERVER_READY_MARKER, this.config.apiContainerReadyTimeoutMs);
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
    const [enclaves, objects, apiContainers] = await Promise.all([
      this.backend.getEnclaves(),
      this.backend.getEnclaveObjects(),
      this.backend.getApiContainers(),
    ]);
    const infos: Record<string, engineApi.EnclaveInfo> = {};
    for (const enclave of enclaves) {
      infos[enclave.id] = toEnclaveInfo(
        enclave,
        objects.filter((o) => o.ref.enclaveId === enclave.id),
        apiContainers.find((a) => a.enclaveId === enclave.id),
      );
    }
    return infos;
  }

  async getEnclaveInfo(rawEnclaveId: string): Promise<engineApi.EnclaveInfo> {
    const enclaveId = asValidId('enclave', rawEnclaveId);
    const [enclave] = enclaveId ? await this.backend.getEnclaves([enclaveId]) : [];
    if (!enclaveId || !enclave) throw notFound(`No enclave with ID ${quoteValue(rawEnclaveId)} exists`);
    const [objects, apiContainers] = await Promise.all([this.backend.getEnclaveObjects(enclaveId), this.backend.getApiContainers([enclaveId])]);
    return toEnclaveInfo(enclave, objects, apiContainers[0]);
  }

  async stopEnclave(rawEnclaveId: string): Promise<void> {
    const enclaveId = await this.requireEnclave(rawEnclaveId);
    this.deliberateStops.mark(enclaveId);
    // The API container goes first, with time to finish its calls and exit 0 (so no later engine
    // mistakes this stop for a kill), and before it could react to its services' deaths. (The
    // enclave stop's own timeout is shorter.)
    const [api] = await this.backend.getApiContainers([enclaveId]);
    if (api && api.status !== 'stopped') await this.backend.stopApiContainer(enclaveId, this.config.apiContainerStopTimeoutSeconds);
    await this.backend.stopEnclave(enclaveId);
    this.log.info({ enclaveId }, 'enclave stopped');
  }

  async destroyEnclave(rawEnclaveId: string): Promise<void> {
    const enclaveId = await this.requireEnclave(rawEnclaveId);
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
      .map((info) => info.enclaveId as EnclaveId);
    for (const id of victims) this.deliberateStops.mark(id);
    await Promise.all(victims.map((id) => this.backend.destroyEnclave(id)));
    this.log.info({ removed: victims, shouldCleanAll }, 'clean finished');
    return victims;
  }

  /** The enclave's ID when it exists; NOT_FOUND otherwise (an invalid ID names no enclave). */
  private async requireEnclave(rawEnclaveId: string): Promise<EnclaveId> {
    const enclaveId = asValidId('enclave', rawEnclaveId);
    if (!enclaveId || (await this.backend.getEnclaves([enclaveId])).length === 0) {
      throw notFound(`No enclave with ID ${quoteValue(rawEnclaveId)} exists`);
    }
    return enclaveId;
  }
}
