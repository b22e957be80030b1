export { KurtosisContext } from './kurtosis-context';
export { EnclaveContext } from './enclave-context';
export type { ContainerConfigSupplier, SharedDirectory } from './enclave-context';
export type { ModuleRuntimeStatus, ModuleStatus, ServiceRuntimeStatus, ServiceStatus } from './runtime-status';
export type { ApiContainerLocation, ApiContainerLocator } from './api-container-connection';
export { ServiceContext } from './service-context';
export type { ExecResult, SeparateOutputExecResult } from './service-context';
export { EngineSession } from './engine-session';
export type { EngineSessionOptions } from './engine-session';
export { LOCAL_ENGINE_ADDRESS, LOCAL_ENGINE_HOST, SESSION_METADATA_KEY } from './kurtosis-context';
export type { EnclaveOverview, LogLine, LogRequest, ModuleOverview, PartitionConnectionOverview, ServiceOverview, ServicePortOverview } from './enclave-overview';
export { ModuleContext } from './module-context';
export type { ReplacedService, ServiceConfiguration, ServiceConfigurationInfo } from './service-configuration';
export { ContainerConfigBuilder } from './container-config';
export type { ContainerConfig } from './container-config';
export { PortSpec, PortProtocol } from './port-spec';
export {
  BlockedPartitionConnection,
  SoftPartitionConnection,
  UnblockedPartitionConnection,
} from './partition-connection';
export type { PartitionConnection } from './partition-connection';
export { KurtosisError, StatusCode, toKurtosisError } from './kurtosis-error';
export { assertEngineVersionCompatible, readEngineVersion } from './version-compatibility';
export type { EngineVersionInfo } from './version-compatibility';
export { CLIENT_VERSION } from './version';
// What a host-side tool needs of the protocol without depending on it directly.
export { engineApi, ENGINE_PORT, SERVER_READY_MARKER } from '@kurtosis-ts/protos';
