// The ports every party of the protocol agrees on without being told.

/** The engine's EngineService, published on the host's loopback. */
export const ENGINE_PORT = 9710;

/** An enclave's ApiContainerService, inside the enclave network. */
export const API_CONTAINER_PORT = 7443;

/** A module's ExecutableModuleService (the listenPortNum of SERIALIZED_ARGS). */
export const MODULE_PORT = 1111;

/** The example datastore's DatastoreService. */
export const DATASTORE_PORT = 1323;
