// @kurtosis-ts/container-backend: the interfaces of the container platform (backend/), split by
// who asks, and their Docker implementation (docker/). The in-memory implementation is
// `@kurtosis-ts/container-backend/testing`.
export type * from './backend/objects';
export { MAX_OUTPUT_LINE_CHARS } from './backend/objects';
export { MAX_EXEC_OUTPUT_CHARS } from './backend/exec-output';
export { dumpEnclaveObjects } from './backend/object-dump';
export type * from './backend/configs';
export type * from './backend/images';
export { PULL_POLICIES } from './backend/images';
export type { ObjectRuntime } from './backend/object-runtime';
export type { EngineBackend } from './backend/engine-backend';
export type { EnclaveBackend, RestoredAddresses } from './backend/enclave-backend';
export type { PartitionSupport } from './backend/partition-support';
export type { OperatorBackend } from './backend/operator-backend';
export type { KurtosisBackend } from './backend/kurtosis-backend';
export { DockerKurtosisBackend } from './docker/docker-kurtosis-backend';
export type { DockerBackendOptions } from './docker/docker-context';
export { explainInvalidMountTarget } from './docker/container-specs';
export { dataVolumeName, dockerNameStartingWith, stateVolumeName } from './docker/docker-names';
