export { KurtosisEngineContainer, engineLabels } from './kurtosis-engine-container';
export { StartedKurtosisEngineContainer } from './started-kurtosis-engine-container';
export { ModuleUnderTest } from './module-under-test';
export type { EnclaveDestroyer } from './module-under-test';
export { withModuleInEnclave } from './with-module-in-enclave';
export { idFromImage, serializeParams, uniqueEnclaveId } from './load-module-options';
export type { LoadModuleOptions } from './load-module-options';
export { DEFAULT_ENGINE_IMAGE, KURTOSIS_TESTING_VERSION } from './version';
