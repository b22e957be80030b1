// What the parties agree on without being told: ports, and how the engine launches an API container.

/** The engine's EngineService, published on the host's loopback. */
export const ENGINE_PORT = 9710;

/** An enclave's ApiContainerService, inside the enclave network. */
export const API_CONTAINER_PORT = 7443;

/** A module's ExecutableModuleService (the listenPortNum of SERIALIZED_ARGS). */
export const MODULE_PORT = 1111;

/** The example datastore's DatastoreService. */
export const DATASTORE_PORT = 1323;

/** Where every enclave container that wants it sees the enclave data volume. */
export const ENCLAVE_DATA_DIR_MOUNTPOINT = '/kurtosis-enclave-data';

/**
 * Where the API container keeps what no service or module may touch: its state file and the files
 * artifacts it downloads. A volume of its own that only the API container mounts (expanders read it,
 * read-only), unlike the enclave data volume, which every service and module may mount and write.
 */
export const API_CONTAINER_STATE_DIRPATH = '/kurtosis-api-container-state';

/**
 * The engine configures an API container through this one environment variable, a JSON
 * ApiContainerArgs. (Our own contract: only our engine starts our API containers.)
 */
export const API_CONTAINER_ARGS_ENV_VAR = 'KURTOSIS_API_CONTAINER_ARGS';

export interface ApiContainerArgs {
  enclaveId: string;
  /** The API container's own IP inside the enclave network. */
  ownIpAddress: string;
  listenPort: number;
  isPartitioningEnabled: boolean;
  logLevel: string;
  version: string;
}

/**
 * Printed by a server once it answers on its port: the engine and the CLI follow the container's
 * output for it instead of polling a port they may not be allowed to reach.
 */
export const SERVER_READY_MARKER = 'KURTOSIS_SERVER_READY';
