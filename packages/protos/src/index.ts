// One entry point for the whole wire protocol. Each proto package is a namespace, named after it,
// so message names that recur across packages never collide.
export * as moduleApi from './generated/module_api/executable_module_service';
export * as apiContainerApi from './generated/api_container_api/api_container_service';
export * as engineApi from './generated/engine_api/engine_service';
export * as datastoreApi from './generated/datastore_api/datastore_service';
export * as serviceLifecycleApi from './generated/kurtosis_ts/service_lifecycle/v1/service_lifecycle_service';
export * as engineSessionsApi from './generated/kurtosis_ts/engine_sessions/v1/engine_session_service';
export * as enclaveViewApi from './generated/kurtosis_ts/enclave_view/v1/enclave_view_service';
export * as serviceConfigApi from './generated/kurtosis_ts/service_config/v1/service_config_service';
export { Empty } from './generated/google/protobuf/empty';
export * as legacyModuleApi from './legacy-module-api';
export * from './launch-contract';
export * from './engine-version';
export * from './grpc/status-error';
export { serveUnary } from './grpc/serve-unary';
export { answeringUndecodableRequests } from './grpc/undecodable-request';
export { toStatusError } from './grpc/to-status-error';
export { bindInsecure, exitOnSignals } from './grpc/server-lifecycle';
export type { ToStatusError } from './grpc/serve-unary';
export { quote, boundMessage, MAX_QUOTED_CHARS, MAX_STATUS_MESSAGE_BYTES } from './grpc/bounded-text';
